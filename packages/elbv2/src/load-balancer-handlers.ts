import type { elbv2 } from '@elbow/api-models';
import type { Ec2Inventory } from '@elbow/ec2';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { canonicalHostedZoneId } from './hosted-zones.js';
import { loadBalancerDnsName } from './dns-name.js';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import {
  describeLoadBalancerAttributes,
  loadBalancerAttributeValue,
  resolveLoadBalancerAttributeChanges,
} from './load-balancer-attributes.js';
import { findLoadBalancer, loadBalancerArn } from './load-balancer-lookup.js';
import { assertLoadBalancerNameLength, assertValidLoadBalancerName } from './load-balancer-name.js';
import { toAvailabilityZones, toLoadBalancerOutput } from './load-balancer-output.js';
import { resolvePlacement, resolveSecurityGroups } from './load-balancer-placement.js';
import type { LoadBalancerRecord, LoadBalancerRepository, NewLoadBalancer } from './load-balancer-repository.js';
import { decodeMarker, DEFAULT_PAGE_SIZE, encodeMarker, pageOf } from './pagination.js';
import type { TagRepository } from './tag-repository.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';

export interface LoadBalancerHandlerDependencies {
  readonly loadBalancers: LoadBalancerRepository;
  readonly tags: TagRepository;
  readonly ec2: Ec2Inventory;
  /** `length` random lowercase hex characters. */
  readonly randomHex: (length: number) => string;
  /** An ALB DNS number's 8 hex characters for account, region and name; undefined: random. */
  readonly albDnsHex?: ((accountId: string, region: string, name: string) => string) | undefined;
  /** Overrides the request time (tests); defaults to `context.now`. */
  readonly clock: (() => Date) | undefined;
  /** How long a new load balancer stays `provisioning`. */
  readonly provisioningMs: number;
}

/**
 * "Application Load Balancers per Region: 50" (ALB guide, load-balancer-limits; elbv2-validation.md
 * §7); aws-cli `describe-account-limits.rst` gives 50 network and 100 gateway load balancers.
 * elbow counts each type against its own quota, as the separate limits suggest.
 */
export const LOAD_BALANCER_QUOTAS: Readonly<Record<elbv2.LoadBalancerTypeEnum, number>> = {
  application: 50,
  network: 50,
  gateway: 100,
};
const LOAD_BALANCER_ID_LENGTH = 16;

export type LoadBalancerMutationName =
  | 'CreateLoadBalancer'
  | 'DeleteLoadBalancer'
  | 'ModifyLoadBalancerAttributes'
  | 'SetSubnets'
  | 'SetSecurityGroups'
  | 'SetIpAddressType'
  | 'ModifyIpPools';
export type LoadBalancerQueryName = 'DescribeLoadBalancers' | 'DescribeLoadBalancerAttributes';

