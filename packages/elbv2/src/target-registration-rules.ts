import { isIPv4, isIPv6 } from 'node:net';
import type { elbv2 } from '@elbow/api-models';
import type { InstanceRecord } from '@elbow/ec2';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { parseElbv2Arn } from './arn.js';
import type { TargetGroupRecord } from './target-group-repository.js';
import { NO_PORT } from './target-registration-repository.js';

/**
 * What RegisterTargets decides about each target before anything is written. Pure: the facts
 * it needs from EC2 and from the load balancers are read by the handler and passed in.
 * Messages marked "unverified" are listed in UNVERIFIED.md; the rest cite where they were seen.
 */

/** Targets per target group: 1000 for instance/ip (ALB guide "Quotas"); a Lambda group holds one function; an alb group one ALB (NLB guide). */
export const MAX_TARGETS_PER_GROUP = 1000;
/** "Target registrations per target per ALB" (ALB guide "Quotas"). */
export const MAX_REGISTRATIONS_PER_TARGET_ID = 1000;
/** TargetDescription.AvailabilityZone: "An Availability Zone or `all`" [M1]. */
export const ALL_ZONES = 'all';

/** A load balancer an `alb` target may name. */
export interface TargetLoadBalancerFacts {
  readonly type: elbv2.LoadBalancerTypeEnum;
  readonly listenerPorts: readonly number[];
}

/** Read access to what the rules check targets against, in the caller's account and region. */
export interface TargetFacts {
  findInstance(instanceId: string): InstanceRecord | undefined;
  /** The zone of the group VPC's subnet that holds the address; undefined when none does. */
  zoneOfAddress(vpcId: string, address: string): string | undefined;
  /** The region's zone names. */
  readonly availabilityZones: readonly string[];
  findLoadBalancer(arn: string): TargetLoadBalancerFacts | undefined;
}

/** A target as it will be stored. */
export interface ResolvedTarget {
  readonly targetId: string;
  readonly port: number;
  readonly availabilityZone: string | undefined;
  readonly isAvailabilityZoneGiven: boolean;
  readonly quicServerId: string | undefined;
}

/** EC2 instance ids: `i-` and 8 or 17 lowercase hex digits. */
const INSTANCE_ID_PATTERN = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** A Lambda function ARN, optionally qualified by a version or alias (Lambda API reference, FunctionArn). */
const LAMBDA_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::(?:\$LATEST|[A-Za-z0-9_-]+))?$/;
/** QuicServerId: "the 0x prefix followed by 16 hexadecimal characters. Any letters must be lowercase" [M1]. */
const QUIC_SERVER_ID_PATTERN = /^0x[0-9a-f]{16}$/;
const QUIC_PROTOCOLS: readonly (elbv2.ProtocolEnum | undefined)[] = ['QUIC', 'TCP_QUIC'];

/**
 * Resolves and checks every target of one RegisterTargets call. Repeats of the same id and port
 * collapse to one. Per-id failures of one kind are reported together, as AWS's
 * "The following targets ..." messages do.
 */
export function resolveTargetsToRegister(
  group: TargetGroupRecord,
  targets: readonly elbv2.TargetDescription[],
  facts: TargetFacts,
): ResolvedTarget[] {
  const resolved = new Map<string, ResolvedTarget>();
  const resolve = RESOLVERS[group.targetType];
  const collected = resolve(group, targets, facts);
  for (const target of collected) {
    const key = `${target.targetId}\u0000${target.port}`;
    if (!resolved.has(key)) resolved.set(key, target);
  }
  return [...resolved.values()];
}

type Resolver = (group: TargetGroupRecord, targets: readonly elbv2.TargetDescription[], facts: TargetFacts) => ResolvedTarget[];

const RESOLVERS: Record<elbv2.TargetTypeEnum, Resolver> = {
  instance: resolveInstanceTargets,
  ip: resolveIpTargets,
  lambda: resolveLambdaTargets,
  alb: resolveAlbTargets,
};

