import type { Database } from 'better-sqlite3';
import type { Elbv2ResourceKind } from './arn.js';
import { createLoadBalancerRepository } from './load-balancer-repository.js';
import type { Scope } from './scope.js';
import { createTargetGroupRepository } from './target-group-repository.js';

/**
 * "Does this ARN name an existing resource of this kind in the caller's account and region?",
 * the one question the tag handlers ask of every other slice. Target groups and load balancers
 * answer through their repositories; listeners, rules and trust stores through an EXISTS over
 * their tables (migrations 003 and 004), the only column of theirs tags need.
 */
export type TaggableResourceLookup = (scope: Scope, kind: Elbv2ResourceKind, arn: string) => boolean;

export function createTaggableResourceLookup(db: Database): TaggableResourceLookup {
  const sources = { targetGroups: createTargetGroupRepository(db), loadBalancers: createLoadBalancerRepository(db) };
  const existsIn = (table: 'listeners' | 'rules' | 'trust_stores') => {
    const statement = db
      .prepare<[string, string, string], number>(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE account_id = ? AND region = ? AND arn = ?)`)
      .pluck();
    return (scope: Scope, arn: string) => statement.get(scope.accountId, scope.region, arn) === 1;
  };
  const lookups: Record<Elbv2ResourceKind, (scope: Scope, arn: string) => boolean> = {
    targetgroup: (scope, arn) => sources.targetGroups.findByArn(scope, arn) !== undefined,
    loadbalancer: (scope, arn) => sources.loadBalancers.findByArn(scope, arn) !== undefined,
    listener: existsIn('listeners'),
    'listener-rule': existsIn('rules'),
    truststore: existsIn('trust_stores'),
  };
  return (scope, kind, arn) => lookups[kind](scope, arn);
}
