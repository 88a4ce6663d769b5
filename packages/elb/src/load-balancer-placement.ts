import { ServiceError, validationError } from '@elbow/query-protocol';
import type { Ec2Inventory, SubnetRecord } from '@elbow/ec2';
import type { Scope } from './handler-types.js';
import type { ZoneRow } from './load-balancer-repository.js';

/**
 * Where a classic load balancer lives. Classic load balancers are created in a VPC today (EC2-Classic
 * is retired): by Subnets, or by AvailabilityZones, which places it in the default VPC in those
 * zones (model CreateAccessPointInput doc; classic-elb.md §2). Only the both-given message is
 * verified ([G5]); the others are unverified (UNVERIFIED.md).
 */
export interface Placement {
  readonly vpcId: string | undefined;
  readonly zones: ZoneRow[];
}

export function placementOf(ec2: Ec2Inventory, scope: Scope, zones: readonly string[] | undefined, subnetIds: readonly string[] | undefined): Placement {
  const hasZones = zones !== undefined && zones.length > 0;
  const hasSubnets = subnetIds !== undefined && subnetIds.length > 0;
  if (hasZones && hasSubnets) throw validationError('Only one of SubnetIds or AvailabilityZones may be specified');
  if (!hasZones && !hasSubnets) throw validationError('Either AvailabilityZones or SubnetIds must be specified');
  if (hasSubnets) {
    const subnets = findSubnets(ec2, scope, subnetIds ?? []);
    const vpcIds = new Set(subnets.map((subnet) => subnet.vpcId));
    if (vpcIds.size > 1) throw new ServiceError('InvalidConfigurationRequest', 'All subnets must belong to the same VPC');
    return { vpcId: subnets[0]?.vpcId, zones: zonesOfSubnets([], subnets) };
  }
  return { vpcId: ec2.defaultVpc(scope)?.vpcId, zones: zonesByName(ec2, scope, [], zones ?? []) };
}

/** The subnets, in the order asked, each at most once; any unknown id answers SubnetNotFound. */
export function findSubnets(ec2: Ec2Inventory, scope: Scope, subnetIds: readonly string[]): SubnetRecord[] {
  const unique = [...new Set(subnetIds)];
  const found = ec2.findSubnets(scope, unique);
  const missing = unique.filter((id) => !found.some((subnet) => subnet.subnetId === id));
  if (missing.length > 0) throw new ServiceError('SubnetNotFound', `The subnet ID '${missing.join(', ')}' does not exist`);
  return found;
}

/** Adds subnets to zones already held: one subnet per availability zone. */
export function zonesOfSubnets(current: readonly ZoneRow[], subnets: readonly SubnetRecord[]): ZoneRow[] {
  const zones = [...current];
  for (const subnet of subnets) {
    const existing = zones.find((zone) => zone.availabilityZone === subnet.availabilityZone);
    if (existing?.subnetId === subnet.subnetId) continue;
    if (existing) {
      throw new ServiceError(
        'InvalidConfigurationRequest',
        `LoadBalancer attached to multiple subnets in the same AvailabilityZone ${subnet.availabilityZone}`,
      );
    }
    zones.push({ availabilityZone: subnet.availabilityZone, subnetId: subnet.subnetId });
  }
  return zones;
}

/** Adds zones by name to those held; each must be a zone of the region. */
export function zonesByName(ec2: Ec2Inventory, scope: Scope, current: readonly ZoneRow[], names: readonly string[]): ZoneRow[] {
  const known = ec2.availabilityZones(scope);
  const zones = [...current];
  for (const name of names) {
    if (!known.includes(name)) throw validationError(`Invalid Availability Zone: ${name}`);
    if (!zones.some((zone) => zone.availabilityZone === name)) zones.push({ availabilityZone: name, subnetId: undefined });
  }
  return zones;
}

/**
 * The security groups, checked: each must exist and sit in the load balancer's VPC (model
 * InvalidSecurityGroupException doc). Without any, the VPC's default group (as elbv2 does).
 */
export function securityGroupsFor(ec2: Ec2Inventory, scope: Scope, vpcId: string | undefined, groupIds: readonly string[] | undefined): string[] {
  if (groupIds === undefined || groupIds.length === 0) {
    const fallback = vpcId === undefined ? undefined : ec2.defaultSecurityGroup(scope, vpcId);
    return fallback ? [fallback.groupId] : [];
  }
  const unique = [...new Set(groupIds)];
  const found = ec2.findSecurityGroups(scope, unique);
  for (const id of unique) {
    const group = found.find((candidate) => candidate.groupId === id);
    if (!group || group.vpcId !== vpcId) throw new ServiceError('InvalidSecurityGroup', `One or more security groups are invalid: ${id}`);
  }
  return unique;
}
