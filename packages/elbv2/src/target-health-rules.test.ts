import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import type { InstanceStateName } from '@elbow/ec2';
import { resolveCreateSettings } from './target-group-settings.js';
import type { TargetGroupRecord } from './target-group-repository.js';
import { describeRegisteredTarget, describeUnregisteredTarget, NO_ADMINISTRATIVE_OVERRIDE } from './target-health-rules.js';
import type { TargetRegistration } from './target-registration-repository.js';

const LAMBDA = 'arn:aws:lambda:us-west-2:123456789012:function:my-function';

function group(input: Partial<elbv2.CreateTargetGroupInput> = {}): TargetGroupRecord {
  const base = input.TargetType === 'lambda' ? { Name: 'g' } : { Name: 'g', Protocol: 'HTTP' as const, Port: 80, VpcId: 'vpc-3ac0fb5f' };
  return { ...resolveCreateSettings({ ...base, ...input }), seq: 1, arn: 'tg-arn', name: 'g', createdAt: 'now' };
}

function registration(targetId: string, port: number, availabilityZone: string | undefined = 'us-east-1a'): TargetRegistration {
  return { targetId, port, availabilityZone, isAvailabilityZoneGiven: false, quicServerId: undefined, registeredAt: 'now' };
}

function healthOf(target: TargetRegistration, targetGroup: TargetGroupRecord, zones: string[][], state: InstanceStateName = 'running') {
  return describeRegisteredTarget(target, { group: targetGroup, loadBalancerZones: zones, instanceState: () => state }).TargetHealth;
}

describe('describeRegisteredTarget', () => {
  it('reports unused / Target.NotInUse while no load balancer uses the group (aws-cli example)', () => {
    expect(describeRegisteredTarget(registration('i-0f76fade', 80), { group: group(), loadBalancerZones: [], instanceState: () => 'running' })).toEqual({
      Target: { Id: 'i-0f76fade', Port: 80 },
      HealthCheckPort: '80',
      TargetHealth: { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' },
      AdministrativeOverride: NO_ADMINISTRATIVE_OVERRIDE,
    });
  });

  it('reports initial / Elb.RegistrationInProgress once a load balancer in its zone uses the group', () => {
    expect(healthOf(registration('i-0f76fade', 80), group(), [['us-east-1a', 'us-east-1b']])).toEqual({
      State: 'initial',
      Reason: 'Elb.RegistrationInProgress',
      Description: 'Target registration is in progress',
    });
  });

  it('reports a zone the load balancer does not enable; zone all is always enabled', () => {
    expect(healthOf(registration('i-0f76fade', 80, 'us-east-1c'), group(), [['us-east-1a', 'us-east-1b']])).toEqual({
      State: 'unused',
      Reason: 'Target.NotInUse',
      Description: 'Target is in an Availability Zone that is not enabled for the load balancer',
    });
    expect(healthOf(registration('127.0.0.1', 80, 'all'), group({ TargetType: 'ip' }), [['us-east-1a']])?.State).toBe('initial');
  });

  it.each<[InstanceStateName, string]>([
    ['stopped', 'Target is in the stopped state'],
    ['terminated', 'Target is in the terminated state'],
    ['stopping', 'Target is in an invalid state'],
  ])('reports a %s instance as unused / Target.InvalidState', (state, description) => {
    expect(healthOf(registration('i-0f76fade', 80), group(), [['us-east-1a']], state)).toEqual({ State: 'unused', Reason: 'Target.InvalidState', Description: description });
  });

  it('describes a Lambda target without port or health-check port, unavailable while health checks are disabled (aws-cli example)', () => {
    expect(
      describeRegisteredTarget(registration(LAMBDA, 0, 'all'), { group: group({ TargetType: 'lambda' }), loadBalancerZones: [['us-west-2a']], instanceState: () => undefined }),
    ).toEqual({
      Target: { Id: LAMBDA, AvailabilityZone: 'all' },
      TargetHealth: { State: 'unavailable', Reason: 'Target.HealthCheckDisabled', Description: 'Health checks are not enabled for this target' },
      AdministrativeOverride: NO_ADMINISTRATIVE_OVERRIDE,
    });
  });

  it('echoes the zone of ip targets and gives an explicit health-check port as is', () => {
    const description = describeRegisteredTarget(registration('10.0.32.196', 8080, 'us-east-1a'), {
      group: group({ TargetType: 'ip', HealthCheckPort: '9000' }),
      loadBalancerZones: [],
      instanceState: () => undefined,
    });
    expect(description.Target).toEqual({ Id: '10.0.32.196', Port: 8080, AvailabilityZone: 'us-east-1a' });
    expect(description.HealthCheckPort).toBe('9000');
  });
});

describe('describeRegisteredTarget with live health checks (issue 5)', () => {
  const unhealthy = { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' } as const;
  const facts = (liveHealth: () => elbv2.TargetHealth | undefined, zones: string[][] = [['us-east-1a']]) => ({
    group: group(),
    loadBalancerZones: zones,
    instanceState: () => 'running' as const,
    liveHealth,
  });

  it('reports what the health checks say once the target is watched', () => {
    expect(describeRegisteredTarget(registration('i-0f76fade', 80), facts(() => unhealthy)).TargetHealth).toEqual(unhealthy);
  });

  it('stays initial / Elb.RegistrationInProgress until the checks watch the target', () => {
    expect(describeRegisteredTarget(registration('i-0f76fade', 80), facts(() => undefined)).TargetHealth?.Reason).toBe('Elb.RegistrationInProgress');
  });

  it('keeps unused for a group no load balancer uses, whatever the checks last said', () => {
    expect(describeRegisteredTarget(registration('i-0f76fade', 80), facts(() => unhealthy, [])).TargetHealth?.State).toBe('unused');
  });
});

describe('describeUnregisteredTarget', () => {
  it('reports unused / Target.NotRegistered with the target as asked', () => {
    expect(describeUnregisteredTarget(group(), { targetId: 'i-0f76fade', port: 81, availabilityZone: undefined })).toEqual({
      Target: { Id: 'i-0f76fade', Port: 81 },
      HealthCheckPort: '81',
      TargetHealth: { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' },
      AdministrativeOverride: NO_ADMINISTRATIVE_OVERRIDE,
    });
  });
});
