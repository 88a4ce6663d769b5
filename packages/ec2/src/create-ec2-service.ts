import { loadServiceModel } from '@elbow/api-models';
import type { HandlerTable, QueryServiceDefinition } from '@elbow/query-protocol';
import type { Store } from '@elbow/store';
import { availabilityZoneQueries } from './availability-zone-handlers.js';
import { defaultRandomHex, inventoryOver } from './create-ec2-inventory.js';
import { ensureDefaultNetwork } from './default-network.js';
import { ec2Errors } from './ec2-errors.js';
import type { Ec2HandlerDeps, Ec2OperationName, Ec2Operations, Ec2SyncHandler, Ec2SyncHandlers } from './ec2-handler-types.js';
import type { Ec2Inventory } from './ec2-inventory.js';
import { createEc2Repositories } from './ec2-repositories.js';
import { instanceMutations, instanceQueries } from './instance-handlers.js';
import { securityGroupMutations, securityGroupQueries } from './security-group-handlers.js';
import { subnetMutations, subnetQueries } from './subnet-handlers.js';
import { tagMutations } from './tag-handlers.js';
import { vpcMutations, vpcQueries } from './vpc-handlers.js';

export interface Ec2ServiceOptions {
  readonly store: Store;
  /** Overrides the request time for stored timestamps; tests pass a fixed clock. */
  readonly clock?: () => Date;
  /** `length` random lowercase hex characters, for resource ids; defaults to node:crypto. */
  readonly randomHex?: (length: number) => string;
}

export interface Ec2Service {
  /** The EC2 (2016-11-15) API subset, for the query server. */
  readonly definition: QueryServiceDefinition<Ec2Operations>;
  /** The read side over the same statements, for ELB's validations and the data plane. */
  readonly inventory: Ec2Inventory;
}

/**
 * The EC2 subset elbow serves on its endpoint (issue: "EC2 subset on the same endpoint"): the
 * 14 operations of the pruned model, all built. Every call, Describe* included, runs in one
 * store transaction: a Describe may create the scope's default network on first touch.
 * `DryRun=true` runs the call's checks and then answers DryRunOperation, rolling everything back.
 */
export function createEc2Service(options: Ec2ServiceOptions): Ec2Service {
  const { store } = options;
  const repositories = createEc2Repositories(store.db);
  const randomHex = options.randomHex ?? defaultRandomHex;
  const ensure = (scope: Parameters<Ec2HandlerDeps['ensureDefaultNetwork']>[0]) =>
    ensureDefaultNetwork({ ...repositories, randomHex, atomically: (fn) => store.transaction(fn) }, scope);
  const deps: Ec2HandlerDeps = { ...repositories, randomHex, clock: options.clock, ensureDefaultNetwork: ensure };

  const handlers: HandlerTable<Ec2Operations> = inTransaction(store, {
    ...vpcMutations(deps),
    ...vpcQueries(deps),
    ...subnetMutations(deps),
    ...subnetQueries(deps),
    ...securityGroupMutations(deps),
    ...securityGroupQueries(deps),
    ...availabilityZoneQueries(deps),
    ...instanceMutations(deps),
    ...instanceQueries(deps),
    ...tagMutations(deps),
  });
  return { definition: { bundle: loadServiceModel('ec2'), handlers }, inventory: inventoryOver(repositories, ensure) };
}

/** Each handler in one transaction; DryRun answers DryRunOperation (412) after the checks pass, leaving no trace. */
function inTransaction<Names extends Ec2OperationName>(store: Store, handlers: Ec2SyncHandlers<Names>): Ec2SyncHandlers<Names> {
  const wrapped: Partial<Ec2SyncHandlers<Names>> = {};
  for (const name of Object.keys(handlers) as Names[]) {
    const handler: Ec2SyncHandler<Names> = handlers[name];
    const transactional: Ec2SyncHandler<Names> = (input, context) =>
      store.transaction(() => {
        const output = handler(input, context);
        if ((input as { DryRun?: boolean }).DryRun === true) throw ec2Errors.dryRun();
        return output;
      });
    wrapped[name] = transactional as Ec2SyncHandlers<Names>[typeof name];
  }
  return wrapped as Ec2SyncHandlers<Names>;
}
