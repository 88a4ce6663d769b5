/**
 * The EC2 subset through @aws-sdk/client-ec2 against the real emulator. Expected values: the
 * default network of a new account (Amazon VPC User Guide, "Default VPCs": 172.31.0.0/16, one
 * /20 default subnet per zone, a `default` security group), EC2 id formats (EC2 User Guide,
 * "Resource IDs"), instance state codes (EC2 API Reference, InstanceState) and error codes
 * (EC2 API Reference, "Error codes"); message wording and its status: packages/ec2/UNVERIFIED.md.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  EC2Client} from '@aws-sdk/client-ec2';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2ServiceException,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { ec2ClientFor } from '../support/default-vpc.js';

let harness: ElbowUnderTest;
let client: EC2Client;
beforeEach(async () => {
  harness = await startElbowUnderTest();
  client = ec2ClientFor(harness.elbow);
});
afterEach(async () => {
  client.destroy();
  await harness.stop();
});

async function failure(promise: Promise<unknown>): Promise<EC2ServiceException> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof EC2ServiceException)) throw new Error(`expected an EC2ServiceException, got ${String(error)}`);
  return error;
}

async function expectError(promise: Promise<unknown>, code: string, message: string, status = 400): Promise<void> {
  const error = await failure(promise);
  expect({ code: error.name, message: error.message, status: error.$metadata.httpStatusCode }).toEqual({ code, message, status });
}

async function snapshot() {
  const [vpcs, subnets, groups, reservations] = await Promise.all([
    client.send(new DescribeVpcsCommand({})),
    client.send(new DescribeSubnetsCommand({})),
    client.send(new DescribeSecurityGroupsCommand({})),
    client.send(new DescribeInstancesCommand({})),
  ]);
  return { vpcs: vpcs.Vpcs, subnets: subnets.Subnets, groups: groups.SecurityGroups, reservations: reservations.Reservations };
}

async function defaultVpcId(): Promise<string> {
  const { Vpcs } = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  return Vpcs![0]!.VpcId!;
}

describe('a fresh account', () => {
  it('has a default VPC 172.31.0.0/16 with one default /20 subnet per zone of us-east-1 and a default security group', async () => {
    const { Vpcs } = await client.send(new DescribeVpcsCommand({}));
    expect(Vpcs).toEqual([
      expect.objectContaining({
        VpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/),
        CidrBlock: '172.31.0.0/16',
        IsDefault: true,
        State: 'available',
        OwnerId: '123456789012',
        InstanceTenancy: 'default',
      }),
    ]);
    const vpcId = Vpcs![0]!.VpcId!;
    const { Subnets } = await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(Subnets!.map((subnet) => [subnet.AvailabilityZone, subnet.CidrBlock, subnet.DefaultForAz, subnet.AvailableIpAddressCount])).toEqual([
      ['us-east-1a', '172.31.0.0/20', true, 4091],
      ['us-east-1b', '172.31.16.0/20', true, 4091],
      ['us-east-1c', '172.31.32.0/20', true, 4091],
      ['us-east-1d', '172.31.48.0/20', true, 4091],
      ['us-east-1e', '172.31.64.0/20', true, 4091],
      ['us-east-1f', '172.31.80.0/20', true, 4091],
    ]);
    expect(Subnets![0]).toMatchObject({
      SubnetId: expect.stringMatching(/^subnet-[0-9a-f]{17}$/),
      SubnetArn: `arn:aws:ec2:us-east-1:123456789012:subnet/${Subnets![0]!.SubnetId}`,
      AvailabilityZoneId: 'use1-az1',
      MapPublicIpOnLaunch: true,
      State: 'available',
    });
    const { SecurityGroups } = await client.send(new DescribeSecurityGroupsCommand({}));
    expect(SecurityGroups).toEqual([
      expect.objectContaining({ GroupName: 'default', Description: 'default VPC security group', VpcId: vpcId, GroupId: expect.stringMatching(/^sg-[0-9a-f]{17}$/) }),
    ]);
  });

  it('keeps each region apart, three zones in eu-west-1', async () => {
    const eu = ec2ClientFor(harness.elbow, 'eu-west-1');
    try {
      const { AvailabilityZones } = await eu.send(new DescribeAvailabilityZonesCommand({}));
      expect(AvailabilityZones!.map((zone) => zone.ZoneName)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
      const { Vpcs } = await eu.send(new DescribeVpcsCommand({}));
      expect(Vpcs).toHaveLength(1);
      expect(Vpcs![0]!.VpcId).not.toBe(await defaultVpcId());
      const { Subnets } = await eu.send(new DescribeSubnetsCommand({}));
      expect(Subnets).toHaveLength(3);
    } finally {
      eu.destroy();
    }
  });
});

describe('DescribeAvailabilityZones', () => {
  it('lists the six us-east-1 zones with ids, filters by name, refuses an unknown name', async () => {
    const { AvailabilityZones } = await client.send(new DescribeAvailabilityZonesCommand({}));
    expect(AvailabilityZones).toHaveLength(6);
    expect(AvailabilityZones![0]).toMatchObject({ ZoneName: 'us-east-1a', ZoneId: 'use1-az1', RegionName: 'us-east-1', State: 'available', ZoneType: 'availability-zone' });
    const filtered = await client.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-name', Values: ['us-east-1b', 'us-east-1c'] }] }));
    expect(filtered.AvailabilityZones!.map((zone) => zone.ZoneName)).toEqual(['us-east-1b', 'us-east-1c']);
    await expectError(client.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1z'] })), 'InvalidParameterValue', "The zone 'us-east-1z' does not exist.");
  });
});

describe('VPCs', () => {
  it('CreateVpc answers pending with its tags, Describe shows it available, filters by id, cidr and tag, DeleteVpc removes it', async () => {
    const { Vpc } = await client.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'main' }] }] }),
    );
    expect(Vpc).toMatchObject({ CidrBlock: '10.0.0.0/16', State: 'pending', IsDefault: false, Tags: [{ Key: 'Name', Value: 'main' }] });
    const vpcId = Vpc!.VpcId!;
    const byTag = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['ma*'] }] }));
    expect(byTag.Vpcs!.map((vpc) => [vpc.VpcId, vpc.State])).toEqual([[vpcId, 'available']]);
    const byCidr = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr-block', Values: ['172.31.0.0/16'] }] }));
    expect(byCidr.Vpcs!.map((vpc) => vpc.IsDefault)).toEqual([true]);
    const byId = await client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(byId.Vpcs).toHaveLength(1);
    // Its own default security group comes with it and goes with it.
    const groups = await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(groups.SecurityGroups!.map((group) => group.GroupName)).toEqual(['default']);
    await client.send(new DeleteVpcCommand({ VpcId: vpcId }));
    await expectError(client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })), 'InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
    const after = await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(after.SecurityGroups).toEqual([]);
  });

  it('refuses bad CIDRs, unknown ids, unknown filters and the sixth VPC, changing nothing', async () => {
    const before = await snapshot();
    await expectError(client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })), 'InvalidVpc.Range', "The CIDR '10.0.0.0/8' is invalid.");
    await expectError(client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/29' })), 'InvalidVpc.Range', "The CIDR '10.0.0.0/29' is invalid.");
    await expectError(
      client.send(new CreateVpcCommand({ CidrBlock: 'not-a-cidr' })),
      'InvalidParameterValue',
      'Value (not-a-cidr) for parameter cidrBlock is invalid. This is not a valid CIDR block.',
    );
    await expectError(client.send(new CreateVpcCommand({})), 'MissingParameter', 'The request must contain the parameter CidrBlock');
    await expectError(
      client.send(new DescribeVpcsCommand({ VpcIds: ['vpc-00000000000000001', 'vpc-00000000000000002'] })),
      'InvalidVpcID.NotFound',
      "The vpc IDs 'vpc-00000000000000001, vpc-00000000000000002' do not exist",
    );
    await expectError(client.send(new DeleteVpcCommand({ VpcId: 'vpc-00000000000000001' })), 'InvalidVpcID.NotFound', "The vpc ID 'vpc-00000000000000001' does not exist");
    await expectError(client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })), 'InvalidParameterValue', "The filter 'colour' is invalid");
    await expectError(
      client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'aws:x', Value: '1' }] }] })),
      'InvalidParameterValue',
      "Tag keys starting with 'aws:' are reserved for internal use",
    );
    expect(await snapshot()).toEqual(before);
    for (let index = 0; index < 4; index += 1) await client.send(new CreateVpcCommand({ CidrBlock: `10.${index}.0.0/16` }));
    await expectError(client.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' })), 'VpcLimitExceeded', 'The maximum number of VPCs has been reached.');
  });

  it('answers DryRunOperation (412) without creating anything', async () => {
    const before = await snapshot();
    await expectError(client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', DryRun: true })), 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    expect(await snapshot()).toEqual(before);
  });
});

describe('subnets', () => {
  it('CreateSubnet in a zone, filters by vpc-id and availability-zone, DeleteSubnet', async () => {
    const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const vpcId = Vpc!.VpcId!;
    const { Subnet } = await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1c' }));
    expect(Subnet).toMatchObject({
      VpcId: vpcId,
      CidrBlock: '10.0.1.0/24',
      AvailabilityZone: 'us-east-1c',
      AvailabilityZoneId: 'use1-az4',
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
      AvailableIpAddressCount: 251,
      State: 'available',
    });
    const byZone = await client.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'availability-zone', Values: ['us-east-1c'] }] }),
    );
    expect(byZone.Subnets!.map((subnet) => subnet.SubnetId)).toEqual([Subnet!.SubnetId]);
    await expectError(client.send(new DeleteVpcCommand({ VpcId: vpcId })), 'DependencyViolation', `The vpc '${vpcId}' has dependencies and cannot be deleted.`);
    await client.send(new DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId! }));
    await client.send(new DeleteVpcCommand({ VpcId: vpcId }));
  });

  it('refuses CIDRs outside the VPC, overlapping ones, unknown zones and VPCs, changing nothing', async () => {
    const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const vpcId = Vpc!.VpcId!;
    await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.0/24' }));
    const before = await snapshot();
    await expectError(client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/24' })), 'InvalidSubnet.Range', "The CIDR '10.1.0.0/24' is invalid.");
    await expectError(client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.0/29' })), 'InvalidSubnet.Range', "The CIDR '10.0.0.0/29' is invalid.");
    await expectError(
      client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.128/25' })),
      'InvalidSubnet.Conflict',
      "The CIDR '10.0.0.128/25' conflicts with another subnet",
    );
    await expectError(
      client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.5.0/24', AvailabilityZone: 'us-west-2a' })),
      'InvalidParameterValue',
      'Value (us-west-2a) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f.',
    );
    await expectError(
      client.send(new CreateSubnetCommand({ VpcId: 'vpc-00000000000000001', CidrBlock: '10.0.5.0/24' })),
      'InvalidVpcID.NotFound',
      "The vpc ID 'vpc-00000000000000001' does not exist",
    );
    await expectError(
      client.send(new DeleteSubnetCommand({ SubnetId: 'subnet-00000000000000001' })),
      'InvalidSubnetID.NotFound',
      "The subnet ID 'subnet-00000000000000001' does not exist",
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe('security groups', () => {
  it('CreateSecurityGroup in the default VPC, Describe by name and filter, DeleteSecurityGroup', async () => {
    const vpcId = await defaultVpcId();
    const created = await client.send(
      new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'env', Value: 'dev' }] }] }),
    );
    expect(created).toMatchObject({ GroupId: expect.stringMatching(/^sg-[0-9a-f]{17}$/), Tags: [{ Key: 'env', Value: 'dev' }] });
    const byName = await client.send(new DescribeSecurityGroupsCommand({ GroupNames: ['web'] }));
    expect(byName.SecurityGroups).toEqual([
      expect.objectContaining({ GroupId: created.GroupId, GroupName: 'web', Description: 'web tier', VpcId: vpcId, IpPermissions: [] }),
    ]);
    const byFilter = await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['we?'] }] }));
    expect(byFilter.SecurityGroups!.map((group) => group.GroupId)).toEqual([created.GroupId]);
    expect(await client.send(new DeleteSecurityGroupCommand({ GroupId: created.GroupId! }))).toMatchObject({ Return: true, GroupId: created.GroupId });
    await expectError(
      client.send(new DescribeSecurityGroupsCommand({ GroupIds: [created.GroupId!] })),
      'InvalidGroup.NotFound',
      `The security group '${created.GroupId}' does not exist`,
    );
  });

  it('refuses duplicates, the default group, groups in use, unknown VPCs, changing nothing', async () => {
    const vpcId = await defaultVpcId();
    const { GroupId } = await client.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier', VpcId: vpcId }));
    const { Instances } = await client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SecurityGroupIds: [GroupId!] }));
    const before = await snapshot();
    await expectError(
      client.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'again', VpcId: vpcId })),
      'InvalidGroup.Duplicate',
      `The security group 'web' already exists for VPC '${vpcId}'`,
    );
    const defaultGroup = (await client.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }))).SecurityGroups![0]!;
    await expectError(
      client.send(new DeleteSecurityGroupCommand({ GroupId: defaultGroup.GroupId! })),
      'CannotDelete',
      `the specified group: "${defaultGroup.GroupId}" name: "default" cannot be deleted by a user`,
    );
    await expectError(client.send(new DeleteSecurityGroupCommand({ GroupId: GroupId! })), 'DependencyViolation', `resource ${GroupId} has a dependent object`);
    await expectError(
      client.send(new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x', VpcId: 'vpc-00000000000000001' })),
      'InvalidVpcID.NotFound',
      "The vpc ID 'vpc-00000000000000001' does not exist",
    );
    await expectError(
      client.send(new CreateSecurityGroupCommand({ GroupName: 'sg-web', Description: 'x' })),
      'InvalidParameterValue',
      'Group names may not be in the format sg-*',
    );
    expect(await snapshot()).toEqual(before);
    // Once its instance is terminated the group can go.
    await client.send(new TerminateInstancesCommand({ InstanceIds: [Instances![0]!.InstanceId!] }));
    await client.send(new DeleteSecurityGroupCommand({ GroupId: GroupId! }));
  });
});

describe('instances', () => {
  it('RunInstances answers pending in a default subnet with tags and the default group; Describe shows running; Terminate shutting-down then terminated', async () => {
    const vpcId = await defaultVpcId();
    const launched = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-12345678',
        MinCount: 2,
        MaxCount: 2,
        InstanceType: 't3.micro',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'elbow:host', Value: '127.0.0.1' }] }],
      }),
    );
    expect(launched.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(launched.Instances!.map((instance) => [instance.State, instance.PrivateIpAddress, instance.AmiLaunchIndex])).toEqual([
      [{ Code: 0, Name: 'pending' }, '172.31.0.4', 0],
      [{ Code: 0, Name: 'pending' }, '172.31.0.5', 1],
    ]);
    const [first, second] = launched.Instances!;
    expect(first).toMatchObject({
      InstanceId: expect.stringMatching(/^i-[0-9a-f]{17}$/),
      ImageId: 'ami-12345678',
      InstanceType: 't3.micro',
      VpcId: vpcId,
      Placement: { AvailabilityZone: 'us-east-1a' },
      PrivateDnsName: 'ip-172-31-0-4.ec2.internal',
      Tags: [{ Key: 'elbow:host', Value: '127.0.0.1' }],
      SecurityGroups: [{ GroupName: 'default', GroupId: expect.stringMatching(/^sg-/) }],
    });
    const described = await client.send(new DescribeInstancesCommand({ InstanceIds: [first!.InstanceId!] }));
    expect(described.Reservations).toHaveLength(1);
    expect(described.Reservations![0]!.Instances!.map((instance) => instance.State)).toEqual([{ Code: 16, Name: 'running' }]);

    const terminated = await client.send(new TerminateInstancesCommand({ InstanceIds: [first!.InstanceId!] }));
    expect(terminated.TerminatingInstances).toEqual([
      { InstanceId: first!.InstanceId, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    const running = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
    expect(running.Reservations!.flatMap((reservation) => reservation.Instances!.map((instance) => instance.InstanceId))).toEqual([second!.InstanceId]);
    const gone = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['terminated'] }] }));
    expect(gone.Reservations![0]!.Instances![0]).toMatchObject({ InstanceId: first!.InstanceId, State: { Code: 48, Name: 'terminated' } });
    const again = await client.send(new TerminateInstancesCommand({ InstanceIds: [first!.InstanceId!] }));
    expect(again.TerminatingInstances![0]).toMatchObject({ CurrentState: { Name: 'terminated' }, PreviousState: { Name: 'terminated' } });
  });

  it('launches into the named subnet, filters by subnet-id, tag and instance-id, reuses addresses of terminated instances', async () => {
    const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const { Subnet } = await client.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: '10.0.1.0/28', AvailabilityZone: 'us-east-1b' }));
    const subnetId = Subnet!.SubnetId!;
    // A /28 holds 16 - 5 reserved = 11 instances; MaxCount beyond that launches what fits.
    const launched = await client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 20, SubnetId: subnetId }));
    expect(launched.Instances).toHaveLength(11);
    expect(launched.Instances!.at(-1)!.PrivateIpAddress).toBe('10.0.1.14');
    const { Subnets } = await client.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    expect(Subnets![0]!.AvailableIpAddressCount).toBe(0);
    await expectError(
      client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId })),
      'InsufficientFreeAddressesInSubnet',
      `There are not enough free addresses in subnet '${subnetId}' to satisfy the requested number of instances.`,
    );
    const firstId = launched.Instances![0]!.InstanceId!;
    await client.send(new CreateTagsCommand({ Resources: [firstId, subnetId], Tags: [{ Key: 'role', Value: 'web' }] }));
    const byTag = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:role', Values: ['web'] }, { Name: 'subnet-id', Values: [subnetId] }] }));
    expect(byTag.Reservations!.flatMap((reservation) => reservation.Instances!.map((instance) => instance.InstanceId))).toEqual([firstId]);
    const taggedSubnet = await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:role', Values: ['web'] }] }));
    expect(taggedSubnet.Subnets!.map((subnet) => subnet.SubnetId)).toEqual([subnetId]);
    await expectError(client.send(new DeleteSubnetCommand({ SubnetId: subnetId })), 'DependencyViolation', `The subnet '${subnetId}' has dependencies and cannot be deleted.`);
    await client.send(new TerminateInstancesCommand({ InstanceIds: [firstId] }));
    const reused = await client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId }));
    expect(reused.Instances![0]!.PrivateIpAddress).toBe('10.0.1.4');
    await client.send(new TerminateInstancesCommand({ InstanceIds: launched.Instances!.slice(1).map((instance) => instance.InstanceId!).concat(reused.Instances![0]!.InstanceId!) }));
    await client.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
  });

  it('refuses unknown and malformed ids, bad counts, groups of another VPC and unknown subnets, changing nothing', async () => {
    const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const otherGroup = (await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [Vpc!.VpcId!] }] }))).SecurityGroups![0]!.GroupId!;
    const vpcId = await defaultVpcId();
    const before = await snapshot();
    await expectError(
      client.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000001'] })),
      'InvalidInstanceID.NotFound',
      "The instance ID 'i-00000000000000001' does not exist",
    );
    await expectError(
      client.send(new TerminateInstancesCommand({ InstanceIds: ['i-00000000000000001', 'i-00000000000000002'] })),
      'InvalidInstanceID.NotFound',
      "The instance IDs 'i-00000000000000001, i-00000000000000002' do not exist",
    );
    await expectError(client.send(new TerminateInstancesCommand({ InstanceIds: ['bogus'] })), 'InvalidInstanceID.Malformed', 'Invalid id: "bogus"');
    await expectError(client.send(new RunInstancesCommand({ ImageId: 'image', MinCount: 1, MaxCount: 1 })), 'InvalidAMIID.Malformed', 'Invalid id: "image"');
    await expectError(client.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })), 'MissingParameter', 'The request must contain the parameter ImageId');
    await expectError(
      client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 3, MaxCount: 2 })),
      'InvalidParameterValue',
      'Value (2) for parameter maxCount is invalid. Expected a value greater than or equal to minCount (3).',
    );
    await expectError(
      client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: 'subnet-00000000000000001' })),
      'InvalidSubnetID.NotFound',
      "The subnet ID 'subnet-00000000000000001' does not exist",
    );
    await expectError(
      client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SecurityGroupIds: [otherGroup] })),
      'InvalidGroup.NotFound',
      `The security group '${otherGroup}' does not exist in VPC '${vpcId}'`,
    );
    await expectError(
      client.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: 'vpc', Tags: [] }] })),
      'InvalidParameterValue',
      "'vpc' is not a valid taggable resource type for this operation.",
    );
    await expectError(client.send(new CreateTagsCommand({ Resources: ['vpc-00000000000000001'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidVpcID.NotFound', "The vpc ID 'vpc-00000000000000001' does not exist");
    await expectError(client.send(new CreateTagsCommand({ Resources: ['ami-12345678'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidID', "The ID 'ami-12345678' is not valid");
    await expectError(client.send(new TerminateInstancesCommand({ InstanceIds: [] })), 'MissingParameter', 'The request must contain the parameter InstanceId');
    expect(await snapshot()).toEqual(before);
  });
});
