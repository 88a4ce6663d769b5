import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeAccountLimitsCommand,
  DescribeCapacityReservationCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ModifyCapacityReservationCommand,
  ModifyIpPoolsCommand,
  ModifyLoadBalancerAttributesCommand,
  SetIpAddressTypeCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  paginateDescribeAccountLimits,
  paginateDescribeLoadBalancers,
  waitUntilLoadBalancerAvailable,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateSubnetCommand, CreateVpcCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';

// Expected shapes: aws-cli v1.45.11 `awscli/examples/elbv2/create-load-balancer.rst` (Examples 1-4),
// `describe-account-limits.rst`; messages and their status: ../shared/spec/elbv2-validation.md §3-§7,
// elbv2-attributes.md §1-§2, packages/elbv2/UNVERIFIED.md for those not confirmed against AWS.

let harness: ElbowUnderTest;
let ec2: EC2Client;
let subnetA: string;
let subnetB: string;
let subnetC: string;
let defaultGroup: string;

beforeEach(async () => {
  harness = await startElbowUnderTest();
  ec2 = new EC2Client({ endpoint: harness.elbow.endpoint, region: harness.elbow.region, credentials: harness.elbow.credentials, maxAttempts: 1 });
  const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({}));
  const inZone = (zone: string) => Subnets.find((subnet) => subnet.AvailabilityZone === zone)?.SubnetId as string;
  [subnetA, subnetB, subnetC] = [inZone('us-east-1a'), inZone('us-east-1b'), inZone('us-east-1c')];
  const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({}));
  defaultGroup = SecurityGroups.find((group) => group.GroupName === 'default')?.GroupId as string;
});
afterEach(async () => {
  ec2.destroy();
  await harness.stop();
});

async function expectAwsError(promise: Promise<unknown>, name: string, message: string, status = 400): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name, message, $metadata: { httpStatusCode: status } });
}

async function createAlb(name = 'my-load-balancer', subnets = [subnetA, subnetB]): Promise<LoadBalancer> {
  const { LoadBalancers = [] } = await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnets }));
  return LoadBalancers[0] as LoadBalancer;
}

