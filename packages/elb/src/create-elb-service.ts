import { randomBytes } from 'node:crypto';
import { loadServiceModel } from '@elbow/api-models';
import type { HandlerTable, QueryServiceDefinition } from '@elbow/query-protocol';
import type { Store } from '@elbow/store';
import { createEc2Inventory } from '@elbow/ec2';
import type { Ec2Inventory } from '@elbow/ec2';
import type { ElbOperationName, ElbOperations, SyncHandler, SyncHandlers } from './handler-types.js';
import type { ElbDeps } from './elb-deps.js';
import { createClassicDrainingRepository } from './classic-draining-repository.js';
import type { LiveInstanceHealth } from './instance-health.js';
import { accountLimitQueries } from './account-limits.js';
import { attributeMutations, attributeQueries } from './attribute-handlers.js';
import { instanceMutations, instanceQueries } from './instance-handlers.js';
import { listenerMutations } from './listener-handlers.js';
import { loadBalancerMutations, loadBalancerQueries } from './load-balancer-handlers.js';
import { createClassicLoadBalancerRepository } from './load-balancer-repository.js';
import { policyMutations, policyQueries } from './policy-handlers.js';
import { createClassicPolicyRepository } from './policy-repository.js';
import { tagMutations, tagQueries } from './tag-handlers.js';
import { createClassicTagRepository } from './tag-repository.js';

export interface ElbServiceOptions {
  readonly store: Store;
  /** Overrides the request time for stored timestamps; tests pass a fixed clock. */
  readonly clock?: () => Date;
  /** `length` random lowercase hex characters (DNS name numbers); defaults to node:crypto. */
  readonly randomHex?: (length: number) => string;
  /** The EC2 state classic ELB validates against; defaults to an inventory over the same store. */
  readonly ec2?: Ec2Inventory;
  /**
   * How long a newly registered instance reports "Instance registration is still in progress."
   * before InService when no live health checks watch it; default 0.
   */
  readonly registrationSettleMs?: number;
  /** Live health checks' verdicts per registered instance (issue 6); without it the settle time decides. */
  readonly liveInstanceHealth?: LiveInstanceHealth;
  /** elbow's clock in ms for connection-draining deadlines (`--clock-speed`); defaults to wall time. */
  readonly drainingNowMs?: () => number;
}

function defaultRandomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

/**
 * The classic elb (2012-06-01) API: one handler per operation of the model (STYLE rule 4). Every
 * mutating handler runs in one store transaction, applied here and nowhere else, so a failure
 * anywhere in a call leaves no trace.
 */
export function createElbService(options: ElbServiceOptions): QueryServiceDefinition<ElbOperations> {
  const { store } = options;
  const deps: ElbDeps = {
    loadBalancers: createClassicLoadBalancerRepository(store.db),
    policies: createClassicPolicyRepository(store.db),
    tags: createClassicTagRepository(store.db),
    ec2: options.ec2 ?? createEc2Inventory(store.db),
    clock: options.clock,
    randomHex: options.randomHex ?? defaultRandomHex,
    registrationSettleMs: options.registrationSettleMs ?? 0,
    draining: createClassicDrainingRepository(store.db),
    drainingNowMs: options.drainingNowMs ?? Date.now,
    liveInstanceHealth: options.liveInstanceHealth,
  };
  const mutations = inTransaction(store, {
    ...loadBalancerMutations(deps),
    ...listenerMutations(deps),
    ...instanceMutations(deps),
    ...attributeMutations(deps),
    ...policyMutations(deps),
    ...tagMutations(deps),
  });
  const queries = {
    ...loadBalancerQueries(deps),
    ...instanceQueries(deps),
    ...attributeQueries(deps),
    ...policyQueries(deps),
    ...tagQueries(deps),
    ...accountLimitQueries(),
  };
  const handlers: HandlerTable<ElbOperations> = { ...mutations, ...queries };
  return { bundle: loadServiceModel('elb'), handlers };
}

/** Wraps each handler so its whole body runs in one store transaction (rolled back on any throw). */
function inTransaction<Names extends ElbOperationName>(store: Store, handlers: SyncHandlers<Names>): SyncHandlers<Names> {
  const wrapped: Partial<SyncHandlers<Names>> = {};
  for (const name of Object.keys(handlers) as Names[]) {
    const handler: SyncHandler<Names> = handlers[name];
    const transactional: SyncHandler<Names> = (input, context) => store.transaction(() => handler(input, context));
    wrapped[name] = transactional as SyncHandlers<Names>[typeof name];
  }
  return wrapped as SyncHandlers<Names>;
}
