import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEc2Inventory } from '@elbow/ec2';
import { openStore } from '@elbow/store';
import type { RequestContext } from '@elbow/query-protocol';
import { createElbv2Harness, ACCOUNT_ID, REGION } from './testing/elbv2-harness.js';
import type { Elbv2Harness } from './testing/elbv2-harness.js';
import { createElbv2Service } from './create-elbv2-service.js';

let harness: Elbv2Harness;
let subnets: { a: string; b: string; c: string };
let defaultGroup: string;
const scope = { accountId: ACCOUNT_ID, region: REGION };

beforeEach(() => {
  harness = createElbv2Harness();
  const ec2 = createEc2Inventory(harness.store.db);
  const vpcId = ec2.defaultVpc(scope)?.vpcId as string;
  // The default subnets are /20 blocks in zone order (packages/ec2 default-network.ts).
  const subnetAt = (address: string) => ec2.subnetHoldingAddress(scope, vpcId, address)?.subnetId as string;
  subnets = { a: subnetAt('172.31.0.10'), b: subnetAt('172.31.16.10'), c: subnetAt('172.31.32.10') };
  defaultGroup = ec2.defaultSecurityGroup(scope, vpcId)?.groupId as string;
});
afterEach(() => harness.close());

function createAlb(name = 'my-load-balancer') {
  return harness.call('CreateLoadBalancer', { Name: name, Subnets: [subnets.a, subnets.b] }).LoadBalancers?.[0];
}

describe('CreateLoadBalancer', () => {
  it('creates an ALB in the subnets’ VPC with the default security group, provisioning', () => {
    const created = createAlb();
    expect(created).toMatchObject({
      LoadBalancerName: 'my-load-balancer',
      Type: 'application',
      Scheme: 'internet-facing',
      IpAddressType: 'ipv4',
      State: { Code: 'provisioning' },
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      SecurityGroups: [defaultGroup],
      AvailabilityZones: [
        { ZoneName: 'us-east-1a', SubnetId: subnets.a },
        { ZoneName: 'us-east-1b', SubnetId: subnets.b },
      ],
    });
    expect(created?.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/my-load-balancer\/[0-9a-f]{16}$/);
    expect(created?.DNSName).toMatch(/^my-load-balancer-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/);
  });

  it('is idempotent for the same settings and refuses other settings under the same name', () => {
    const first = createAlb();
    expect(createAlb()).toEqual(first);
    const error = harness.failure('CreateLoadBalancer', { Name: 'my-load-balancer', Subnets: [subnets.a, subnets.c] });
    expect([error.code, error.message]).toEqual([
      'DuplicateLoadBalancerName',
      `A load balancer with the same name 'my-load-balancer' exists, but with different settings`,
    ]);
  });

  it.each([
    [() => ({ Name: 'lb', Subnets: [subnets.a] }), 'ValidationError', 'At least two subnets in two different Availability Zones must be specified'],
    [() => ({ Name: 'lb' }), 'ValidationError', 'At least two subnets in two different Availability Zones must be specified'],
    [() => ({ Name: 'lb', Subnets: [subnets.a, 'subnet-0000000000000dead'] }), 'SubnetNotFound', `The subnet ID 'subnet-0000000000000dead' does not exist`],
    [() => ({ Name: 'lb', Subnets: [subnets.a, subnets.a] }), 'InvalidConfigurationRequest', 'A load balancer cannot be attached to multiple subnets in the same Availability Zone'],
    [() => ({ Name: 'lb', Subnets: [subnets.a, subnets.b], SecurityGroups: ['sg-0000000000000dead'] }), 'InvalidSecurityGroup', `Invalid security group 'sg-0000000000000dead'`],
    [() => ({ Name: 'lb', Subnets: [subnets.a], SubnetMappings: [{ SubnetId: subnets.b }] }), 'ValidationError', 'You can specify subnets or subnet mappings, but not both'],
    [() => ({ Name: 'internal-lb', Subnets: [subnets.a, subnets.b] }), 'ValidationError', `The load balancer name 'internal-lb' cannot begin with 'internal-'`],
    [() => ({ Name: 'lb', Type: 'gateway' as const, Subnets: [subnets.a], SecurityGroups: [defaultGroup] }), 'InvalidConfigurationRequest', `Security groups are not supported for load balancers with type 'gateway'`],
  ])('refuses bad placement and names, leaving nothing behind (%#)', (input, code, message) => {
    const before = harness.snapshot();
    const error = harness.failure('CreateLoadBalancer', input());
    expect([error.code, error.message]).toEqual([code, message]);
    expect(harness.snapshot()).toEqual(before);
  });

  it('creates NLBs with addresses per zone and GWLBs without DNS name or scheme', () => {
    const nlb = harness.call('CreateLoadBalancer', {
      Name: 'my-nlb',
      Type: 'network',
      SubnetMappings: [{ SubnetId: subnets.a, AllocationId: 'eipalloc-64d5890a' }, { SubnetId: subnets.b }],
    }).LoadBalancers?.[0];
    expect(nlb?.AvailabilityZones).toEqual([
      { ZoneName: 'us-east-1a', SubnetId: subnets.a, LoadBalancerAddresses: [{ AllocationId: 'eipalloc-64d5890a' }] },
      { ZoneName: 'us-east-1b', SubnetId: subnets.b, LoadBalancerAddresses: [] },
    ]);
    expect(nlb?.SecurityGroups).toBeUndefined();
    expect(nlb?.CanonicalHostedZoneId).toBe('Z26RNL4JYFTOTI');
    expect(nlb?.DNSName).toBe(`my-nlb-${nlb?.LoadBalancerArn?.slice(-16)}.elb.us-east-1.amazonaws.com`);
    const gwlb = harness.call('CreateLoadBalancer', { Name: 'my-gwlb', Type: 'gateway', Subnets: [subnets.a] }).LoadBalancers?.[0];
    expect(gwlb).not.toHaveProperty('DNSName', expect.anything());
    expect(gwlb?.Scheme).toBeUndefined();
    expect(gwlb?.LoadBalancerArn).toContain(':loadbalancer/gwy/my-gwlb/');
  });

  it('stores the tags given at creation', () => {
    const created = harness.call('CreateLoadBalancer', { Name: 'tagged', Subnets: [subnets.a, subnets.b], Tags: [{ Key: 'team', Value: 'web' }] });
    const arn = created.LoadBalancers?.[0]?.LoadBalancerArn as string;
    expect(harness.call('DescribeTags', { ResourceArns: [arn] }).TagDescriptions).toEqual([{ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'web' }] }]);
  });

  it('counts load balancers of each type against its quota (50 ALBs)', () => {
    for (let index = 0; index < 50; index += 1) createAlb(`lb-${index}`);
    const error = harness.failure('CreateLoadBalancer', { Name: 'lb-50', Subnets: [subnets.a, subnets.b] });
    expect(error.code).toBe('TooManyLoadBalancers');
    expect(harness.call('CreateLoadBalancer', { Name: 'nlb', Type: 'network', Subnets: [subnets.a] }).LoadBalancers).toHaveLength(1);
  });
});

