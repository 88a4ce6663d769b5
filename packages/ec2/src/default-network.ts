import { availabilityZonesOf } from './availability-zones.js';
import { formatCidr, parseCidr } from './cidr.js';
import type { Ec2Scope } from './ec2-inventory.js';
import { newEc2Id } from './ec2-ids.js';
import type { SecurityGroupRepository } from './security-group-repository.js';
import type { SubnetRepository } from './subnet-repository.js';
import type { VpcRepository } from './vpc-repository.js';

/**
 * What a new AWS account has in every region: a default VPC 172.31.0.0/16 with one default
 * subnet per availability zone (/20 blocks 172.31.0.0/20, 172.31.16.0/20, ... in zone order) and
 * a `default` security group. Source: "Default VPCs" and "Default subnets", Amazon VPC User Guide
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html).
 */
export const DEFAULT_VPC_CIDR = '172.31.0.0/16';
const DEFAULT_SUBNET_PREFIX_LENGTH = 20;

/**
 * The group every VPC is created with, default or not: name `default`, description
 * `default VPC security group` (aws-cli examples ec2/describe-security-groups.rst and
 * "Default security groups for your VPCs", Amazon VPC User Guide).
 */
export const DEFAULT_SECURITY_GROUP_NAME = 'default';
export const DEFAULT_SECURITY_GROUP_DESCRIPTION = 'default VPC security group';

export interface DefaultNetworkDeps {
  readonly vpcs: VpcRepository;
  readonly subnets: SubnetRepository;
  readonly securityGroups: SecurityGroupRepository;
  readonly randomHex: (length: number) => string;
  /** Runs `fn` atomically (a savepoint when already inside a transaction). */
  readonly atomically: (fn: () => void) => void;
}

/**
 * Creates the scope's default network the first time the scope is touched, and never again: a
 * caller who deletes the default VPC keeps it deleted, as on AWS.
 */
export function ensureDefaultNetwork(deps: DefaultNetworkDeps, scope: Ec2Scope): void {
  if (deps.vpcs.hasDefaultNetwork(scope)) return;
  deps.atomically(() => {
    if (deps.vpcs.hasDefaultNetwork(scope)) return;
    deps.vpcs.markDefaultNetwork(scope);
    const vpc = deps.vpcs.insert(scope, {
      vpcId: newEc2Id('vpc', deps.randomHex),
      cidrBlock: DEFAULT_VPC_CIDR,
      isDefault: true,
      instanceTenancy: 'default',
    });
    createDefaultSecurityGroup(deps, scope, vpc.vpcId);
    const vpcBlock = parseCidr(DEFAULT_VPC_CIDR);
    if (!vpcBlock) throw new Error(`DEFAULT_VPC_CIDR is not a CIDR: ${DEFAULT_VPC_CIDR}`);
    const subnetSize = 2 ** (32 - DEFAULT_SUBNET_PREFIX_LENGTH);
    availabilityZonesOf(scope.region).forEach((zone, index) => {
      deps.subnets.insert(scope, {
        subnetId: newEc2Id('subnet', deps.randomHex),
        vpcId: vpc.vpcId,
        cidrBlock: formatCidr({ network: vpcBlock.network + index * subnetSize, prefixLength: DEFAULT_SUBNET_PREFIX_LENGTH }),
        availabilityZone: zone.zoneName,
        availabilityZoneId: zone.zoneId,
        isDefault: true,
      });
    });
  });
}

export function createDefaultSecurityGroup(
  deps: Pick<DefaultNetworkDeps, 'securityGroups' | 'randomHex'>,
  scope: Ec2Scope,
  vpcId: string,
): void {
  deps.securityGroups.insert(scope, {
    groupId: newEc2Id('sg', deps.randomHex),
    groupName: DEFAULT_SECURITY_GROUP_NAME,
    description: DEFAULT_SECURITY_GROUP_DESCRIPTION,
    vpcId,
  });
}
