import type { elb } from '@elbow/api-models';
import type { InstanceStateName } from '@elbow/ec2';

/**
 * DescribeInstanceHealth's descriptions, verbatim from the model's InstanceState.Description
 * documentation and aws-cli `describe-instance-health.rst` (classic-elb.md §2 [M2][C1]).
 */
export const INSTANCE_HEALTH_DESCRIPTIONS = {
  healthy: 'N/A',
  registrationInProgress: 'Instance registration is still in progress.',
  zoneNotEnabled: 'Instance is in the EC2 Availability Zone for which LoadBalancer is not configured to route traffic to.',
  notRegistered: 'Instance is not currently registered with the LoadBalancer.',
  pending: 'Instance is in pending state.',
  stopped: 'Instance is in stopped state.',
  terminated: 'Instance is in terminated state.',
} as const;

export interface InstanceHealthFacts {
  readonly instanceId: string;
  readonly isRegistered: boolean;
  /** Undefined when EC2 does not know the instance (any more). */
  readonly ec2State: InstanceStateName | undefined;
  readonly availabilityZone: string | undefined;
  readonly enabledZones: readonly string[];
  /** Registered less than the configured settle time ago (see create-elb-service `registrationSettleMs`). */
  readonly isRegistrationInProgress: boolean;
}

/**
 * The state AWS reports for one instance before live health checks exist (issue 6's data plane
 * brings them): a running, registered instance in an enabled zone is InService once its
 * registration has settled; everything else is OutOfService with the reason AWS gives.
 * Undefined for an instance AWS omits (terminated, classic-elb.md §2 [M2]).
 */
export function instanceHealth(facts: InstanceHealthFacts): elb.InstanceState | undefined {
  const out = (reasonCode: 'ELB' | 'Instance', description: string): elb.InstanceState => ({
    InstanceId: facts.instanceId,
    State: 'OutOfService',
    ReasonCode: reasonCode,
    Description: description,
  });
  if (facts.ec2State === undefined || facts.ec2State === 'terminated' || facts.ec2State === 'shutting-down') return undefined;
  if (!facts.isRegistered) return out('ELB', INSTANCE_HEALTH_DESCRIPTIONS.notRegistered);
  if (facts.ec2State === 'pending') return out('Instance', INSTANCE_HEALTH_DESCRIPTIONS.pending);
  if (facts.ec2State === 'stopped' || facts.ec2State === 'stopping') return out('Instance', INSTANCE_HEALTH_DESCRIPTIONS.stopped);
  if (facts.availabilityZone === undefined || !facts.enabledZones.includes(facts.availabilityZone)) return out('ELB', INSTANCE_HEALTH_DESCRIPTIONS.zoneNotEnabled);
  if (facts.isRegistrationInProgress) return out('ELB', INSTANCE_HEALTH_DESCRIPTIONS.registrationInProgress);
  return { InstanceId: facts.instanceId, State: 'InService', ReasonCode: 'N/A', Description: INSTANCE_HEALTH_DESCRIPTIONS.healthy };
}
