import type { DrainingTargetRepository } from './draining-target-repository.js';
import type { Ec2Inventory, InstanceStateName } from '@elbow/ec2';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import type { LoadBalancerRepository } from './load-balancer-repository.js';
import type { TargetGroupUsage } from './target-group-usage.js';
import { findTargetGroup } from './target-group-handlers.js';
import type { TargetGroupRepository } from './target-group-repository.js';
import { describeDrainingTarget, describeRegisteredTarget, describeUnregisteredTarget } from './target-health-rules.js';
import type { LiveTargetHealth, TargetHealthFacts } from './target-health-rules.js';
import type { TargetRegistrationRepository } from './target-registration-repository.js';
import { targetKeyOf } from './target-registration-rules.js';
import { NO_PORT } from './target-registration-repository.js';

export interface TargetHealthDependencies {
  readonly targetGroups: TargetGroupRepository;
  readonly targets: TargetRegistrationRepository;
  readonly targetGroupUsage: TargetGroupUsage;
  readonly loadBalancers: LoadBalancerRepository;
  readonly ec2: Ec2Inventory;
  readonly liveTargetHealth?: LiveTargetHealth | undefined;
  readonly drainingTargets: DrainingTargetRepository;
}

/**
 * DescribeTargetHealth before live health checks: the states that follow from registration,
 * use by a load balancer, zones and instance state (target-health-rules.ts).
 *
 * `Include=AnomalyDetection` adds nothing: anomaly detection results exist only where health
 * checks and the weighted_random algorithm run, which elbow does not do yet.
 */
export function targetHealthQueries(deps: TargetHealthDependencies): SyncHandlers<'DescribeTargetHealth'> {
  return {
    DescribeTargetHealth(input, context) {
      const scope = scopeOf(context);
      const group = findTargetGroup(deps.targetGroups, scope, input.TargetGroupArn);
      const registrations = deps.targets.list(scope, group.arn);
      const loadBalancerZones = deps.targetGroupUsage
        .loadBalancerArnsOf(scope, group.arn)
        .map((arn) => deps.loadBalancers.findByArn(scope, arn)?.availabilityZones.map((zone) => zone.zoneName) ?? []);
      const states = new Map<string, InstanceStateName>();
      if (group.targetType === 'instance' && registrations.length > 0) {
        const ids = [...new Set(registrations.map((registration) => registration.targetId))];
        for (const instance of deps.ec2.findInstances(scope, ids)) states.set(instance.instanceId, instance.state);
      }
      const { liveTargetHealth } = deps;
      const facts: TargetHealthFacts = {
        group,
        loadBalancerZones,
        instanceState: (id) => states.get(id),
        ...(liveTargetHealth === undefined
          ? {}
          : { liveHealth: (registration) => liveTargetHealth(group.arn, registration.targetId, registration.port === NO_PORT ? (group.port ?? NO_PORT) : registration.port) }),
      };

      // Draining targets (deregistered, within their delay) follow the registered ones.
      const draining = deps.drainingTargets.list(scope, group.arn);
      if (input.Targets === undefined) {
        return {
          TargetHealthDescriptions: [
            ...registrations.map((registration) => describeRegisteredTarget(registration, facts)),
            ...draining.map((target) => describeDrainingTarget(group, target)),
          ],
        };
      }
      return {
        TargetHealthDescriptions: input.Targets.map((target) => {
          const key = targetKeyOf(group, target);
          const registration = registrations.find((candidate) => candidate.targetId === key.targetId && candidate.port === key.port);
          // An unknown target answers `unused` / `Target.NotRegistered` (observed against AWS,
          // getmoto/moto#7692), which is what the TargetDeregistered waiter waits for.
          if (registration) return describeRegisteredTarget(registration, facts);
          const drain = draining.find((candidate) => candidate.targetId === key.targetId && candidate.port === key.port);
          return drain ? describeDrainingTarget(group, drain) : describeUnregisteredTarget(group, { ...key, availabilityZone: target.AvailabilityZone });
        }),
      };
    },
  };
}
