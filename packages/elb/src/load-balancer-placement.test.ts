import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEc2Inventory } from '@elbow/ec2';
import type { Ec2Inventory, SubnetRecord } from '@elbow/ec2';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { placementOf, securityGroupsFor, zonesByName, zonesOfSubnets } from './load-balancer-placement.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
let store: Store;
let ec2: Ec2Inventory;
let vpcId: string;
let subnets: SubnetRecord[];

beforeEach(() => {
  store = openStore({ location: ':memory:' });
  ec2 = createEc2Inventory(store.db);
  vpcId = ec2.defaultVpc(scope)!.vpcId;
  const ids = store.db.prepare(`SELECT subnet_id FROM subnets WHERE account_id = ? AND region = ? ORDER BY availability_zone`).pluck().all(scope.accountId, scope.region) as string[];
  subnets = ec2.findSubnets(scope, ids);
});
afterEach(() => store.close());

describe('placementOf', () => {
  it('places by subnets in their VPC and zones, or by zones in the default VPC', () => {
    expect(placementOf(ec2, scope, undefined, [subnets[1]!.subnetId])).toEqual({
      vpcId,
      zones: [{ availabilityZone: subnets[1]!.availabilityZone, subnetId: subnets[1]!.subnetId }],
    });
    expect(placementOf(ec2, scope, ['us-east-1b', 'us-east-1b'], [])).toEqual({ vpcId, zones: [{ availabilityZone: 'us-east-1b', subnetId: undefined }] });
  });
  it('wants exactly one of zones and subnets, known subnets and known zones', () => {
    expect(() => placementOf(ec2, scope, ['us-east-1a'], [subnets[0]!.subnetId])).toThrow('Only one of SubnetIds or AvailabilityZones may be specified');
    expect(() => placementOf(ec2, scope, [], undefined)).toThrow('Either AvailabilityZones or SubnetIds must be specified');
    expect(() => placementOf(ec2, scope, undefined, ['subnet-00000000'])).toThrow("The subnet ID 'subnet-00000000' does not exist");
    expect(() => zonesByName(ec2, scope, [], ['us-east-1z'])).toThrow('Invalid Availability Zone: us-east-1z');
  });
});

describe('zonesOfSubnets', () => {
  it('keeps one subnet per zone and ignores a subnet already attached', () => {
    const zones = zonesOfSubnets([], [subnets[0]!]);
    expect(zonesOfSubnets(zones, [subnets[0]!])).toEqual(zones);
    const sameZone = { ...subnets[0]!, subnetId: 'subnet-other' };
    expect(() => zonesOfSubnets(zones, [sameZone])).toThrow(`LoadBalancer attached to multiple subnets in the same AvailabilityZone ${subnets[0]!.availabilityZone}`);
  });
});

describe('securityGroupsFor', () => {
  it('defaults to the VPC default group and refuses unknown groups', () => {
    const fallback = ec2.defaultSecurityGroup(scope, vpcId)!.groupId;
    expect(securityGroupsFor(ec2, scope, vpcId, undefined)).toEqual([fallback]);
    expect(securityGroupsFor(ec2, scope, vpcId, [fallback, fallback])).toEqual([fallback]);
    expect(() => securityGroupsFor(ec2, scope, vpcId, ['sg-00000000'])).toThrow('One or more security groups are invalid: sg-00000000');
    expect(() => securityGroupsFor(ec2, scope, 'vpc-other', [fallback])).toThrow(`One or more security groups are invalid: ${fallback}`);
  });
});
