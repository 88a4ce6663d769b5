import type { elbv2 } from '@elbow/api-models';
import type { InstanceStateName } from '@elbow/ec2';
import { TRAFFIC_PORT } from './health-check-defaults.js';
import type { TargetGroupRecord } from './target-group-repository.js';
import type { TargetRegistration } from './target-registration-repository.js';
import { ALL_ZONES } from './target-registration-rules.js';

/**
 * The health DescribeTargetHealth reports before live health checks exist: only the states and
 * reasons that follow from registration, use by a load balancer, zones and instance state.
 * Pure: the handler reads the facts. Texts: headers-and-routing.md §5 ([D8] ALB guide
 * "Target health status", [C1] aws-cli describe-target-health.rst).
 */

/** What a target's health depends on, besides its registration. */
export interface TargetHealthFacts {
  readonly group: TargetGroupRecord;
  /** The zones of each load balancer that forwards to the group; empty when none does. */
  readonly loadBalancerZones: readonly (readonly string[])[];
  /** The EC2 state of an instance target; undefined for other targets or a vanished instance. */
  instanceState(instanceId: string): InstanceStateName | undefined;
  /** What live health checks say of the target (issue 5); undefined: not watched (yet). */
  liveHealth?(registration: TargetRegistration): elbv2.TargetHealth | undefined;
}

/** Live health of a target of a group, by group ARN, target id and traffic port (packages/health through the emulator). */
export type LiveTargetHealth = (targetGroupArn: string, targetId: string, port: number) => elbv2.TargetHealth | undefined;

/** The reason texts, per (state, reason). */
export const TARGET_HEALTH_TEXTS = {
  registrationInProgress: 'Target registration is in progress', // [D8], [C1]
  notRegistered: 'Target is not registered to the target group', // [D8]
  groupNotInUse: 'Target group is not configured to receive traffic from the load balancer', // [D8], [C1]
  zoneNotEnabled: 'Target is in an Availability Zone that is not enabled for the load balancer', // [D8]
  stopped: 'Target is in the stopped state', // [D8]
  terminated: 'Target is in the terminated state', // [D8]
  invalidState: 'Target is in an invalid state', // [D8]
  // The aws-cli example's text for a Lambda target; the guide words it "Health checks are disabled" [D8].
  healthCheckDisabled: 'Health checks are not enabled for this target', // [C1]
  deregistrationInProgress: 'Target deregistration is in progress', // [D8]
} as const;

/**
 * Every current AWS answer carries this block for ALB targets (captured `describe-target-health`
 * outputs in public lab write-ups, code index); without zonal shift there is no override.
 */
export const NO_ADMINISTRATIVE_OVERRIDE: elbv2.AdministrativeOverride = {
  State: 'no_override',
  Reason: 'AdministrativeOverride.NoOverride',
  Description: 'No override is currently active on target',
};

/** The description of a registered target. */
export function describeRegisteredTarget(registration: TargetRegistration, facts: TargetHealthFacts): elbv2.TargetHealthDescription {
  return describe(facts.group, echoOf(facts.group, registration), healthOf(registration, facts));
}

/** The description of a target the caller named that is not registered (`unused` / `Target.NotRegistered`). */
export function describeUnregisteredTarget(
  group: TargetGroupRecord,
  target: { readonly targetId: string; readonly port: number; readonly availabilityZone: string | undefined },
): elbv2.TargetHealthDescription {
  const echo: elbv2.TargetDescription = {
    Id: target.targetId,
    ...(group.targetType === 'lambda' ? {} : { Port: target.port }),
    ...(target.availabilityZone !== undefined ? { AvailabilityZone: target.availabilityZone } : {}),
  };
  return describe(group, echo, { State: 'unused', Reason: 'Target.NotRegistered', Description: TARGET_HEALTH_TEXTS.notRegistered });
}

/**
 * A deregistered target in its deregistration delay: `draining` / Target.DeregistrationInProgress
 * until the delay ends, even when no request is left in flight [D7] (headers-and-routing.md §4).
 */
