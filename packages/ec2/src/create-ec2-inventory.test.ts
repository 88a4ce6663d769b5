import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createEc2Inventory } from './create-ec2-inventory.js';
import { createEc2Repositories } from './ec2-repositories.js';
import type { Ec2Inventory } from './ec2-inventory.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const otherRegion = { accountId: '123456789012', region: 'eu-west-1' };
const otherAccount = { accountId: '210987654321', region: 'us-east-1' };

let store: Store;
let inventory: Ec2Inventory;
let nextId: number;

beforeEach(() => {
  store = openStore({ location: ':memory:' });
  nextId = 0;
  inventory = createEc2Inventory(store.db, { randomHex: (length) => (nextId += 1).toString(16).padStart(length, '0') });
});
afterEach(() => store.close());

describe('the default network of a new account', () => {
  it('has a default VPC 172.31.0.0/16 with one /20 default subnet per zone', () => {
    const vpc = inventory.defaultVpc(scope);
    expect(vpc).toEqual({ vpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/), cidrBlock: '172.31.0.0/16', isDefault: true });
    const subnets = createEc2Repositories(store.db).subnets.listByVpc(scope, vpc?.vpcId ?? '');
    expect(subnets.map((subnet) => [subnet.availabilityZone, subnet.cidrBlock])).toEqual([
      ['us-east-1a', '172.31.0.0/20'],
      ['us-east-1b', '172.31.16.0/20'],
      ['us-east-1c', '172.31.32.0/20'],
      ['us-east-1d', '172.31.48.0/20'],
      ['us-east-1e', '172.31.64.0/20'],
      ['us-east-1f', '172.31.80.0/20'],
    ]);
    expect(inventory.defaultSecurityGroup(scope, vpc?.vpcId ?? '')).toEqual({
      groupId: expect.stringMatching(/^sg-[0-9a-f]{17}$/),
      groupName: 'default',
      vpcId: vpc?.vpcId,
    });
  });

  it('is created once per account and region, each with its own ids', () => {
    const first = inventory.defaultVpc(scope);
    expect(inventory.defaultVpc(scope)).toEqual(first);
    const elsewhere = inventory.defaultVpc(otherRegion);
    const otherAccounts = inventory.defaultVpc(otherAccount);
    expect(new Set([first?.vpcId, elsewhere?.vpcId, otherAccounts?.vpcId]).size).toBe(3);
    expect(inventory.findVpc(otherRegion, first?.vpcId ?? '')).toBeUndefined();
    expect(createEc2Repositories(store.db).vpcs.list(scope)).toHaveLength(1);
  });

  it('stays deleted once its VPC is gone', () => {
    const repositories = createEc2Repositories(store.db);
    const vpc = inventory.defaultVpc(scope);
    const vpcId = vpc?.vpcId ?? '';
    for (const subnet of repositories.subnets.listByVpc(scope, vpcId)) repositories.subnets.delete(scope, subnet.subnetId);
    for (const group of repositories.securityGroups.listByVpc(scope, vpcId)) repositories.securityGroups.delete(scope, group.groupId);
    repositories.vpcs.delete(scope, vpcId);
    expect(inventory.defaultVpc(scope)).toBeUndefined();
    expect(inventory.findVpc(scope, vpcId)).toBeUndefined();
  });

  it('can be created inside a caller transaction', () => {
    const vpc = store.transaction(() => inventory.defaultVpc(scope));
    expect(inventory.findVpc(scope, vpc?.vpcId ?? '')).toEqual(vpc);
  });

  it('rolls back with the caller transaction that created it', () => {
    expect(() =>
      store.transaction(() => {
        inventory.defaultVpc(scope);
        throw new Error('caller failed');
      }),
    ).toThrow('caller failed');
    expect(createEc2Repositories(store.db).vpcs.hasDefaultNetwork(scope)).toBe(false);
    expect(inventory.defaultVpc(scope)?.cidrBlock).toBe('172.31.0.0/16');
  });
});