export function loadBalancerMutations(deps: LoadBalancerHandlerDependencies): SyncHandlers<LoadBalancerMutationName> {
  const { loadBalancers, tags, ec2 } = deps;
  const nowOf = (context: { now: Date }) => deps.clock?.() ?? context.now;
  return {
    CreateLoadBalancer(input, context) {
      const scope = scopeOf(context);
      assertValidLoadBalancerName(input.Name);
      const type = input.Type ?? 'application';
      const scheme = input.Scheme ?? 'internet-facing';
      const ipAddressType = input.IpAddressType ?? 'ipv4';
      assertIpAddressTypeFits(type, scheme, ipAddressType);
      if (input.EnablePrefixForIpv6SourceNat !== undefined && type !== 'network') {
        // "[Network Load Balancers with UDP listeners]" only [M1]; wording unverified.
        throw new ServiceError('InvalidConfigurationRequest', `EnablePrefixForIpv6SourceNat is not supported for load balancers with type '${type}'`);
      }
      const newTags = input.Tags ?? [];
      assertValidNewTags(newTags);
      assertTagQuota([], newTags);
      const placement = resolvePlacement(ec2, scope, { type, scheme, subnets: input.Subnets, subnetMappings: input.SubnetMappings });
      const securityGroups = resolveSecurityGroups(ec2, scope, type, placement.vpcId, input.SecurityGroups);

      // "This operation is idempotent ... If you attempt to create multiple load balancers with the
      // same settings, each call succeeds" [M1 CreateLoadBalancer doc]; tags of a repeat are ignored.
      const existing = loadBalancers.findByName(scope, input.Name);
      if (existing) {
        const isSame =
          existing.type === type &&
          existing.scheme === scheme &&
          existing.ipAddressType === ipAddressType &&
          sameSet(existing.availabilityZones.map((zone) => zone.subnetId), placement.zones.map((zone) => zone.subnetId)) &&
          sameSet(existing.securityGroups, securityGroups);
        if (isSame) return { LoadBalancers: [toLoadBalancerOutput(existing, nowOf(context))] };
        // Verified (elbv2-validation.md §3 [G11]).
        throw new ServiceError('DuplicateLoadBalancerName', `A load balancer with the same name '${input.Name}' exists, but with different settings`);
      }
      const ofType = loadBalancers.listAfter(scope, 0, Number.MAX_SAFE_INTEGER).filter((loadBalancer) => loadBalancer.type === type).length;
      if (ofType >= LOAD_BALANCER_QUOTAS[type]) {
        // The model's TooManyLoadBalancersException documentation; unverified as the wire message.
        throw new ServiceError('TooManyLoadBalancers', `You've reached the limit on the number of load balancers for your AWS account.`);
      }
      const id = deps.randomHex(LOAD_BALANCER_ID_LENGTH);
      const now = nowOf(context);
      const record: NewLoadBalancer = {
        arn: loadBalancerArn(scope, type, input.Name, id),
        name: input.Name,
        type,
        scheme,
        ipAddressType,
        vpcId: placement.vpcId,
        dnsName: loadBalancerDnsName({ type, scheme, name: input.Name, region: scope.region, id, randomHex8: deps.albDnsHex?.(scope.accountId, scope.region, input.Name) ?? deps.randomHex(8) }),
        canonicalHostedZoneId: canonicalHostedZoneId(scope.region, type),
        customerOwnedIpv4Pool: input.CustomerOwnedIpv4Pool,
        enablePrefixForIpv6SourceNat: input.EnablePrefixForIpv6SourceNat,
        ipv4IpamPoolId: input.IpamPools?.Ipv4IpamPoolId,
        availabilityZones: placement.zones,
        securityGroups,
        createdAt: now.toISOString(),
        activeAt: new Date(now.getTime() + deps.provisioningMs).toISOString(),
      };
      const created = loadBalancers.insert(scope, record);
      tags.put(scope, created.arn, newTags);
      return { LoadBalancers: [toLoadBalancerOutput(created, now)] };
    },

    DeleteLoadBalancer(input, context) {
      const scope = scopeOf(context);
      // An unknown (well-formed) ARN succeeds silently (elbv2-validation.md §3 [M1]).
      let loadBalancer: LoadBalancerRecord;
      try {
        loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      } catch (error) {
        if (error instanceof ServiceError && error.code === 'LoadBalancerNotFound') return {};
        throw error;
      }
      const stored = loadBalancers.getAttributes(scope, loadBalancer.arn);
      if (loadBalancerAttributeValue(loadBalancer, stored, 'deletion_protection.enabled') === 'true') {
        // The ending is verified (§3 [G15]); the `Load balancer '<arn>'` prefix is not.
        throw new ServiceError(
          'OperationNotPermitted',
          `Load balancer '${loadBalancer.arn}' cannot be deleted because deletion protection is enabled`,
        );
      }
      loadBalancers.delete(scope, loadBalancer.arn);
      return {};
    },

    ModifyLoadBalancerAttributes(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      const stored = loadBalancers.getAttributes(scope, loadBalancer.arn);
      const changes = resolveLoadBalancerAttributeChanges(loadBalancer, stored, input.Attributes);
      loadBalancers.putAttributes(scope, loadBalancer.arn, changes);
      return { Attributes: describeLoadBalancerAttributes(loadBalancer, new Map([...stored, ...changes])) };
    },

    SetSubnets(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      const ipAddressType = input.IpAddressType ?? loadBalancer.ipAddressType;
      assertIpAddressTypeFits(loadBalancer.type, loadBalancer.scheme, ipAddressType);
      const placement = resolvePlacement(ec2, scope, {
        type: loadBalancer.type,
        scheme: loadBalancer.scheme,
        subnets: input.Subnets,
        subnetMappings: input.SubnetMappings,
      });
      if (placement.vpcId !== loadBalancer.vpcId) {
        // Wording unverified.
        throw new ServiceError('InvalidSubnet', `The subnets must be in the load balancer's VPC '${loadBalancer.vpcId}'`);
      }
      if (input.EnablePrefixForIpv6SourceNat !== undefined && loadBalancer.type !== 'network') {
        throw new ServiceError(
          'InvalidConfigurationRequest',
          `EnablePrefixForIpv6SourceNat is not supported for load balancers with type '${loadBalancer.type}'`,
        );
      }
      const enablePrefix = input.EnablePrefixForIpv6SourceNat ?? loadBalancer.enablePrefixForIpv6SourceNat;
      loadBalancers.replaceAvailabilityZones(scope, loadBalancer.arn, placement.zones);
      loadBalancers.updateIpAddressType(scope, loadBalancer.arn, ipAddressType);
      loadBalancers.updateEnablePrefixForIpv6SourceNat(scope, loadBalancer.arn, enablePrefix);
      return {
        AvailabilityZones: toAvailabilityZones({ type: loadBalancer.type, availabilityZones: placement.zones }),
        IpAddressType: ipAddressType,
        ...(enablePrefix !== undefined ? { EnablePrefixForIpv6SourceNat: enablePrefix } : {}),
      };
    },

    SetSecurityGroups(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      if (loadBalancer.type === 'gateway') {
        throw new ServiceError('InvalidConfigurationRequest', `Security groups are not supported for load balancers with type 'gateway'`);
      }
      const requested = [...new Set(input.SecurityGroups)];
      if (loadBalancer.type === 'network') {
        // NLB guide, "Update the security groups": a Network Load Balancer created without security
        // groups can't take them later, and one with them must keep at least one. Wording unverified.
        if (loadBalancer.securityGroups.length === 0 && requested.length > 0) {
          throw new ServiceError(
            'InvalidConfigurationRequest',
            'You cannot add security groups to a Network Load Balancer that was created without security groups',
          );
        }
        if (loadBalancer.securityGroups.length > 0 && requested.length === 0) {
          throw new ServiceError(
            'InvalidConfigurationRequest',
            'You cannot remove every security group from a Network Load Balancer that was created with security groups',
          );
        }
      } else if (requested.length === 0) {
        // "[Application Load Balancers] ... at least one security group" (ALB guide); wording unverified.
        throw validationError('At least one security group must be specified for an Application Load Balancer');
      }
      const groups = requested.length ? resolveSecurityGroups(ec2, scope, loadBalancer.type, loadBalancer.vpcId, requested) : [];
      if (input.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic !== undefined && loadBalancer.type !== 'network') {
        // "[Network Load Balancers]" only [M1 SetSecurityGroupsInput]; wording unverified.
        throw new ServiceError(
          'InvalidConfigurationRequest',
          `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic is not supported for load balancers with type '${loadBalancer.type}'`,
        );
      }
      loadBalancers.replaceSecurityGroups(scope, loadBalancer.arn, groups);
      const enforce =
        input.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic ??
        (loadBalancer.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic as elbv2.EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum | undefined);
      if (input.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic !== undefined) {
        loadBalancers.updateEnforceSecurityGroupInboundRules(scope, loadBalancer.arn, enforce);
      }
      return {
        SecurityGroupIds: groups,
        ...(enforce !== undefined ? { EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: enforce } : {}),
      };
    },

    SetIpAddressType(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      assertIpAddressTypeFits(loadBalancer.type, loadBalancer.scheme, input.IpAddressType);
      loadBalancers.updateIpAddressType(scope, loadBalancer.arn, input.IpAddressType);
      return { IpAddressType: input.IpAddressType };
    },

    ModifyIpPools(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      const requested = input.IpamPools?.Ipv4IpamPoolId;
      const isRemoving = (input.RemoveIpamPools ?? []).includes('ipv4');
      if (requested !== undefined && isRemoving) {
        // Wording unverified.
        throw validationError('You cannot both set and remove the IPv4 IPAM pool in one request');
      }
      const poolId = isRemoving ? undefined : (requested ?? loadBalancer.ipv4IpamPoolId);
      loadBalancers.updateIpv4IpamPoolId(scope, loadBalancer.arn, poolId);
      return poolId !== undefined ? { IpamPools: { Ipv4IpamPoolId: poolId } } : {};
    },
  };
}

