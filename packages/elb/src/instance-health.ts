import type { elb } from '@elbow/api-models';
import type { InstanceStateName } from '@elbow/ec2';
import type { Scope } from './handler-types.js';

/**
 * DescribeInstanceHealth's descriptions, verbatim from the model's InstanceState.Description
 * documentation and aws-cli `describe-instance-health.rst` (classic-elb.md §2 [M2][C1]).
 */
export const INSTANCE_HEALTH_DESCRIPTIONS = {
  healthy: 'N/A',
  registrationInProgress: 'Instance registration is still in progress.',
  failedUnhealthyThreshold: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.',
  belowHealthyThreshold: 'Instance has not passed the configured HealthyThreshold number of health checks consecutively.',
  zoneNotEnabled: 'Instance is in the EC2 Availability Zone for which LoadBalancer is not configured to route traffic to.',
  notRegistered: 'Instance is not currently registered with the LoadBalancer.',
  deregistrationInProgress: 'Instance deregistration currently in progress.',
  pending: 'Instance is in pending state.',
  stopped: 'Instance is in stopped state.',
  terminated: 'Instance is in terminated state.',
} as const;

/**
 * What live health checks say about a registered instance (packages/health's monitor, through
 * the emulator): `registering` before its first check passes or it fails UnhealthyThreshold
 * checks; `failing` after UnhealthyThreshold consecutive failures; `recovering` once an unhealthy
 * instance passes again but not yet HealthyThreshold times in a row.
 */
export type LiveInstanceCheckState = 'healthy' | 'registering' | 'failing' | 'recovering';

/** The live health of one registered instance of one load balancer; undefined when no checks watch it. */
export type LiveInstanceHealth = (scope: Scope, loadBalancerName: string, instanceId: string) => LiveInstanceCheckState | undefined;

export interface InstanceHealthFacts {
  readonly instanceId: string;
  readonly isRegistered: boolean;
  /** Deregistered with connection draining on, and its ConnectionDraining Timeout not yet over. */
  readonly isDraining: boolean;
  /** Undefined when EC2 does not know the instance (any more). */
  readonly ec2State: InstanceStateName | undefined;
  readonly availabilityZone: string | undefined;
  readonly enabledZones: readonly string[];
  /** Live health checks' verdict; undefined when none watch the instance (then `isRegistrationInProgress` decides). */
  readonly liveHealth: LiveInstanceCheckState | undefined;
  /** Registered less than the configured settle time ago (see create-elb-service `registrationSettleMs`). */
  readonly isRegistrationInProgress: boolean;
}

/**
 * The state AWS reports for one instance: EC2 and registration facts first (not registered,
 * pending, stopped, zone not enabled), then the health checks' verdict. Undefined for an
 * instance AWS omits (terminated, classic-elb.md §2 [M2]).
 *
 * - A draining instance is `InService` / "Instance deregistration currently in progress." while
 *   in-flight requests finish [D6 config-conn-drain]; its ReasonCode is unverified (UNVERIFIED.md).
 * - Checks: `registering` → OutOfService/ELB "registration is still in progress" (the spec's
 *   registering example [C1]); `failing` → OutOfService/Instance "failed at least the
 *   UnhealthyThreshold" [C1]; `recovering` → OutOfService/Instance "has not passed the
 *   configured HealthyThreshold" (elbow's reading of the model's list, UNVERIFIED.md).
 */
export function instanceHealth(facts: InstanceHealthFacts): elb.InstanceState | undefined {
  const out = (reasonCode: 'ELB' | 'Instance', description: string): elb.InstanceState => ({
    InstanceId: facts.instanceId,
    State: 'OutOfService',
    ReasonCode: reasonCode,
    Description: description,
  });
  const inService = (description: string): elb.InstanceState => ({ InstanceId: facts.instanceId, State: 'InService', ReasonCode: 'N/A', Description: description });
  if (facts.ec2State === undefined || facts.ec2State === 'terminated' || facts.ec2State === 'shutting-down') return undefined;
  if (!facts.isRegistered) return facts.isDraining ? inService(INSTANCE_HEALTH_DESCRIPTIONS.deregistrationInProgress) : out('ELB', INSTANCE_HEALTH_DESCRIPTIONS.notRegistered);
  if (facts.ec2State === 'pending') return out('Instance', INSTANCE_HEALTH_DESCRIPTIONS.pending);
  if (facts.ec2State === 'stopped' || facts.ec2State === 'stopping') return out('Instance', INSTANCE_HEALTH_DESCRIPTIONS.stopped);
  if (facts.availabilityZone === undefined || !facts.enabledZones.includes(facts.availabilityZone)) return out('ELB', INSTANCE_HEALTH_DESCRIPTIONS.zoneNotEnabled);
  if (facts.liveHealth !== undefined) return liveInstanceState(facts.instanceId, facts.liveHealth);
  if (facts.isRegistrationInProgress) return out('ELB', INSTANCE_HEALTH_DESCRIPTIONS.registrationInProgress);
  return inService(INSTANCE_HEALTH_DESCRIPTIONS.healthy);
}

/**
 * The state of a registered, running instance in an enabled zone as the health checks' verdict
 * words it (the last step of instanceHealth; the traffic inspector shows it for checked instances).
 */
export function liveInstanceState(instanceId: string, liveHealth: LiveInstanceCheckState): elb.InstanceState {
  switch (liveHealth) {
    case 'healthy':
      return { InstanceId: instanceId, State: 'InService', ReasonCode: 'N/A', Description: INSTANCE_HEALTH_DESCRIPTIONS.healthy };
    case 'registering':
      return { InstanceId: instanceId, State: 'OutOfService', ReasonCode: 'ELB', Description: INSTANCE_HEALTH_DESCRIPTIONS.registrationInProgress };
    case 'failing':
      return { InstanceId: instanceId, State: 'OutOfService', ReasonCode: 'Instance', Description: INSTANCE_HEALTH_DESCRIPTIONS.failedUnhealthyThreshold };
    case 'recovering':
      return { InstanceId: instanceId, State: 'OutOfService', ReasonCode: 'Instance', Description: INSTANCE_HEALTH_DESCRIPTIONS.belowHealthyThreshold };
  }
}
