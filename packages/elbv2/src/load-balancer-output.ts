import type { elbv2 } from '@elbow/api-models';
import type { LoadBalancerRecord, LoadBalancerZone } from './load-balancer-repository.js';

/**
 * A stored load balancer as AWS returns it (aws-cli `create-load-balancer.rst`,
 * `describe-load-balancers.rst`). `State` is `provisioning` until `activeAt`, then `active`
 * (the model's `LoadBalancerStateEnum`; elbv2-validation.md §6). Per type:
 * - ALB: SecurityGroups; AvailabilityZones without LoadBalancerAddresses (Example 1);
 * - NLB: every zone lists LoadBalancerAddresses (empty when the mapping gave no address;
 *   Example 3 shows an Elastic IP's); SecurityGroups only when it has some;
 * - GWLB: no DNSName, CanonicalHostedZoneId, Scheme or SecurityGroups (Example 4), and
 *   IpAddressType only once it is not the default `ipv4` (Example 4 omits it; elbow's choice).
 */
export function toLoadBalancerOutput(record: LoadBalancerRecord, now: Date): elbv2.LoadBalancer {
  const isGateway = record.type === 'gateway';
  return {
    LoadBalancerArn: record.arn,
    DNSName: record.dnsName,
    CanonicalHostedZoneId: record.canonicalHostedZoneId,
    CreatedTime: new Date(record.createdAt),
    LoadBalancerName: record.name,
    Scheme: isGateway ? undefined : record.scheme,
    VpcId: record.vpcId,
    State: { Code: now.getTime() < Date.parse(record.activeAt) ? 'provisioning' : 'active' },
    Type: record.type,
    AvailabilityZones: toAvailabilityZones(record),
    SecurityGroups: record.type === 'application' || record.securityGroups.length > 0 ? [...record.securityGroups] : undefined,
    IpAddressType: isGateway && record.ipAddressType === 'ipv4' ? undefined : record.ipAddressType,
    CustomerOwnedIpv4Pool: record.customerOwnedIpv4Pool,
    EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: record.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
    EnablePrefixForIpv6SourceNat: record.enablePrefixForIpv6SourceNat,
    IpamPools: record.ipv4IpamPoolId !== undefined ? { Ipv4IpamPoolId: record.ipv4IpamPoolId } : undefined,
  };
}

export function toAvailabilityZones(record: Pick<LoadBalancerRecord, 'type' | 'availabilityZones'>): elbv2.AvailabilityZone[] {
  return record.availabilityZones.map((zone) => ({
    ZoneName: zone.zoneName,
    SubnetId: zone.subnetId,
    ...(record.type === 'network' ? { LoadBalancerAddresses: addressesOf(zone) } : {}),
    ...(zone.sourceNatIpv6Prefix !== undefined ? { SourceNatIpv6Prefixes: [zone.sourceNatIpv6Prefix] } : {}),
  }));
}

/**
 * An NLB zone's addresses as the mapping gave them. AWS fills in the Elastic IP's public
 * address (`IpAddress`); elbow has no Elastic IPs to look it up in, so it lists the allocation
 * alone (a known gap).
 */
function addressesOf(zone: LoadBalancerZone): elbv2.LoadBalancerAddress[] {
  if (zone.allocationId === undefined && zone.privateIpv4Address === undefined && zone.ipv6Address === undefined) return [];
  return [
    {
      ...(zone.allocationId !== undefined ? { AllocationId: zone.allocationId } : {}),
      ...(zone.privateIpv4Address !== undefined ? { PrivateIPv4Address: zone.privateIpv4Address } : {}),
      ...(zone.ipv6Address !== undefined ? { IPv6Address: zone.ipv6Address } : {}),
    },
  ];
}