export function loadBalancerQueries(deps: LoadBalancerHandlerDependencies): SyncHandlers<LoadBalancerQueryName> {
  const { loadBalancers } = deps;
  const nowOf = (context: { now: Date }) => deps.clock?.() ?? context.now;
  return {
    DescribeLoadBalancers(input, context) {
      const scope = scopeOf(context);
      const now = nowOf(context);
      const arns = input.LoadBalancerArns ?? [];
      const names = input.Names ?? [];
      if (arns.length > 0 && names.length > 0) {
        // The model documents the two as alternatives; wording unverified.
        throw validationError('Load balancer names and load balancer ARNs cannot be specified at the same time');
      }
      if (arns.length > 0 || names.length > 0) {
        let found: LoadBalancerRecord[];
        if (arns.length > 0) {
          found = arns.map((arn) => findLoadBalancer(loadBalancers, scope, arn));
        } else {
          names.forEach(assertLoadBalancerNameLength);
          const byName = names.map((name) => [name, loadBalancers.findByName(scope, name)] as const);
          const missing = byName.filter(([, record]) => record === undefined).map(([name]) => name);
          // Verified for one name (§3 [G7]); the separator for several is unverified.
          if (missing.length > 0) throw new ServiceError('LoadBalancerNotFound', `Load balancers '[${missing.join(', ')}]' not found`);
          found = byName.map(([, record]) => record as LoadBalancerRecord);
        }
        const unique = [...new Map(found.map((record) => [record.seq, record])).values()].sort((a, b) => a.seq - b.seq);
        const page = pageOf(unique, input.Marker, input.PageSize);
        return describeOutput(page.items, page.nextMarker, now);
      }
      const pageSize = input.PageSize ?? DEFAULT_PAGE_SIZE;
      const rows = loadBalancers.listAfter(scope, decodeMarker(input.Marker), pageSize + 1);
      const items = rows.slice(0, pageSize);
      const last = items[items.length - 1];
      return describeOutput(items, rows.length > pageSize && last ? encodeMarker(last.seq) : undefined, now);
    },

    DescribeLoadBalancerAttributes(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = findLoadBalancer(loadBalancers, scope, input.LoadBalancerArn);
      return { Attributes: describeLoadBalancerAttributes(loadBalancer, loadBalancers.getAttributes(scope, loadBalancer.arn)) };
    },
  };
}

