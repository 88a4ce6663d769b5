/**
 * What ELB needs to know about EC2 resources, read-only. elbv2 (and later classic elb) validate
 * subnets, VPCs, security groups and instance targets against this, as AWS does; the data plane
 * reads an instance's `host` to know where to send its traffic.
 */
export interface Ec2Scope {
  readonly accountId: string;
  readonly region: string;
}

export interface VpcRecord {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly isDefault: boolean;
}

export interface SubnetRecord {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly cidrBlock: string;
}

export interface SecurityGroupRecord {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId: string;
}

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export interface InstanceRecord {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly state: InstanceStateName;
  readonly privateIpAddress: string;
  /** Where the data plane sends this instance's traffic: its `elbow:host` tag, else 127.0.0.1. */
  readonly host: string;
}

/**
 * Every lookup first makes sure the scope has what a new AWS account has in a region: a default
 * VPC with one default subnet per availability zone and a default security group.
 */
export interface Ec2Inventory {
  findVpc(scope: Ec2Scope, vpcId: string): VpcRecord | undefined;
  /** Undefined only once the caller deleted the default VPC (AWS does not bring it back either). */
  defaultVpc(scope: Ec2Scope): VpcRecord | undefined;
  /** The subnets found, in the order asked; unknown ids are simply absent. */
  findSubnets(scope: Ec2Scope, subnetIds: readonly string[]): SubnetRecord[];
  /** The default VPC's default security group, used when a load balancer names none. */
  defaultSecurityGroup(scope: Ec2Scope, vpcId: string): SecurityGroupRecord | undefined;
  findSecurityGroups(scope: Ec2Scope, groupIds: readonly string[]): SecurityGroupRecord[];
  findInstances(scope: Ec2Scope, instanceIds: readonly string[]): InstanceRecord[];
  /** The subnet of a VPC whose CIDR holds the address (for ip targets' availability zone). */
  subnetHoldingAddress(scope: Ec2Scope, vpcId: string, address: string): SubnetRecord | undefined;
  /** Whether the address lies in one of the VPC's CIDR blocks. */
  isAddressInVpc(scope: Ec2Scope, vpcId: string, address: string): boolean;
  /** The availability zone names of the region, in order (us-east-1a, us-east-1b, ...). */
  availabilityZones(scope: Ec2Scope): string[];
}