describe('DescribeLoadBalancers', () => {
  it('finds by name and ARN, pages in creation order, and names the missing ones', () => {
    const a = createAlb('a');
    const b = createAlb('b');
    const c = createAlb('c');
    expect(harness.call('DescribeLoadBalancers', { Names: ['c', 'a'] }).LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['a', 'c']);
    expect(harness.call('DescribeLoadBalancers', { LoadBalancerArns: [b?.LoadBalancerArn as string] }).LoadBalancers).toEqual([b]);
    const first = harness.call('DescribeLoadBalancers', { PageSize: 2 });
    expect(first.LoadBalancers).toEqual([a, b]);
    expect(harness.call('DescribeLoadBalancers', { PageSize: 2, Marker: first.NextMarker }).LoadBalancers).toEqual([c]);
    const missing = harness.failure('DescribeLoadBalancers', { Names: ['a', 'nope'] });
    expect([missing.code, missing.message]).toEqual(['LoadBalancerNotFound', `Load balancers '[nope]' not found`]);
    const unknownArn = a?.LoadBalancerArn?.replace(/[0-9a-f]{16}$/, 'ffffffffffffffff') as string;
    expect(harness.failure('DescribeLoadBalancers', { LoadBalancerArns: [unknownArn] }).message).toBe('One or more load balancers not found');
    const otherRegion = a?.LoadBalancerArn?.replace('us-east-1', 'eu-west-1') as string;
    expect(harness.failure('DescribeLoadBalancers', { LoadBalancerArns: [otherRegion] }).message).toBe(`'${otherRegion}' is not a valid load balancer ARN`);
  });

  it('turns provisioning into active once the provisioning time has passed', () => {
    const store = openStore({ location: ':memory:' });
    let now = new Date('2024-05-01T12:00:00.000Z');
    const service = createElbv2Service({ store, clock: () => now, provisioningMs: 1000 });
    const context: RequestContext = { requestId: 'r', accountId: ACCOUNT_ID, region: REGION, now };
    const ec2 = createEc2Inventory(store.db);
    const vpcId = ec2.defaultVpc(scope)?.vpcId as string;
    const ids = ['172.31.0.1', '172.31.16.1'].map((address) => ec2.subnetHoldingAddress(scope, vpcId, address)?.subnetId as string);
    const create = service.handlers.CreateLoadBalancer;
    const describe = service.handlers.DescribeLoadBalancers;
    if (create === 'unbuilt' || describe === 'unbuilt') throw new Error('unbuilt');
    create({ Name: 'lb', Subnets: ids }, context);
    const state = () => (describe({}, context) as { LoadBalancers: { State: { Code: string } }[] }).LoadBalancers[0]?.State.Code;
    expect(state()).toBe('provisioning');
    now = new Date('2024-05-01T12:00:01.000Z');
    expect(state()).toBe('active');
    store.close();
  });
});

