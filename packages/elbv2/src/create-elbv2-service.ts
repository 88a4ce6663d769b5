import { randomBytes } from 'node:crypto';
import { loadServiceModel } from '@elbow/api-models';
import type { HandlerTable, QueryServiceDefinition } from '@elbow/query-protocol';
import type { Store } from '@elbow/store';
import type { Elbv2OperationName, Elbv2Operations, SyncHandler, SyncHandlers } from './handler-types.js';
import { createTagRepository } from './tag-repository.js';
import { createTaggableResourceLookup } from './tag-resource-lookup.js';
import { tagMutations, tagQueries } from './tag-handlers.js';
import { targetGroupMutations, targetGroupQueries } from './target-group-handlers.js';
import { createTargetGroupRepository } from './target-group-repository.js';
import { createEc2Inventory } from '@elbow/ec2';
import type { Ec2Inventory } from '@elbow/ec2';
import { createLoadBalancerRepository } from './load-balancer-repository.js';
import { loadBalancerMutations, loadBalancerQueries } from './load-balancer-handlers.js';
import { accountLimitQueries } from './account-limits.js';
import { capacityMutations, capacityQueries } from './capacity-handlers.js';
import { resourcePolicyQueries } from './resource-policy-handlers.js';
import { trustStoreContentPath, trustStoreMutations, trustStoreQueries } from './trust-store-handlers.js';
import type { ReadS3Object } from './trust-store-handlers.js';
import { createTrustStoreRepository } from './trust-store-repository.js';
import { createTargetGroupUsage } from './target-group-usage.js';
import { createListenerRepository } from './listener-repository.js';
import { listenerMutations, listenerQueries } from './listener-handlers.js';
import { createRuleRepository } from './rule-repository.js';
import { ruleMutations, ruleQueries } from './rule-handlers.js';
import { targetHealthQueries } from './target-health-handlers.js';
import { createDrainingTargetRepository } from './draining-target-repository.js';
import type { LiveTargetHealth } from './target-health-rules.js';
import { createListenerPorts } from './target-registration-facts.js';
import { targetRegistrationMutations } from './target-registration-handlers.js';
import { createTargetRegistrationRepository } from './target-registration-repository.js';

export interface Elbv2ServiceOptions {
  readonly store: Store;
  /** Overrides the request time for stored timestamps; tests pass a fixed clock. */
  readonly clock?: () => Date;
  /** `length` random lowercase hex characters, for resource ids; defaults to node:crypto. */
  readonly randomHex?: (length: number) => string;
  /**
   * The 8 hex characters an ALB's DNS number is made from (dns-name.ts), given its account,
   * region and name; defaults to 8 of `randomHex`. elbow `--seed` derives them from the seed, so
   * the DNS names of a bootstrapped setup are known in advance (docker-compose network aliases).
   */
  readonly albDnsHex?: (accountId: string, region: string, name: string) => string;
  /** The EC2 state ELB validates against; defaults to an inventory over the same store. */
  readonly ec2?: Ec2Inventory;
  /** How long a new load balancer stays `provisioning` before `active`; default 1 s (so SDK waiters see both). */
  readonly provisioningMs?: number;
  /** Reads the S3 objects trust stores are made from; elbow has no S3, so by default there are none. */
  readonly readS3Object?: ReadS3Object;
  /** The base URL (scheme, host, port) of the emulator's admin API, for trust-store content `Location`s. */
  readonly adminBaseUrl?: () => string;
  /** What live health checks say of a watched target (issue 5); without it DescribeTargetHealth reports what registration alone implies. */
  readonly liveTargetHealth?: LiveTargetHealth;
  /** elbow's clock in ms for deregistration delays (`--clock-speed`); defaults to wall time. */
  readonly drainingNowMs?: () => number;
}

export function defaultRandomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

/**
 * The elbv2 (2015-12-01) API: one handler per operation of the model, `'unbuilt'` for those
 * elbow does not implement yet (STYLE rule 4). Every mutating handler runs in one store
 * transaction, applied here and nowhere else, so a failure anywhere in a call leaves no trace.
 */
export function createElbv2Service(options: Elbv2ServiceOptions): QueryServiceDefinition<Elbv2Operations> {
  const { store } = options;
  const deps = {
    targetGroups: createTargetGroupRepository(store.db),
    tags: createTagRepository(store.db),
    taggableResources: createTaggableResourceLookup(store.db),
    targets: createTargetRegistrationRepository(store.db),
    loadBalancers: createLoadBalancerRepository(store.db),
    targetGroupUsage: createTargetGroupUsage(store.db),
    listeners: createListenerRepository(store.db),
    rules: createRuleRepository(store.db),
    listenerPorts: createListenerPorts(store.db),
    ec2: options.ec2 ?? createEc2Inventory(store.db),
    randomHex: options.randomHex ?? defaultRandomHex,
    albDnsHex: options.albDnsHex,
    clock: options.clock,
    provisioningMs: options.provisioningMs ?? 1000,
    trustStores: createTrustStoreRepository(store.db),
    readS3Object: options.readS3Object ?? (() => undefined),
    liveTargetHealth: options.liveTargetHealth,
    drainingTargets: createDrainingTargetRepository(store.db),
    drainingNowMs: options.drainingNowMs,
    contentLocation: (arn: string, revocationId: number | undefined) =>
      `${options.adminBaseUrl?.() ?? 'http://localhost'}${trustStoreContentPath(arn, revocationId)}`,
  };
  const mutations = inTransaction(store, {
    ...targetGroupMutations(deps),
    ...tagMutations(deps),
    ...targetRegistrationMutations(deps),
    ...loadBalancerMutations(deps),
    ...capacityMutations(deps),
    ...trustStoreMutations(deps),
    ...listenerMutations(deps),
    ...ruleMutations(deps),
  });
  const queries = { ...targetGroupQueries(deps), ...tagQueries(deps), ...targetHealthQueries(deps), ...loadBalancerQueries(deps), ...accountLimitQueries(), ...capacityQueries(deps), ...trustStoreQueries(deps), ...resourcePolicyQueries(deps), ...listenerQueries(deps), ...ruleQueries(deps) };

  // The 'unbuilt' entries come first: a spread that later supplies one of them is a compile
  // error (TS2783), so an operation cannot be both implemented and listed as unbuilt.
  const handlers: HandlerTable<Elbv2Operations> = {
    ...mutations,
    ...queries,
  };
  return { bundle: loadServiceModel('elbv2'), handlers };
}

/** Wraps each handler so its whole body runs in one store transaction (rolled back on any throw). */
function inTransaction<Names extends Elbv2OperationName>(store: Store, handlers: SyncHandlers<Names>): SyncHandlers<Names> {
  const wrapped: Partial<SyncHandlers<Names>> = {};
  for (const name of Object.keys(handlers) as Names[]) {
    const handler: SyncHandler<Names> = handlers[name];
    const transactional: SyncHandler<Names> = (input, context) => store.transaction(() => handler(input, context));
    wrapped[name] = transactional as SyncHandlers<Names>[typeof name];
  }
  return wrapped as SyncHandlers<Names>;
}