async function describeAll(): Promise<LoadBalancer[]> {
  return (await harness.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
}

describe('CreateLoadBalancer through the SDK v3', () => {
  it('returns an ALB as the CLI example shows it, provisioning, then active for the waiter', async () => {
    const created = await createAlb();
    expect(created).toEqual({
      LoadBalancerArn: expect.stringMatching(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/my-load-balancer\/[0-9a-f]{16}$/),
      DNSName: expect.stringMatching(/^my-load-balancer-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/),
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      CreatedTime: expect.any(Date),
      LoadBalancerName: 'my-load-balancer',
      Scheme: 'internet-facing',
      VpcId: expect.stringMatching(/^vpc-/),
      State: { Code: 'provisioning' },
      Type: 'application',
      AvailabilityZones: [
        { ZoneName: 'us-east-1a', SubnetId: subnetA },
        { ZoneName: 'us-east-1b', SubnetId: subnetB },
      ],
      SecurityGroups: [defaultGroup],
      IpAddressType: 'ipv4',
    });
    const waited = await waitUntilLoadBalancerAvailable(
      { client: harness.elbv2, maxWaitTime: 10, minDelay: 1 },
      { LoadBalancerArns: [created.LoadBalancerArn as string] },
    );
    expect(waited.state).toBe('SUCCESS');
    expect((await describeAll())[0]?.State).toEqual({ Code: 'active' });
  });

  it('creates an internal ALB, an NLB with an Elastic IP mapping and a GWLB', async () => {
    const internal = (await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: 'my-internal', Scheme: 'internal', Subnets: [subnetA, subnetB] }))).LoadBalancers?.[0];
    expect(internal?.DNSName).toMatch(/^internal-my-internal-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/);
    const nlb = (
      await harness.elbv2.send(
        new CreateLoadBalancerCommand({ Name: 'my-nlb', Type: 'network', SubnetMappings: [{ SubnetId: subnetB, AllocationId: 'eipalloc-64d5890a' }] }),
      )
    ).LoadBalancers?.[0];
    expect(nlb).toMatchObject({
      Type: 'network',
      CanonicalHostedZoneId: 'Z26RNL4JYFTOTI',
      AvailabilityZones: [{ ZoneName: 'us-east-1b', SubnetId: subnetB, LoadBalancerAddresses: [{ AllocationId: 'eipalloc-64d5890a' }] }],
    });
    expect(nlb?.DNSName).toBe(`my-nlb-${nlb?.LoadBalancerArn?.slice(-16)}.elb.us-east-1.amazonaws.com`);
    expect(nlb?.SecurityGroups).toBeUndefined();
    const gwlb = (await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: 'my-gwlb', Type: 'gateway', Subnets: [subnetA, subnetB] }))).LoadBalancers?.[0];
    expect(gwlb?.LoadBalancerArn).toContain(':loadbalancer/gwy/my-gwlb/');
    expect(gwlb?.DNSName).toBeUndefined();
    expect(gwlb?.Scheme).toBeUndefined();
  });

  it('is idempotent for the same settings and stores the tags given', async () => {
    const { LoadBalancers = [] } = await harness.elbv2.send(
      new CreateLoadBalancerCommand({ Name: 'tagged', Subnets: [subnetA, subnetB], Tags: [{ Key: 'team', Value: 'web' }] }),
    );
    const again = await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: 'tagged', Subnets: [subnetB, subnetA] }));
    expect(again.LoadBalancers?.[0]?.LoadBalancerArn).toBe(LoadBalancers[0]?.LoadBalancerArn);
    const arn = LoadBalancers[0]?.LoadBalancerArn as string;
    expect((await harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }))).TagDescriptions).toEqual([
      { ResourceArn: arn, Tags: [{ Key: 'team', Value: 'web' }] },
    ]);
  });

  it('answers AWS errors for bad placement, names and duplicates, creating nothing', async () => {
    await createAlb('existing');
    const before = await describeAll();
    const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId as string;
    const foreignSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: otherVpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1c' }))).Subnet
      ?.SubnetId as string;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ Name: 'lb', Subnets: [subnetA] }, 'ValidationError', 'At least two subnets in two different Availability Zones must be specified'],
      [{ Name: 'lb', Subnets: [subnetA, 'subnet-0000000000000dead'] }, 'SubnetNotFoundException', `The subnet ID 'subnet-0000000000000dead' does not exist`],
      [{ Name: 'lb', Subnets: [subnetA, subnetA] }, 'InvalidConfigurationRequestException', 'A load balancer cannot be attached to multiple subnets in the same Availability Zone'],
      [{ Name: 'lb', Subnets: [subnetA, foreignSubnet] }, 'InvalidSubnetException', `The subnets '${subnetA}' and '${foreignSubnet}' are not in the same VPC`],
      [{ Name: 'lb', Subnets: [subnetA, subnetB], SecurityGroups: ['sg-0000000000000dead'] }, 'InvalidSecurityGroupException', `Invalid security group 'sg-0000000000000dead'`],
      [{ Name: 'a'.repeat(33), Subnets: [subnetA, subnetB] }, 'ValidationError', `The load balancer name '${'a'.repeat(33)}' cannot be longer than '32' characters`],
      [{ Name: 'internal-lb', Subnets: [subnetA, subnetB] }, 'ValidationError', `The load balancer name 'internal-lb' cannot begin with 'internal-'`],
      [{ Name: 'existing', Subnets: [subnetA, subnetC] }, 'DuplicateLoadBalancerNameException', `A load balancer with the same name 'existing' exists, but with different settings`],
    ];
    for (const [input, name, message] of cases) {
      await expectAwsError(harness.elbv2.send(new CreateLoadBalancerCommand(input as { Name: string })), name, message);
    }
    expect(await describeAll()).toEqual(before);
  });
});