function describeOutput(items: readonly LoadBalancerRecord[], nextMarker: string | undefined, now: Date): elbv2.DescribeLoadBalancersOutput {
  return { LoadBalancers: items.map((record) => toLoadBalancerOutput(record, now)), ...(nextMarker ? { NextMarker: nextMarker } : {}) };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((item) => left.has(item));
}

/**
 * Which IP address types a load balancer can take [M1 IpAddressType docs]:
 * `dualstack-without-public-ipv4` only for internet-facing ALBs; `dualstack` for every type
 * (a GWLB or NLB too). elbow's subnets carry no IPv6 CIDRs, so the "subnets must have IPv6
 * blocks" check AWS makes is not made (a known gap). Wording unverified.
 */
function assertIpAddressTypeFits(
  type: elbv2.LoadBalancerTypeEnum,
  scheme: elbv2.LoadBalancerSchemeEnum,
  ipAddressType: elbv2.IpAddressType,
): void {
  if (ipAddressType !== 'dualstack-without-public-ipv4') return;
  if (type !== 'application') {
    throw new ServiceError(
      'InvalidConfigurationRequest',
      `IP address type 'dualstack-without-public-ipv4' is not supported for load balancers with type '${type}'`,
    );
  }
  if (scheme === 'internal') {
    throw new ServiceError('InvalidConfigurationRequest', `IP address type 'dualstack-without-public-ipv4' is not supported for internal load balancers`);
  }
}
