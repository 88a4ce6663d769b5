import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import type { InstanceRecord } from '@elbow/ec2';
import { ServiceError } from '@elbow/query-protocol';
import { resolveCreateSettings } from './target-group-settings.js';
import type { TargetGroupRecord } from './target-group-repository.js';
import { assertRegistrationQuota, assertTargetQuota, isRoutableOutsideVpc, resolveTargetsToRegister, targetKeyOf } from './target-registration-rules.js';
import type { TargetFacts } from './target-registration-rules.js';

const VPC = 'vpc-3ac0fb5f';
const ALB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/front/50dc6c495c0c9188';
const NLB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/edge/50dc6c495c0c9189';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';

function group(input: Partial<elbv2.CreateTargetGroupInput> = {}): TargetGroupRecord {
  const isLambda = input.TargetType === 'lambda';
  const base = isLambda ? { Name: 'g' } : { Name: 'g', Protocol: 'HTTP' as const, Port: 80, VpcId: VPC };
  return { ...resolveCreateSettings({ ...base, ...input }), seq: 1, arn: 'tg-arn', name: 'g', createdAt: 'now' };
}

function instance(instanceId: string, overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    instanceId,
    vpcId: VPC,
    subnetId: 'subnet-1',
    availabilityZone: 'us-east-1a',
    state: 'running',
    privateIpAddress: '172.31.0.10',
    host: '127.0.0.1',
    ...overrides,
  };
}

const facts: TargetFacts = {
  findInstance: (id) =>
    ({
      'i-0123456789abcdef0': instance('i-0123456789abcdef0'),
      'i-0123456789abcdef1': instance('i-0123456789abcdef1', { availabilityZone: 'us-east-1b' }),
      'i-0123456789abcdef2': instance('i-0123456789abcdef2', { state: 'stopped' }),
      'i-0123456789abcdef3': instance('i-0123456789abcdef3', { vpcId: 'vpc-11111111' }),
    })[id],
  zoneOfAddress: (vpcId, address) => (vpcId === VPC && address.startsWith('172.31.') ? 'us-east-1c' : undefined),
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  findLoadBalancer: (arn) =>
    arn === ALB_ARN ? { type: 'application', listenerPorts: [80, 443] } : arn === NLB_ARN ? { type: 'network', listenerPorts: [80] } : undefined,
};

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('resolveTargetsToRegister: instance targets', () => {
  it('takes the group port by default, a port override, and the instance zone; repeats collapse', () => {
    const resolved = resolveTargetsToRegister(
      group(),
      [{ Id: 'i-0123456789abcdef0' }, { Id: 'i-0123456789abcdef0', Port: 766 }, { Id: 'i-0123456789abcdef1' }, { Id: 'i-0123456789abcdef0', Port: 80 }],
      facts,
    );
    expect(resolved.map((target) => [target.targetId, target.port, target.availabilityZone])).toEqual([
      ['i-0123456789abcdef0', 80, 'us-east-1a'],
      ['i-0123456789abcdef0', 766, 'us-east-1a'],
      ['i-0123456789abcdef1', 80, 'us-east-1b'],
    ]);
  });

  it.each([
    [[{ Id: '10.19.173.98' }], 'ValidationError', `Instance ID '10.19.173.98' is not valid`],
    [[{ Id: 'i-00000000000000000' }, { Id: 'i-0123456789abcdef0' }, { Id: 'i-0000000000000000f' }], 'InvalidTarget', `The following targets are not valid instances: 'i-00000000000000000', 'i-0000000000000000f'`],
    [[{ Id: 'i-0123456789abcdef3' }], 'InvalidTarget', `The following targets are not in the target group VPC '${VPC}': 'i-0123456789abcdef3'`],
    [[{ Id: 'i-0123456789abcdef2' }], 'InvalidTarget', `The following targets are not in a running state and cannot be registered: 'i-0123456789abcdef2'`],
    [[{ Id: 'i-0123456789abcdef0', AvailabilityZone: 'us-east-1a' }], 'ValidationError', `An Availability Zone cannot be specified for targets of target groups with target type 'instance'`],
  ])('refuses %j with %s', (targets, code, message) => {
    expect(failure(() => resolveTargetsToRegister(group(), targets, facts))).toEqual({ code, message });
  });
});

