import type { ec2 } from '@elbow/api-models';
import { blockSize, parseCidr } from './cidr.js';
import type { Ec2Scope, InstanceStateName } from './ec2-inventory.js';
import type { Ec2Tag } from './ec2-tag-repository.js';
import { toTagOutput } from './ec2-tag-rules.js';
import type { InstanceRow } from './instance-repository.js';
import type { SecurityGroupRow } from './security-group-repository.js';
import type { SubnetRow } from './subnet-repository.js';
import type { VpcRow } from './vpc-repository.js';

/** Instance state codes (EC2 API Reference, InstanceState: the low byte of Code). */
export const INSTANCE_STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export function instanceState(name: InstanceStateName): ec2.InstanceState {
  return { Code: INSTANCE_STATE_CODES[name], Name: name };
}

/** The suffix after the resource prefix, used to derive the ids of a resource's parts (stable, unique per resource). */
function idSuffix(id: string): string {
  return id.slice(id.indexOf('-') + 1);
}

export function toVpcOutput(scope: Ec2Scope, vpc: VpcRow, tags: readonly Ec2Tag[], state: ec2.VpcState = 'available'): ec2.Vpc {
  return {
    OwnerId: scope.accountId,
    InstanceTenancy: vpc.instanceTenancy as ec2.Tenancy,
    CidrBlockAssociationSet: [
      { AssociationId: `vpc-cidr-assoc-${idSuffix(vpc.vpcId)}`, CidrBlock: vpc.cidrBlock, CidrBlockState: { State: 'associated' } },
    ],
    IsDefault: vpc.isDefault,
    Tags: tags.length > 0 ? toTagOutput(tags) : undefined,
    VpcId: vpc.vpcId,
    State: state,
    CidrBlock: vpc.cidrBlock,
    // Every VPC starts with the region's default DHCP options set; elbow derives a stable id for it.
    DhcpOptionsId: `dopt-${idSuffix(vpc.vpcId)}`,
  };
}

export function toSubnetOutput(scope: Ec2Scope, subnet: SubnetRow, tags: readonly Ec2Tag[], liveInstances: number): ec2.Subnet {
  const block = parseCidr(subnet.cidrBlock);
  // Five addresses per subnet are reserved (cidr.ts); each live instance holds one more.
  const available = block ? blockSize(block.prefixLength) - 5 - liveInstances : 0;
  return {
    AvailabilityZoneId: subnet.availabilityZoneId,
    OwnerId: scope.accountId,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Tags: tags.length > 0 ? toTagOutput(tags) : undefined,
    SubnetArn: `arn:aws:ec2:${scope.region}:${scope.accountId}:subnet/${subnet.subnetId}`,
    EnableDns64: false,
    Ipv6Native: false,
    SubnetId: subnet.subnetId,
    State: 'available',
    VpcId: subnet.vpcId,
    CidrBlock: subnet.cidrBlock,
    AvailableIpAddressCount: Math.max(0, available),
    AvailabilityZone: subnet.availabilityZone,
    DefaultForAz: subnet.isDefault,
    // Default subnets give instances a public address; other subnets do not ("Default subnets", VPC User Guide).
    MapPublicIpOnLaunch: subnet.isDefault,
  };
}

export function securityGroupArn(scope: Ec2Scope, groupId: string): string {
  return `arn:aws:ec2:${scope.region}:${scope.accountId}:security-group/${groupId}`;
}

export function toSecurityGroupOutput(scope: Ec2Scope, group: SecurityGroupRow, tags: readonly Ec2Tag[]): ec2.SecurityGroup {
  return {
    GroupId: group.groupId,
    // A new group allows all outbound traffic and no inbound (VPC User Guide, "Security groups");
    // the default group also admits its own members, which elbow does not model (no rule operations).
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    Tags: tags.length > 0 ? toTagOutput(tags) : undefined,
    VpcId: group.vpcId,
    SecurityGroupArn: securityGroupArn(scope, group.groupId),
    OwnerId: scope.accountId,
    GroupName: group.groupName,
    Description: group.description,
    IpPermissions: [],
  };
}

/**
 * Private DNS names: `ip-a-b-c-d.ec2.internal` in us-east-1, `ip-a-b-c-d.<region>.compute.internal`
 * elsewhere (EC2 User Guide, "Amazon EC2 instance hostname types").
 */
export function privateDnsName(region: string, address: string): string {
  const host = `ip-${address.replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

export interface InstanceOutputParts {
  readonly tags: readonly Ec2Tag[];
  readonly groups: readonly SecurityGroupRow[];
  /** The state to show (RunInstances shows `pending` for what is stored `running`). */
  readonly state?: InstanceStateName;
}

export function toInstanceOutput(scope: Ec2Scope, instance: InstanceRow, parts: InstanceOutputParts): ec2.Instance {
  const state = parts.state ?? instance.state;
  const isTerminated = state === 'terminated';
  return {
    Architecture: 'x86_64',
    BlockDeviceMappings: [],
    ClientToken: '',
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: [],
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: isTerminated ? [] : parts.groups.map((group) => ({ GroupId: group.groupId, GroupName: group.groupName })),
    SourceDestCheck: true,
    StateReason: isTerminated
      ? { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' }
      : undefined,
    Tags: parts.tags.length > 0 ? toTagOutput(parts.tags) : undefined,
    VirtualizationType: 'hvm',
    InstanceId: instance.instanceId,
    ImageId: instance.imageId,
    State: instanceState(state),
    PrivateDnsName: isTerminated ? '' : privateDnsName(scope.region, instance.privateIpAddress),
    PublicDnsName: '',
    StateTransitionReason: isTerminated ? 'User initiated' : '',
    AmiLaunchIndex: instance.amiLaunchIndex,
    ProductCodes: [],
    InstanceType: instance.instanceType as ec2.InstanceType,
    LaunchTime: new Date(instance.launchedAt),
    Placement: { AvailabilityZone: instance.availabilityZone, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    // A terminated instance no longer has a network placement (observed in DescribeInstances output).
    SubnetId: isTerminated ? undefined : instance.subnetId,
    VpcId: isTerminated ? undefined : instance.vpcId,
    PrivateIpAddress: isTerminated ? undefined : instance.privateIpAddress,
  };
}
