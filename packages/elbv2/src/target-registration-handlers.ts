import type { DrainingTargetRepository } from './draining-target-repository.js';
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
  readonly drainingTargets: DrainingTargetRepository;
  /** elbow's clock for deregistration delays (`--clock-speed`); defaults to wall time. */
  readonly drainingNowMs: (() => number) | undefined;
}

/** `deregistration_delay.timeout_seconds` default [M1, elbv2-attributes.md]. */
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;

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
      // Registering a draining target again ends its drain: it is a registered target once more.
      for (const target of resolved) deps.drainingTargets.delete(scope, group.arn, target.targetId, target.port);
      return {};
    },
    DeregisterTargets(input, context) {
      const scope = scopeOf(context);
      const group = findTargetGroup(deps.targetGroups, scope, input.TargetGroupArn);
      // "If the specified target does not exist, the action returns successfully" [M1]; a target
      // registered on another port than the one named (default: the group's) stays registered
      // (chaostoolkit-incubator/chaostoolkit-aws#60).
      // A target of a group a load balancer uses then drains: no new requests, `draining` for
      // `deregistration_delay.timeout_seconds` (0: no drain; Lambda groups have no delay) [D7].
      const isDrained = group.targetType !== 'lambda' && deps.targetGroupUsage.loadBalancerArnsOf(scope, group.arn).length > 0;
      const delaySeconds = isDrained
        ? Number(deps.targetGroups.getAttributes(scope, group.arn).get('deregistration_delay.timeout_seconds') ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS)
        : 0;
      const nowMs = (deps.drainingNowMs ?? Date.now)();
      for (const target of input.Targets) {
        const key = targetKeyOf(group, target);
        const registration = deps.targets.find(scope, group.arn, key.targetId, key.port);
        deps.targets.delete(scope, group.arn, key.targetId, key.port);
        if (registration === undefined || !(delaySeconds > 0)) continue;
        deps.drainingTargets.upsert(scope, group.arn, {
          targetId: registration.targetId,
          port: registration.port,
          availabilityZone: registration.availabilityZone,
          isAvailabilityZoneGiven: registration.isAvailabilityZoneGiven,
          deregisteredAtMs: nowMs,
          deadlineMs: nowMs + delaySeconds * 1000,
        });
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