describe('resolveTargetsToRegister: ip targets', () => {
  const ipGroup = group({ TargetType: 'ip' });

  it('detects the zone of an address in a subnet of the VPC', () => {
    expect(resolveTargetsToRegister(ipGroup, [{ Id: '172.31.5.6', Port: 8080 }], facts)).toEqual([
      { targetId: '172.31.5.6', port: 8080, availabilityZone: 'us-east-1c', isAvailabilityZoneGiven: false, quicServerId: undefined },
    ]);
  });

  it('accepts a private or loopback address outside the VPC with zone all or a zone of the region', () => {
    const resolved = resolveTargetsToRegister(
      ipGroup,
      [{ Id: '127.0.0.1', AvailabilityZone: 'all' }, { Id: '10.130.6.97', AvailabilityZone: 'us-east-1b' }],
      facts,
    );
    expect(resolved.map((target) => [target.targetId, target.availabilityZone, target.isAvailabilityZoneGiven])).toEqual([
      ['127.0.0.1', 'all', true],
      ['10.130.6.97', 'us-east-1b', true],
    ]);
  });

  it.each([
    [{ Id: '10.4.40.87' }, 'ValidationError', `The Availability Zone is required for IP address '10.4.40.87' because it is not in the VPC`],
    [{ Id: '10.4.40.87', AvailabilityZone: 'mars-1a' }, 'ValidationError', `You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '10.4.40.87' is outside the VPC`],
    [{ Id: '172.31.5.6', AvailabilityZone: 'all' }, 'ValidationError', `The IP address '172.31.5.6' is within the VPC, and cannot have its Availability Zone overridden to 'all' from 'us-east-1c'`],
    [{ Id: '8.8.8.8', AvailabilityZone: 'all' }, 'InvalidTarget', `The following targets are not in a valid IP address range: '8.8.8.8'`],
    [{ Id: 'i-0123456789abcdef0' }, 'ValidationError', `The IP address 'i-0123456789abcdef0' is not a valid IPv4 address`],
    [{ Id: '::1', AvailabilityZone: 'all' }, 'ValidationError', `The IP address '::1' is not a valid IPv4 address`],
  ])('refuses %j with %s', (target, code, message) => {
    expect(failure(() => resolveTargetsToRegister(ipGroup, [target], facts))).toEqual({ code, message });
  });

  it('wants IPv6 addresses in an ipv6 group', () => {
    const ipv6Group = group({ TargetType: 'ip', IpAddressType: 'ipv6' });
    expect(resolveTargetsToRegister(ipv6Group, [{ Id: '::1', AvailabilityZone: 'all' }], facts)[0]?.targetId).toBe('::1');
    expect(failure(() => resolveTargetsToRegister(ipv6Group, [{ Id: '10.0.0.1', AvailabilityZone: 'all' }], facts))).toEqual({
      code: 'ValidationError',
      message: `The IP address '10.0.0.1' is not a valid IPv6 address`,
    });
  });
});

describe('resolveTargetsToRegister: lambda and alb targets', () => {
  it('stores a Lambda function with no port and zone all, ignoring a given port', () => {
    expect(resolveTargetsToRegister(group({ TargetType: 'lambda' }), [{ Id: LAMBDA, Port: 80 }], facts)).toEqual([
      { targetId: LAMBDA, port: 0, availabilityZone: 'all', isAvailabilityZoneGiven: false, quicServerId: undefined },
    ]);
  });

  it('refuses a Lambda target that is not a function ARN, or with a zone other than all', () => {
    expect(failure(() => resolveTargetsToRegister(group({ TargetType: 'lambda' }), [{ Id: 'my-function' }], facts))).toEqual({
      code: 'ValidationError',
      message: `The target ID 'my-function' is not a valid Lambda function ARN`,
    });
    expect(failure(() => resolveTargetsToRegister(group({ TargetType: 'lambda' }), [{ Id: LAMBDA, AvailabilityZone: 'us-east-1a' }], facts))).toEqual({
      code: 'ValidationError',
      message: `The Availability Zone for Lambda function targets must be 'all'`,
    });
  });

  it('accepts an ALB with a listener on the target port, and refuses other load balancers or ports', () => {
    const albGroup = group({ TargetType: 'alb', Protocol: 'TCP', Port: 80 });
    expect(resolveTargetsToRegister(albGroup, [{ Id: ALB_ARN }], facts)).toMatchObject([{ targetId: ALB_ARN, port: 80 }]);
    expect(failure(() => resolveTargetsToRegister(albGroup, [{ Id: NLB_ARN }], facts))).toEqual({
      code: 'InvalidTarget',
      message: `The following targets are not valid Application Load Balancers: '${NLB_ARN}'`,
    });
    expect(failure(() => resolveTargetsToRegister(albGroup, [{ Id: ALB_ARN, Port: 8080 }], facts))).toEqual({
      code: 'InvalidTarget',
      message: `The following targets do not have a listener on port '8080': '${ALB_ARN}'`,
    });
  });
});

describe('quotas and keys', () => {
  it('allows 1000 targets per instance group and one per lambda or alb group', () => {
    expect(() => assertTargetQuota('instance', 999, 1)).not.toThrow();
    expect(failure(() => assertTargetQuota('ip', 1000, 1))).toEqual({ code: 'TooManyTargets', message: 'You cannot have more than 1000 targets per target group' });
    expect(failure(() => assertTargetQuota('lambda', 1, 1))).toEqual({ code: 'TooManyTargets', message: 'You cannot have more than 1 targets per target group' });
  });

  it('allows 1000 registrations of one id per load balancer', () => {
    expect(() => assertRegistrationQuota(1000)).not.toThrow();
    expect(failure(() => assertRegistrationQuota(1001)).code).toBe('TooManyRegistrationsForTargetId');
  });

  it('keys a named target by its port, the group port by default, no port for lambda', () => {
    expect(targetKeyOf(group(), { Id: 'i-1' })).toEqual({ targetId: 'i-1', port: 80 });
    expect(targetKeyOf(group(), { Id: 'i-1', Port: 81 })).toEqual({ targetId: 'i-1', port: 81 });
    expect(targetKeyOf(group({ TargetType: 'lambda' }), { Id: LAMBDA, Port: 81 })).toEqual({ targetId: LAMBDA, port: 0 });
  });

  it('knows the ranges allowed outside the VPC', () => {
    expect(['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '127.0.0.1', '::1', 'fd00::1'].every(isRoutableOutsideVpc)).toBe(true);
    expect(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::1', 'not-an-ip'].some(isRoutableOutsideVpc)).toBe(false);
  });
});