function resolveInstanceTargets(group: TargetGroupRecord, targets: readonly elbv2.TargetDescription[], facts: TargetFacts): ResolvedTarget[] {
  for (const target of targets) {
    // aws-load-balancer-controller#3668: `ValidationError: Instance ID '10.19.173.98' is not valid`.
    if (!INSTANCE_ID_PATTERN.test(target.Id)) throw validationError(`Instance ID '${target.Id}' is not valid`);
    rejectAvailabilityZone(target, 'instance');
  }
  const instances = targets.map((target) => ({ target, instance: facts.findInstance(target.Id) }));
  // "The following targets are not valid instances: 'i-1234567890abcdef0'" (quoted from AWS in a public EKS/ASG write-up; code index).
  assertNone(
    instances.filter(({ instance }) => instance === undefined).map(({ target }) => target.Id),
    (ids) => `The following targets are not valid instances: ${ids}`,
  );
  // ECS service events quoting ELB: "The following targets are not in the target group VPC 'vpc-11111111': 'i-0381a63c79abcf413'" (code index).
  assertNone(
    instances.filter(({ instance }) => instance?.vpcId !== group.vpcId).map(({ target }) => target.Id),
    (ids) => `The following targets are not in the target group VPC '${group.vpcId ?? ''}': ${ids}`,
  );
  // hashicorp/terraform-provider-aws#8537, kubernetes-sigs/cluster-api-provider-aws#5037:
  // "The following targets are not in a running state and cannot be registered: 'i-05c40e7752fcba175'".
  // RegisterTargets docs: "it must be in the running state when you register it" [M1].
  assertNone(
    instances.filter(({ instance }) => instance?.state !== 'running').map(({ target }) => target.Id),
    (ids) => `The following targets are not in a running state and cannot be registered: ${ids}`,
  );
  return instances.map(({ target, instance }) => ({
    targetId: target.Id,
    port: portOf(group, target),
    availabilityZone: instance?.availabilityZone,
    isAvailabilityZoneGiven: false,
    quicServerId: quicServerIdOf(group, target),
  }));
}

function resolveIpTargets(group: TargetGroupRecord, targets: readonly elbv2.TargetDescription[], facts: TargetFacts): ResolvedTarget[] {
  const vpcId = group.vpcId ?? '';
  return targets.map((target) => {
    const address = target.Id;
    const isRightFamily = group.ipAddressType === 'ipv6' ? isIPv6(address) : isIPv4(address);
    if (!isRightFamily) {
      // Unverified wording.
      throw validationError(`The IP address '${address}' is not a valid ${group.ipAddressType === 'ipv6' ? 'IPv6' : 'IPv4'} address`);
    }
    const port = portOf(group, target);
    const quicServerId = quicServerIdOf(group, target);
    const subnetZone = facts.zoneOfAddress(vpcId, address);
    const givenZone = target.AvailabilityZone;
    if (subnetZone !== undefined) {
      // "If the IP address is in a subnet of the VPC for the target group, the Availability Zone
      // is automatically detected and this parameter is optional" [M1 TargetDescription doc].
      if (givenZone !== undefined && givenZone !== subnetZone) {
        // aws-load-balancer-controller#561 (2018): "The IP address '10.x.x.x' is within the VPC, and
        // cannot have its Availability Zone overridden to 'all' from 'us-east-1b'".
        throw validationError(
          `The IP address '${address}' is within the VPC, and cannot have its Availability Zone overridden to '${givenZone}' from '${subnetZone}'`,
        );
      }
      return { targetId: address, port, availabilityZone: subnetZone, isAvailabilityZoneGiven: givenZone !== undefined, quicServerId };
    }
    // Outside every subnet of the VPC (AWS compares subnets, not the VPC's CIDR blocks:
    // aws-load-balancer-controller#3714). AWS accepts private ranges reachable from the VPC;
    // elbow also accepts loopback, so targets on the emulator's host can be registered.
    if (!isRoutableOutsideVpc(address)) {
      // "You can't specify publicly routable IP addresses" (ALB guide, target-type ip). Unverified wording.
      throw new ServiceError('InvalidTarget', `The following targets are not in a valid IP address range: '${address}'`);
    }
    if (givenZone === undefined) {
      // aws-load-balancer-controller#3714, #1862; aws-samples/hostname-as-target-for-elastic-load-balancer#6.
      throw validationError(`The Availability Zone is required for IP address '${address}' because it is not in the VPC`);
    }
    if (givenZone !== ALL_ZONES && !facts.availabilityZones.includes(givenZone)) {
      // aws-load-balancer-controller#3084 (seen with no zone given; elbow uses it for an unknown zone).
      throw validationError(
        `You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '${address}' is outside the VPC`,
      );
    }
    return { targetId: address, port, availabilityZone: givenZone, isAvailabilityZoneGiven: true, quicServerId };
  });
}

