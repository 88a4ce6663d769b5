import type { elbv2 } from '@elbow/api-models';
import type { Ec2Inventory, Ec2Scope } from '@elbow/ec2';
import { ServiceError, validationError } from '@elbow/query-protocol';
import type { LoadBalancerZone } from './load-balancer-repository.js';

/**
 * Where a load balancer lives: its subnets (one per Availability Zone, all in one VPC) and
 * security groups, checked against EC2 as AWS checks them. Messages: elbv2-validation.md §3
 * and UNVERIFIED.md.
 */
export interface Placement {
  readonly vpcId: string;
  readonly zones: LoadBalancerZone[];
}

export interface PlacementRequest {
  readonly type: elbv2.LoadBalancerTypeEnum;
  readonly scheme: elbv2.LoadBalancerSchemeEnum;
  readonly subnets: readonly string[] | undefined;
  readonly subnetMappings: readonly elbv2.SubnetMapping[] | undefined;
}

/** Resolves Subnets or SubnetMappings to zones; throws AWS's error for any bad subnet. */
export function resolvePlacement(ec2: Ec2Inventory, scope: Ec2Scope, request: PlacementRequest): Placement {
  const { subnets, subnetMappings, type } = request;
  if (subnets !== undefined && subnetMappings !== undefined && subnets.length > 0 && subnetMappings.length > 0) {
    // The model: "You must specify either subnets or subnet mappings" — wording unverified.
    throw validationError('You can specify subnets or subnet mappings, but not both');
  }
  const mappings: elbv2.SubnetMapping[] = subnetMappings?.length ? [...subnetMappings] : (subnets ?? []).map((SubnetId) => ({ SubnetId }));
  if (mappings.length === 0) {
    // Verified for ALBs (§3 [G1]); NLB/GWLB wording unverified.
    if (type === 'application') throw atLeastTwoZones();
    throw validationError('At least one subnet must be specified');
  }
  for (const mapping of mappings) {
    if (!mapping.SubnetId) throw validationError('A subnet ID must be specified for each subnet mapping');
    assertMappingFitsType(mapping, request);
  }
  const ids = mappings.map((mapping) => mapping.SubnetId as string);
  const found = new Map(ec2.findSubnets(scope, ids).map((subnet) => [subnet.subnetId, subnet]));
  const zones: LoadBalancerZone[] = [];
  const seenZones = new Set<string>();
  let vpcId: string | undefined;
  for (const mapping of mappings) {
    const subnet = found.get(mapping.SubnetId as string);
    // EC2's wording, seen through ELB (code index: `SubnetNotFound: The subnet ID 'subnet-…' does not exist`).
    if (!subnet) throw new ServiceError('SubnetNotFound', `The subnet ID '${mapping.SubnetId}' does not exist`);
    if (vpcId !== undefined && subnet.vpcId !== vpcId) {
      throw new ServiceError('InvalidSubnet', `The subnets '${zones[0]?.subnetId}' and '${subnet.subnetId}' are not in the same VPC`);
    }
    vpcId = subnet.vpcId;
    if (seenZones.has(subnet.availabilityZone)) {
      // Verified: issues robertdebock/terraform-aws-vault#5, coldbrewcloud/coldbrew-cli#44 (InvalidConfigurationRequest, 400).
      throw new ServiceError('InvalidConfigurationRequest', 'A load balancer cannot be attached to multiple subnets in the same Availability Zone');
    }
    seenZones.add(subnet.availabilityZone);
    zones.push({
      zoneName: subnet.availabilityZone,
      subnetId: subnet.subnetId,
      ...(mapping.AllocationId !== undefined ? { allocationId: mapping.AllocationId } : {}),
      ...(mapping.PrivateIPv4Address !== undefined ? { privateIpv4Address: mapping.PrivateIPv4Address } : {}),
      ...(mapping.IPv6Address !== undefined ? { ipv6Address: mapping.IPv6Address } : {}),
      ...(mapping.SourceNatIpv6Prefix !== undefined ? { sourceNatIpv6Prefix: mapping.SourceNatIpv6Prefix } : {}),
    });
  }
  if (type === 'application' && zones.length < 2) throw atLeastTwoZones();
  return { vpcId: vpcId as string, zones };
}

/** Verified (elbv2-validation.md §3 [G1]; kasmtech/terraform#5, aws-samples/aws-cdk-examples#226). */
function atLeastTwoZones(): ServiceError {
  return validationError('At least two subnets in two different Availability Zones must be specified');
}

/**
 * "[Application Load Balancers] You cannot specify Elastic IP addresses for your subnets";
 * "[Network Load Balancers] You can specify one Elastic IP address per subnet if you need static
 * IP addresses for your internet-facing load balancer. For internal load balancers, you can
 * specify one private IP address per subnet" [M1 CreateLoadBalancerInput.SubnetMappings].
 * Wording unverified.
 */
function assertMappingFitsType(mapping: elbv2.SubnetMapping, { type, scheme }: PlacementRequest): void {
  if (type !== 'network') {
    for (const [member, value] of [['AllocationId', mapping.AllocationId], ['PrivateIPv4Address', mapping.PrivateIPv4Address]] as const) {
      if (value !== undefined) {
        throw new ServiceError('InvalidConfigurationRequest', `${member} is not supported for load balancers with type '${type}'`);
      }
    }
    return;
  }
  if (mapping.AllocationId !== undefined && scheme === 'internal') {
    throw new ServiceError('InvalidConfigurationRequest', 'Elastic IP addresses are not supported for internal load balancers');
  }
  if (mapping.PrivateIPv4Address !== undefined && scheme !== 'internal') {
    throw new ServiceError('InvalidConfigurationRequest', 'Private IPv4 addresses are supported only for internal load balancers');
  }
}

/**
 * The security groups of a load balancer in `vpcId`: those given, which must exist in that VPC,
 * or for an ALB given none the VPC's default group (aws-cli create-load-balancer.rst Example 1:
 * one group though none was given). NLBs may have none; GWLBs take none.
 */
export function resolveSecurityGroups(
  ec2: Ec2Inventory,
  scope: Ec2Scope,
  type: elbv2.LoadBalancerTypeEnum,
  vpcId: string,
  groupIds: readonly string[] | undefined,
): string[] {
  if (type === 'gateway') {
    if (groupIds?.length) {
      // Gateway Load Balancers "do not support security groups" (GWLB guide); wording unverified.
      throw new ServiceError('InvalidConfigurationRequest', `Security groups are not supported for load balancers with type 'gateway'`);
    }
    return [];
  }
  if (!groupIds?.length) {
    if (type === 'network') return [];
    const fallback = ec2.defaultSecurityGroup(scope, vpcId);
    return fallback ? [fallback.groupId] : [];
  }
  const unique = [...new Set(groupIds)];
  const found = new Map(ec2.findSecurityGroups(scope, unique).map((group) => [group.groupId, group]));
  for (const id of unique) {
    const group = found.get(id);
    // moto's wording; unverified.
    if (!group || group.vpcId !== vpcId) throw new ServiceError('InvalidSecurityGroup', `Invalid security group '${id}'`);
  }
  return unique;
}