describe('DescribeLoadBalancers', () => {
  it('finds by name and ARN, pages with the paginator, and answers not-found errors', async () => {
    const created = [];
    for (const name of ['lb-a', 'lb-b', 'lb-c']) created.push(await createAlb(name));
    const byName = await harness.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['lb-c', 'lb-a'] }));
    expect(byName.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['lb-a', 'lb-c']);
    const byArn = await harness.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [created[1]?.LoadBalancerArn as string] }));
    expect(byArn.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['lb-b']);
    const pages = [];
    for await (const page of paginateDescribeLoadBalancers({ client: harness.elbv2 }, { PageSize: 2 })) pages.push(page.LoadBalancers?.map((lb) => lb.LoadBalancerName));
    expect(pages).toEqual([['lb-a', 'lb-b'], ['lb-c']]);
    await expectAwsError(harness.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })), 'LoadBalancerNotFoundException', `Load balancers '[nope]' not found`);
    const unknown = (created[0]?.LoadBalancerArn as string).replace(/[0-9a-f]{16}$/, 'ffffffffffffffff');
    await expectAwsError(harness.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [unknown] })), 'LoadBalancerNotFoundException', 'One or more load balancers not found');
  });
});

describe('load balancer attributes', () => {
  it('lists every ALB key with defaults, modifies, and refuses keys and values AWS refuses', async () => {
    const { LoadBalancerArn } = await createAlb();
    const arn = LoadBalancerArn as string;
    const described = await harness.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
    expect(described.Attributes).toHaveLength(22);
    expect(described.Attributes).toContainEqual({ Key: 'idle_timeout.timeout_seconds', Value: '60' });
    expect(described.Attributes).toContainEqual({ Key: 'access_logs.s3.bucket', Value: '' });
    const modified = await harness.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] }),
    );
    expect(modified.Attributes).toContainEqual({ Key: 'idle_timeout.timeout_seconds', Value: '120' });
    expect(modified.Attributes).toHaveLength(22);
    const refusals: [string, string, string, string][] = [
      ['waf.fail_open.nope', 'true', 'ValidationError', `Load balancer attribute key 'waf.fail_open.nope' is not recognized`],
      ['dns_record.client_routing_policy', 'any_availability_zone', 'InvalidConfigurationRequestException', `Load balancer attribute key 'dns_record.client_routing_policy' is not supported on load balancers with type 'application'`],
      ['idle_timeout.timeout_seconds', '0', 'ValidationError', `'idle_timeout.timeout_seconds' value '0' must be between '1-4000' inclusive`],
    ];
    for (const [Key, Value, name, message] of refusals) {
      await expectAwsError(
        harness.elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }, { Key, Value }] })),
        name,
        message,
      );
    }
    expect(await harness.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).toMatchObject({ Attributes: modified.Attributes });
  });
});

describe('DeleteLoadBalancer', () => {
  it('refuses while deletion protection is on, then deletes, and succeeds again for the gone ARN', async () => {
    const arn = (await createAlb()).LoadBalancerArn as string;
    await harness.elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
    await expectAwsError(
      harness.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })),
      'OperationNotPermittedException',
      `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`,
    );
    expect(await describeAll()).toHaveLength(1);
    await harness.elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }));
    await harness.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    await harness.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    expect(await describeAll()).toEqual([]);
  });
});