function resolveLambdaTargets(_group: TargetGroupRecord, targets: readonly elbv2.TargetDescription[]): ResolvedTarget[] {
  return targets.map((target) => {
    if (!LAMBDA_ARN_PATTERN.test(target.Id)) {
      // Unverified wording.
      throw validationError(`The target ID '${target.Id}' is not a valid Lambda function ARN`);
    }
    // "If the target type is lambda, this parameter is optional and the only supported value is all" [M1].
    if (target.AvailabilityZone !== undefined && target.AvailabilityZone !== ALL_ZONES) {
      // Unverified wording.
      throw validationError(`The Availability Zone for Lambda function targets must be '${ALL_ZONES}'`);
    }
    // Port: "This parameter is not used if the target is a Lambda function" [M1]: ignored.
    return {
      targetId: target.Id,
      port: NO_PORT,
      availabilityZone: ALL_ZONES,
      isAvailabilityZoneGiven: target.AvailabilityZone !== undefined,
      quicServerId: undefined,
    };
  });
}

function resolveAlbTargets(group: TargetGroupRecord, targets: readonly elbv2.TargetDescription[], facts: TargetFacts): ResolvedTarget[] {
  return targets.map((target) => {
    rejectAvailabilityZone(target, 'alb');
    const parsed = parseElbv2Arn(target.Id);
    const loadBalancer = parsed?.kind === 'loadbalancer' ? facts.findLoadBalancer(target.Id) : undefined;
    if (!loadBalancer || loadBalancer.type !== 'application') {
      // "If the target type is alb, specify the ARN of the Application Load Balancer target" [M1]. Unverified wording.
      throw new ServiceError('InvalidTarget', `The following targets are not valid Application Load Balancers: '${target.Id}'`);
    }
    const port = portOf(group, target);
    if (!loadBalancer.listenerPorts.includes(port)) {
      // "the targeted Application Load Balancer must have at least one listener whose port matches the target group port" [M1]. Unverified wording.
      throw new ServiceError(
        'InvalidTarget',
        `The following targets do not have a listener on port '${port}': '${target.Id}'`,
      );
    }
    return { targetId: target.Id, port, availabilityZone: undefined, isAvailabilityZoneGiven: false, quicServerId: undefined };
  });
}

/** The most targets a group of this type holds. */
export function maxTargetsOf(targetType: elbv2.TargetTypeEnum): number {
  return targetType === 'lambda' || targetType === 'alb' ? 1 : MAX_TARGETS_PER_GROUP;
}

/** `currentCount` registrations plus `newCount` new ones must fit the group. */
export function assertTargetQuota(targetType: elbv2.TargetTypeEnum, currentCount: number, newCount: number): void {
  if (currentCount + newCount > maxTargetsOf(targetType)) {
    // By analogy with the NLB answer "You cannot have more than 1000 targets per network load balancer
    // with cross-zone load balancing enabled." (kubernetes/cloud-provider-aws#1328). Unverified.
    throw new ServiceError('TooManyTargets', `You cannot have more than ${maxTargetsOf(targetType)} targets per target group`);
  }
}

