import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createEc2Repositories } from './ec2-repositories.js';
import type { Ec2Repositories } from './ec2-repositories.js';
import type { NewInstance } from './instance-repository.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const other = { accountId: '123456789012', region: 'us-west-2' };

let store: Store;
let repos: Ec2Repositories;

beforeEach(() => {
  store = openStore({ location: ':memory:' });
  repos = createEc2Repositories(store.db);
  repos.vpcs.insert(scope, { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/16', isDefault: false, instanceTenancy: 'default' });
  repos.subnets.insert(scope, {
    subnetId: 'subnet-1', vpcId: 'vpc-1', cidrBlock: '10.0.1.0/24', availabilityZone: 'us-east-1a', availabilityZoneId: 'use1-az1', isDefault: false,
  });
  repos.securityGroups.insert(scope, { groupId: 'sg-1', groupName: 'web', description: 'web tier', vpcId: 'vpc-1' });
});
afterEach(() => store.close());

function instance(instanceId: string, privateIpAddress: string): NewInstance {
  return {
    instanceId, reservationId: 'r-1', amiLaunchIndex: 0, imageId: 'ami-12345678', instanceType: 't2.micro', vpcId: 'vpc-1',
    subnetId: 'subnet-1', availabilityZone: 'us-east-1a', privateIpAddress, state: 'running', launchedAt: '2024-05-01T12:00:00.000Z',
  };
}

describe('vpc repository', () => {
  it('round-trips, lists in creation order, scopes, and deletes', () => {
    repos.vpcs.insert(scope, { vpcId: 'vpc-2', cidrBlock: '172.31.0.0/16', isDefault: true, instanceTenancy: 'default' });
    expect(repos.vpcs.find(scope, 'vpc-1')).toMatchObject({ vpcId: 'vpc-1', cidrBlock: '10.0.0.0/16', isDefault: false });
    expect(repos.vpcs.findDefault(scope)?.vpcId).toBe('vpc-2');
    expect(repos.vpcs.list(scope).map((vpc) => vpc.vpcId)).toEqual(['vpc-1', 'vpc-2']);
    expect(repos.vpcs.find(other, 'vpc-1')).toBeUndefined();
    expect(repos.vpcs.delete(scope, 'vpc-2')).toBe(true);
    expect(repos.vpcs.delete(scope, 'vpc-2')).toBe(false);
  });

  it('records the default-network marker once per scope', () => {
    expect(repos.vpcs.hasDefaultNetwork(scope)).toBe(false);
    repos.vpcs.markDefaultNetwork(scope);
    repos.vpcs.markDefaultNetwork(scope);
    expect(repos.vpcs.hasDefaultNetwork(scope)).toBe(true);
    expect(repos.vpcs.hasDefaultNetwork(other)).toBe(false);
  });

  it('refuses to delete a VPC that still has subnets (foreign key)', () => {
    expect(() => repos.vpcs.delete(scope, 'vpc-1')).toThrow(/FOREIGN KEY/);
  });
});

describe('subnet and security group repositories', () => {
  it('round-trip, list per VPC, and delete', () => {
    expect(repos.subnets.find(scope, 'subnet-1')).toMatchObject({ vpcId: 'vpc-1', availabilityZoneId: 'use1-az1', isDefault: false });
    expect(repos.subnets.list(scope).map((subnet) => subnet.subnetId)).toEqual(['subnet-1']);
    expect(repos.subnets.listByVpc(scope, 'vpc-2')).toEqual([]);
    expect(repos.securityGroups.findByName(scope, 'vpc-1', 'web')?.groupId).toBe('sg-1');
    expect(repos.securityGroups.find(scope, 'sg-1')?.description).toBe('web tier');
    expect(repos.securityGroups.list(other)).toEqual([]);
    expect(repos.securityGroups.listByVpc(scope, 'vpc-1')).toHaveLength(1);
    expect(repos.subnets.delete(scope, 'subnet-1')).toBe(true);
    expect(repos.securityGroups.delete(scope, 'sg-1')).toBe(true);
  });

  it('refuses a second group of the same name in a VPC', () => {
    expect(() => repos.securityGroups.insert(scope, { groupId: 'sg-2', groupName: 'web', description: 'x', vpcId: 'vpc-1' })).toThrow(/UNIQUE/);
  });
});

describe('instance repository', () => {
  it('round-trips with its groups in order and lists in launch order', () => {
    repos.securityGroups.insert(scope, { groupId: 'sg-2', groupName: 'db', description: 'db', vpcId: 'vpc-1' });
    repos.instances.insert(scope, instance('i-1', '10.0.1.4'), ['sg-2', 'sg-1']);
    repos.instances.insert(scope, instance('i-2', '10.0.1.5'), []);
    expect(repos.instances.find(scope, 'i-1')).toMatchObject({ instanceId: 'i-1', privateIpAddress: '10.0.1.4', state: 'running' });
    expect(repos.instances.securityGroupIds(scope, 'i-1')).toEqual(['sg-2', 'sg-1']);
    expect(repos.instances.list(scope).map((row) => row.instanceId)).toEqual(['i-1', 'i-2']);
    expect(repos.instances.find(other, 'i-1')).toBeUndefined();
  });

  it('counts only live instances as users of a subnet, a group and addresses', () => {
    repos.instances.insert(scope, instance('i-1', '10.0.1.4'), ['sg-1']);
    repos.instances.insert(scope, instance('i-2', '10.0.1.5'), ['sg-1']);
    repos.instances.setState(scope, 'i-2', 'terminated');
    expect(repos.instances.find(scope, 'i-2')?.state).toBe('terminated');
    expect(repos.instances.addressesInUse(scope, 'subnet-1')).toEqual(['10.0.1.4']);
    expect(repos.instances.countLiveInSubnet(scope, 'subnet-1')).toBe(1);
    expect(repos.instances.countLiveInGroup(scope, 'sg-1')).toBe(1);
  });

  it('forgets terminated instances of a subnet and detaches terminated instances from a group', () => {
    repos.instances.insert(scope, instance('i-1', '10.0.1.4'), ['sg-1']);
    repos.instances.insert(scope, instance('i-2', '10.0.1.5'), ['sg-1']);
    repos.instances.setState(scope, 'i-2', 'terminated');
    repos.instances.detachTerminatedFromGroup(scope, 'sg-1');
    expect(repos.instances.securityGroupIds(scope, 'i-2')).toEqual([]);
    expect(repos.instances.securityGroupIds(scope, 'i-1')).toEqual(['sg-1']);
    expect(repos.instances.purgeTerminatedInSubnet(scope, 'subnet-1')).toEqual(['i-2']);
    expect(repos.instances.list(scope).map((row) => row.instanceId)).toEqual(['i-1']);
  });
});

describe('ec2 tag repository', () => {
  it('keeps insertion order, overwrites a re-added key in place, scopes, and deletes all', () => {
    repos.tags.put(scope, 'vpc-1', [{ key: 'Name', value: 'main' }, { key: 'env', value: 'dev' }]);
    repos.tags.put(scope, 'vpc-1', [{ key: 'Name', value: 'primary' }]);
    expect(repos.tags.list(scope, 'vpc-1')).toEqual([{ key: 'Name', value: 'primary' }, { key: 'env', value: 'dev' }]);
    expect(repos.tags.value(scope, 'vpc-1', 'env')).toBe('dev');
    expect(repos.tags.value(other, 'vpc-1', 'env')).toBeUndefined();
    repos.tags.deleteAll(scope, 'vpc-1');
    expect(repos.tags.list(scope, 'vpc-1')).toEqual([]);
  });
});
