import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import type { Scope } from './scope.js';
import type { TargetGroupUsage } from './target-group-usage.js';
import { findTargetGroup } from './target-group-handlers.js';
import type { TargetGroupRepository } from './target-group-repository.js';
import { targetFactsFor } from './target-registration-facts.js';
import type { TargetFactsSources } from './target-registration-facts.js';
import type { TargetRegistrationRepository } from './target-registration-repository.js';
import { assertRegistrationQuota, assertTargetQuota, resolveTargetsToRegister, targetKeyOf } from './target-registration-rules.js';
import type { ResolvedTarget } from './target-registration-rules.js';

export interface TargetRegistrationDependencies extends TargetFactsSources {
  readonly targetGroups: TargetGroupRepository;
  readonly targets: TargetRegistrationRepository;
  readonly targetGroupUsage: TargetGroupUsage;
  /** Overrides the request time for stored timestamps (tests); defaults to `context.now`. */
  readonly clock: (() => Date) | undefined;
}

/**
 * RegisterTargets / DeregisterTargets. Every target of a call is checked before any is
 * written, so a refused call registers nothing (and the handler runs in one transaction).
 */
export function targetRegistrationMutations(deps: TargetRegistrationDependencies): SyncHandlers<'RegisterTargets' | 'DeregisterTargets'> {
  return {
    RegisterTargets(input, context) {
      const scope = scopeOf(context);
      const group = findTargetGroup(deps.targetGroups, scope, input.TargetGroupArn);
      const instanceIds = group.targetType === 'instance' ? input.Targets.map((target) => target.Id) : [];
      const resolved = resolveTargetsToRegister(group, input.Targets, targetFactsFor(deps, scope, instanceIds));
      // Re-registering an id and port that is registered changes nothing (idempotent).
      const added = resolved.filter((target) => !deps.targets.find(scope, group.arn, target.targetId, target.port));
      assertTargetQuota(group.targetType, deps.targets.count(scope, group.arn), added.length);
      assertRegistrationQuotas(deps, scope, group.arn, added);
      const registeredAt = (deps.clock?.() ?? context.now).toISOString();
      for (const target of added) deps.targets.insert(scope, group.arn, { ...target, registeredAt });
      return {};
    },
    DeregisterTargets(input, context) {
      const scope = scopeOf(context);
      const group = findTargetGroup(deps.targetGroups, scope, input.TargetGroupArn);
      // "If the specified target does not exist, the action returns successfully" [M1]; a target
      // registered on another port than the one named (default: the group's) stays registered
      // (chaostoolkit-incubator/chaostoolkit-aws#60). Removed at once: draining comes with live
      // health checks (headers-and-routing.md §4).
      for (const target of input.Targets) {
        const key = targetKeyOf(group, target);
        deps.targets.delete(scope, group.arn, key.targetId, key.port);
      }
      return {};
    },
  };
}

/**
 * "Target registrations per target per ALB": 1000 (ALB guide "Quotas"). For each load balancer
 * using the group, a new target's registrations across that load balancer's groups must fit.
 */
function assertRegistrationQuotas(deps: TargetRegistrationDependencies, scope: Scope, groupArn: string, added: readonly ResolvedTarget[]): void {
  const loadBalancerArns = deps.targetGroupUsage.loadBalancerArnsOf(scope, groupArn);
  if (loadBalancerArns.length === 0 || added.length === 0) return;
  const addedPerId = new Map<string, number>();
  for (const target of added) addedPerId.set(target.targetId, (addedPerId.get(target.targetId) ?? 0) + 1);
  const usersOf = new Map<string, readonly string[]>();
  for (const [targetId, addedCount] of addedPerId) {
    const countsPerGroup = deps.targets.registrationCountsOf(scope, targetId);
    for (const loadBalancerArn of loadBalancerArns) {
      let total = addedCount;
      for (const [otherGroupArn, count] of countsPerGroup) {
        if (!usersOf.has(otherGroupArn)) usersOf.set(otherGroupArn, deps.targetGroupUsage.loadBalancerArnsOf(scope, otherGroupArn));
        if (usersOf.get(otherGroupArn)?.includes(loadBalancerArn)) total += count;
      }
      assertRegistrationQuota(total);
    }
  }
}