describe('lookups', () => {
  it('finds subnets in the order asked and leaves unknown ids out', () => {
    const vpcId = inventory.defaultVpc(scope)?.vpcId ?? '';
    const [a, b] = createEc2Repositories(store.db).subnets.listByVpc(scope, vpcId);
    const found = inventory.findSubnets(scope, [b?.subnetId ?? '', 'subnet-00000000000000000', a?.subnetId ?? '']);
    expect(found.map((subnet) => subnet.availabilityZone)).toEqual(['us-east-1b', 'us-east-1a']);
    expect(found[0]).toEqual({ subnetId: b?.subnetId, vpcId, availabilityZone: 'us-east-1b', availabilityZoneId: 'use1-az2', cidrBlock: '172.31.16.0/20' });
  });

  it('finds security groups by id', () => {
    const vpcId = inventory.defaultVpc(scope)?.vpcId ?? '';
    const group = inventory.defaultSecurityGroup(scope, vpcId);
    expect(inventory.findSecurityGroups(scope, ['sg-00000000000000000', group?.groupId ?? ''])).toEqual([group]);
  });

  it('finds instances with their host: the elbow:host tag, else 127.0.0.1', () => {
    const repositories = createEc2Repositories(store.db);
    const vpcId = inventory.defaultVpc(scope)?.vpcId ?? '';
    const subnet = repositories.subnets.listByVpc(scope, vpcId)[0];
    const group = inventory.defaultSecurityGroup(scope, vpcId);
    const base = {
      reservationId: 'r-0000000000000000a', amiLaunchIndex: 0, imageId: 'ami-12345678', instanceType: 'm1.small', vpcId,
      subnetId: subnet?.subnetId ?? '', availabilityZone: 'us-east-1a', state: 'running' as const, launchedAt: '2024-05-01T12:00:00.000Z',
    };
    repositories.instances.insert(scope, { ...base, instanceId: 'i-0000000000000000a', privateIpAddress: '172.31.0.4' }, [group?.groupId ?? '']);
    repositories.instances.insert(scope, { ...base, instanceId: 'i-0000000000000000b', privateIpAddress: '172.31.0.5' }, []);
    repositories.tags.put(scope, 'i-0000000000000000b', [{ key: 'elbow:host', value: 'backend.local' }]);
    expect(inventory.findInstances(scope, ['i-0000000000000000b', 'i-0000000000000000a', 'i-00000000000000009'])).toEqual([
      { instanceId: 'i-0000000000000000b', vpcId, subnetId: subnet?.subnetId, availabilityZone: 'us-east-1a', state: 'running', privateIpAddress: '172.31.0.5', host: 'backend.local' },
      { instanceId: 'i-0000000000000000a', vpcId, subnetId: subnet?.subnetId, availabilityZone: 'us-east-1a', state: 'running', privateIpAddress: '172.31.0.4', host: '127.0.0.1' },
    ]);
    expect(inventory.findInstances(otherAccount, ['i-0000000000000000a'])).toEqual([]);
  });

  it('places an address in its VPC and subnet', () => {
    const vpcId = inventory.defaultVpc(scope)?.vpcId ?? '';
    expect(inventory.isAddressInVpc(scope, vpcId, '172.31.200.7')).toBe(true);
    expect(inventory.isAddressInVpc(scope, vpcId, '10.0.0.1')).toBe(false);
    expect(inventory.isAddressInVpc(scope, vpcId, 'not-an-ip')).toBe(false);
    expect(inventory.isAddressInVpc(scope, 'vpc-00000000000000000', '172.31.0.1')).toBe(false);
    expect(inventory.subnetHoldingAddress(scope, vpcId, '172.31.20.9')?.availabilityZone).toBe('us-east-1b');
    // 172.31.96.0 and above is inside the VPC but in no default subnet (six zones use 96 /20s... up to .95.255).
    expect(inventory.subnetHoldingAddress(scope, vpcId, '172.31.200.7')).toBeUndefined();
  });

  it('names the zones of the region', () => {
    expect(inventory.availabilityZones(otherRegion)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });
});