describe('subnets, security groups, IP address type, IP pools', () => {
  it('changes each setting and reports it in DescribeLoadBalancers', async () => {
    const arn = (await createAlb()).LoadBalancerArn as string;
    expect(await harness.elbv2.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: [subnetB, subnetC] }))).toMatchObject({
      AvailabilityZones: [
        { ZoneName: 'us-east-1b', SubnetId: subnetB },
        { ZoneName: 'us-east-1c', SubnetId: subnetC },
      ],
      IpAddressType: 'ipv4',
    });
    expect(await harness.elbv2.send(new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: [defaultGroup] }))).toMatchObject({
      SecurityGroupIds: [defaultGroup],
    });
    expect(await harness.elbv2.send(new SetIpAddressTypeCommand({ LoadBalancerArn: arn, IpAddressType: 'dualstack' }))).toMatchObject({ IpAddressType: 'dualstack' });
    expect(await harness.elbv2.send(new ModifyIpPoolsCommand({ LoadBalancerArn: arn, IpamPools: { Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' } }))).toMatchObject({
      IpamPools: { Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' },
    });
    expect((await describeAll())[0]).toMatchObject({
      AvailabilityZones: [{ SubnetId: subnetB }, { SubnetId: subnetC }],
      SecurityGroups: [defaultGroup],
      IpAddressType: 'dualstack',
      IpamPools: { Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' },
    });
    const before = await describeAll();
    await expectAwsError(
      harness.elbv2.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: [subnetA] })),
      'ValidationError',
      'At least two subnets in two different Availability Zones must be specified',
    );
    await expectAwsError(
      harness.elbv2.send(new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: ['sg-0000000000000dead'] })),
      'InvalidSecurityGroupException',
      `Invalid security group 'sg-0000000000000dead'`,
    );
    await expectAwsError(
      harness.elbv2.send(new SetIpAddressTypeCommand({ LoadBalancerArn: arn.replace(/[0-9a-f]{16}$/, 'ffffffffffffffff'), IpAddressType: 'ipv4' })),
      'LoadBalancerNotFoundException',
      'One or more load balancers not found',
    );
    expect(await describeAll()).toEqual(before);
  });
});

describe('account limits and capacity reservations', () => {
  it('lists the quotas as strings across pages', async () => {
    const limits = [];
    let pageCount = 0;
    for await (const page of paginateDescribeAccountLimits({ client: harness.elbv2 }, { PageSize: 10 })) {
      pageCount += 1;
      limits.push(...(page.Limits ?? []));
    }
    expect(pageCount).toBe(3);
    expect(limits).toHaveLength(23);
    expect(limits).toContainEqual({ Name: 'application-load-balancers', Max: '50' });
    expect((await harness.elbv2.send(new DescribeAccountLimitsCommand({}))).Limits).toEqual(limits);
  });

  it('reserves capacity evenly per zone, resets it, and refuses a too-small reservation', async () => {
    const arn = (await createAlb()).LoadBalancerArn as string;
    expect(await harness.elbv2.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: arn }))).toMatchObject({
      DecreaseRequestsRemaining: 2,
      CapacityReservationState: [],
    });
    const modified = await harness.elbv2.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, MinimumLoadBalancerCapacity: { CapacityUnits: 200 } }));
    expect(modified).toMatchObject({
      MinimumLoadBalancerCapacity: { CapacityUnits: 200 },
      LastModifiedTime: expect.any(Date),
      CapacityReservationState: [
        { State: { Code: 'provisioned' }, AvailabilityZone: 'us-east-1a', EffectiveCapacityUnits: 100 },
        { State: { Code: 'provisioned' }, AvailabilityZone: 'us-east-1b', EffectiveCapacityUnits: 100 },
      ],
    });
    await expectAwsError(
      harness.elbv2.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, MinimumLoadBalancerCapacity: { CapacityUnits: 10 } })),
      'InvalidConfigurationRequestException',
      'The minimum capacity units must be at least 100',
    );
    const reset = await harness.elbv2.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, ResetCapacityReservation: true }));
    expect(reset).toMatchObject({ DecreaseRequestsRemaining: 1, CapacityReservationState: [] });
    expect(reset.MinimumLoadBalancerCapacity).toBeUndefined();
  });
});