/** A target id's registrations with the groups of one load balancer, after this call. */
export function assertRegistrationQuota(registrationCount: number): void {
  if (registrationCount > MAX_REGISTRATIONS_PER_TARGET_ID) {
    // The model's TooManyRegistrationsForTargetIdException documentation. Unverified as the wire message.
    throw new ServiceError(
      'TooManyRegistrationsForTargetId',
      `You've reached the limit on the number of times a target can be registered with a load balancer.`,
    );
  }
}

/**
 * The (id, port) key of a target named in DeregisterTargets or DescribeTargetHealth: the port
 * defaults to the group's, as for RegisterTargets; Lambda targets have none.
 */
export function targetKeyOf(group: TargetGroupRecord, target: elbv2.TargetDescription): { targetId: string; port: number } {
  if (group.targetType === 'lambda') return { targetId: target.Id, port: NO_PORT };
  return { targetId: target.Id, port: target.Port ?? group.port ?? NO_PORT };
}

/** "By default, the load balancer routes requests to registered targets using the ... port for the target group" [M1 RegisterTargets doc]. */
function portOf(group: TargetGroupRecord, target: elbv2.TargetDescription): number {
  const port = target.Port ?? group.port;
  if (port === undefined) throw validationError(`A port must be specified for target '${target.Id}'`); // Unverified wording; only lambda groups lack a port.
  return port;
}

function quicServerIdOf(group: TargetGroupRecord, target: elbv2.TargetDescription): string | undefined {
  const isQuic = QUIC_PROTOCOLS.includes(group.protocol);
  // "This value is required if the protocol is QUIC or TCP_QUIC and can't be used with other protocols" [M1]. Unverified wordings.
  if (isQuic && target.QuicServerId === undefined) throw validationError(`A QUIC server ID must be specified for target '${target.Id}'`);
  if (!isQuic && target.QuicServerId !== undefined) {
    throw validationError(`A QUIC server ID can be specified only for target groups with the QUIC or TCP_QUIC protocol`);
  }
  if (target.QuicServerId !== undefined && !QUIC_SERVER_ID_PATTERN.test(target.QuicServerId)) {
    throw validationError(`The QUIC server ID '${target.QuicServerId}' is not valid`);
  }
  return target.QuicServerId;
}

function rejectAvailabilityZone(target: elbv2.TargetDescription, targetType: elbv2.TargetTypeEnum): void {
  // "This parameter is not supported if the target type of the target group is instance or alb" [M1]. Unverified wording.
  if (target.AvailabilityZone !== undefined) {
    throw validationError(`An Availability Zone cannot be specified for targets of target groups with target type '${targetType}'`);
  }
}

/** Throws InvalidTarget naming every offending id, each quoted, in request order. */
function assertNone(ids: readonly string[], message: (quotedIds: string) => string): void {
  if (ids.length === 0) return;
  // Several ids: separator unverified (every capture names one target).
  throw new ServiceError('InvalidTarget', message([...new Set(ids)].map((id) => `'${id}'`).join(', ')));
}

/**
 * Addresses outside the VPC that an ip target may use: RFC 1918 and RFC 6598 ranges for IPv4
 * ("the subnets of the VPC, 10.0.0.0/8, 100.64.0.0/10, 172.16.0.0/12, 192.168.0.0/16", ALB guide,
 * target type ip), unique-local fc00::/7 for IPv6; plus loopback (127.0.0.0/8, ::1), an elbow
 * addition so targets on the emulator's host can be registered.
 */
export function isRoutableOutsideVpc(address: string): boolean {
  if (isIPv4(address)) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (isIPv6(address)) {
    const lower = address.toLowerCase();
    if (lower === '::1') return true;
    const firstGroup = parseInt(lower.split(':')[0] || '0', 16);
    return (firstGroup & 0xfe00) === 0xfc00;
  }
  return false;
}