describe('DeleteLoadBalancer', () => {
  it('deletes, succeeds for an unknown ARN, and refuses while deletion protection is on', () => {
    const arn = createAlb()?.LoadBalancerArn as string;
    harness.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] });
    const before = harness.snapshot();
    const error = harness.failure('DeleteLoadBalancer', { LoadBalancerArn: arn });
    expect([error.code, error.message]).toEqual(['OperationNotPermitted', `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`]);
    expect(harness.snapshot()).toEqual(before);
    harness.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] });
    expect(harness.call('DeleteLoadBalancer', { LoadBalancerArn: arn })).toEqual({});
    expect(harness.call('DeleteLoadBalancer', { LoadBalancerArn: arn })).toEqual({});
    expect(harness.call('DescribeLoadBalancers', {}).LoadBalancers).toEqual([]);
    expect(harness.failure('DeleteLoadBalancer', { LoadBalancerArn: 'arn:nope' }).code).toBe('ValidationError');
  });
});

describe('DeleteLoadBalancer with listeners', () => {
  it('removes the listeners and rules (FK cascade) and their tags with the load balancer', () => {
    const arn = createAlb()?.LoadBalancerArn as string;
    const listener = harness.call('CreateListener', {
      LoadBalancerArn: arn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
    }).Listeners?.[0]?.ListenerArn as string;
    harness.call('AddTags', { ResourceArns: [arn, listener], Tags: [{ Key: 'k', Value: 'v' }] });
    harness.call('DeleteLoadBalancer', { LoadBalancerArn: arn });
    const count = (sql: string) => harness.store.db.prepare(sql).pluck().get();
    expect(count('SELECT count(*) FROM listeners')).toBe(0);
    expect(count('SELECT count(*) FROM rules')).toBe(0);
    expect(count('SELECT count(*) FROM tags')).toBe(0);
  });
});

describe('attributes and settings', () => {
  it('modifies attributes and answers the whole set', () => {
    const arn = createAlb()?.LoadBalancerArn as string;
    const modified = harness.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: arn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] });
    expect(modified.Attributes).toHaveLength(22);
    expect(modified.Attributes).toContainEqual({ Key: 'idle_timeout.timeout_seconds', Value: '120' });
    expect(harness.call('DescribeLoadBalancerAttributes', { LoadBalancerArn: arn })).toEqual(modified);
  });

  it('sets subnets, security groups, IP address type and IPAM pools', () => {
    const arn = createAlb()?.LoadBalancerArn as string;
    expect(harness.call('SetSubnets', { LoadBalancerArn: arn, Subnets: [subnets.b, subnets.c] })).toEqual({
      AvailabilityZones: [
        { ZoneName: 'us-east-1b', SubnetId: subnets.b },
        { ZoneName: 'us-east-1c', SubnetId: subnets.c },
      ],
      IpAddressType: 'ipv4',
    });
    expect(harness.failure('SetSubnets', { LoadBalancerArn: arn, Subnets: [subnets.b] }).message).toBe(
      'At least two subnets in two different Availability Zones must be specified',
    );
    expect(harness.call('SetSecurityGroups', { LoadBalancerArn: arn, SecurityGroups: [defaultGroup] })).toEqual({ SecurityGroupIds: [defaultGroup] });
    expect(harness.failure('SetSecurityGroups', { LoadBalancerArn: arn, SecurityGroups: ['sg-0000000000000dead'] }).code).toBe('InvalidSecurityGroup');
    expect(harness.call('SetIpAddressType', { LoadBalancerArn: arn, IpAddressType: 'dualstack' })).toEqual({ IpAddressType: 'dualstack' });
    expect(harness.call('ModifyIpPools', { LoadBalancerArn: arn, IpamPools: { Ipv4IpamPoolId: 'ipam-pool-0123' } })).toEqual({
      IpamPools: { Ipv4IpamPoolId: 'ipam-pool-0123' },
    });
    expect(harness.call('DescribeLoadBalancers', { LoadBalancerArns: [arn] }).LoadBalancers?.[0]).toMatchObject({
      IpAddressType: 'dualstack',
      IpamPools: { Ipv4IpamPoolId: 'ipam-pool-0123' },
      AvailabilityZones: [{ SubnetId: subnets.b }, { SubnetId: subnets.c }],
    });
    expect(harness.call('ModifyIpPools', { LoadBalancerArn: arn, RemoveIpamPools: ['ipv4'] })).toEqual({});
  });

  it('refuses adding security groups to an NLB created without them', () => {
    const arn = harness.call('CreateLoadBalancer', { Name: 'nlb', Type: 'network', Subnets: [subnets.a] }).LoadBalancers?.[0]?.LoadBalancerArn as string;
    expect(harness.failure('SetSecurityGroups', { LoadBalancerArn: arn, SecurityGroups: [defaultGroup] }).code).toBe('InvalidConfigurationRequest');
  });
});