export function describeDrainingTarget(
  group: TargetGroupRecord,
  target: { readonly targetId: string; readonly port: number; readonly availabilityZone: string | undefined },
): elbv2.TargetHealthDescription {
  const hasZone = group.targetType === 'ip';
  const echo: elbv2.TargetDescription = {
    Id: target.targetId,
    Port: target.port,
    ...(hasZone && target.availabilityZone !== undefined ? { AvailabilityZone: target.availabilityZone } : {}),
  };
  return describe(group, echo, { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: TARGET_HEALTH_TEXTS.deregistrationInProgress });
}

function describe(group: TargetGroupRecord, target: elbv2.TargetDescription, health: elbv2.TargetHealth): elbv2.TargetHealthDescription {
  const healthCheckPort = healthCheckPortOf(group, target.Port);
  return {
    Target: target,
    ...(healthCheckPort !== undefined ? { HealthCheckPort: healthCheckPort } : {}),
    TargetHealth: health,
    AdministrativeOverride: NO_ADMINISTRATIVE_OVERRIDE,
  };
}

/**
 * The order of the checks is elbow's: a group no load balancer uses gets no traffic whatever its
 * targets are, so that comes first; then the target's own state; then its zone.
 */
function healthOf(registration: TargetRegistration, facts: TargetHealthFacts): elbv2.TargetHealth {
  const { group } = facts;
  if (facts.loadBalancerZones.length === 0) {
    return { State: 'unused', Reason: 'Target.NotInUse', Description: TARGET_HEALTH_TEXTS.groupNotInUse };
  }
  if (group.targetType === 'instance') {
    const state = facts.instanceState(registration.targetId);
    if (state !== 'running' && state !== 'pending') {
      return { State: 'unused', Reason: 'Target.InvalidState', Description: invalidStateText(state) };
    }
  }
  const zone = registration.availabilityZone;
  const isZoneEnabled = zone === undefined || zone === ALL_ZONES || facts.loadBalancerZones.some((zones) => zones.includes(zone));
  if (!isZoneEnabled) {
    return { State: 'unused', Reason: 'Target.NotInUse', Description: TARGET_HEALTH_TEXTS.zoneNotEnabled };
  }
  if (!group.healthCheck.isEnabled) {
    return { State: 'unavailable', Reason: 'Target.HealthCheckDisabled', Description: TARGET_HEALTH_TEXTS.healthCheckDisabled };
  }
  // Past the states registration implies, live health checks decide (initial, healthy, unhealthy).
  return (
    facts.liveHealth?.(registration) ?? { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: TARGET_HEALTH_TEXTS.registrationInProgress }
  );
}

function invalidStateText(state: InstanceStateName | undefined): string {
  if (state === 'stopped') return TARGET_HEALTH_TEXTS.stopped;
  if (state === 'terminated' || state === undefined) return TARGET_HEALTH_TEXTS.terminated;
  return TARGET_HEALTH_TEXTS.invalidState;
}

/**
 * The target as DescribeTargetHealth echoes it. Captured outputs show Id and Port for instance
 * targets, plus the resolved AvailabilityZone for ip targets (lab write-ups, code index); the
 * aws-cli example shows a Lambda target with `AvailabilityZone: all` and no port [C1].
 */
function echoOf(group: TargetGroupRecord, registration: TargetRegistration): elbv2.TargetDescription {
  const hasZone = group.targetType === 'ip' || group.targetType === 'lambda';
  return {
    Id: registration.targetId,
    ...(group.targetType === 'lambda' ? {} : { Port: registration.port }),
    ...(hasZone && registration.availabilityZone !== undefined ? { AvailabilityZone: registration.availabilityZone } : {}),
    ...(registration.quicServerId !== undefined ? { QuicServerId: registration.quicServerId } : {}),
  };
}

/** `traffic-port` means the target's own port [M1 HealthCheckPort doc]; Lambda targets have none [C1]. */
function healthCheckPortOf(group: TargetGroupRecord, targetPort: number | undefined): string | undefined {
  if (group.targetType === 'lambda') return undefined;
  const port = group.healthCheck.port;
  if (port === undefined || port === TRAFFIC_PORT) return targetPort === undefined ? undefined : String(targetPort);
  return port;
}
