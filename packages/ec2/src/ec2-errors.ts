import { ServiceError } from '@elbow/query-protocol';

/**
 * EC2's error answers. EC2's model declares no error shapes; codes come from the EC2 API
 * Reference "Error codes" page (all client errors are HTTP 400, except DryRunOperation 412).
 * Messages marked verified were seen in real AWS responses (source given); the others are listed
 * in packages/ec2/UNVERIFIED.md with their basis.
 */
function clientError(code: string, message: string): ServiceError {
  return new ServiceError(code, message, { statusCode: 400 });
}

/** `'a'` or `'a, b'`: EC2 names every id it could not find in one message. */
function quotedList(ids: readonly string[]): string {
  return `'${ids.join(', ')}'`;
}

export const ec2Errors = {
  /** Verified: "The vpc ID 'vpc-…' does not exist" (aws-cli DescribeVpcs and terraform output quoted in public issues, e.g. aws-load-balancer-controller #1188). */
  vpcNotFound: (ids: readonly string[]) =>
    clientError('InvalidVpcID.NotFound', ids.length === 1 ? `The vpc ID ${quotedList(ids)} does not exist` : `The vpc IDs ${quotedList(ids)} do not exist`),
  /** Verified singular form: "The subnet ID 'subnet-…' does not exist" (public issue threads); plural by analogy. */
  subnetNotFound: (ids: readonly string[]) =>
    clientError(
      'InvalidSubnetID.NotFound',
      ids.length === 1 ? `The subnet ID ${quotedList(ids)} does not exist` : `The subnet IDs ${quotedList(ids)} do not exist`,
    ),
  /** Verified: "The security group 'sg-…' does not exist" (EC2 error relayed by Lambda, node-lambda #162). */
  groupNotFound: (ids: readonly string[]) =>
    clientError('InvalidGroup.NotFound', ids.length === 1 ? `The security group ${quotedList(ids)} does not exist` : `The security groups ${quotedList(ids)} do not exist`),
  /** Unverified wording, EC2's form for a group id of another VPC. */
  groupNotInVpc: (groupId: string, vpcId: string) =>
    clientError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist in VPC '${vpcId}'`),
  /** Unverified: group names are looked up in the VPC (default VPC when none is named). */
  groupNameNotFound: (name: string, vpcId: string) =>
    clientError('InvalidGroup.NotFound', `The security group '${name}' does not exist in VPC '${vpcId}'`),
  /** Verified singular form: "The instance ID 'i-…' does not exist"; plural "The instance IDs '…' do not exist". */
  instanceNotFound: (ids: readonly string[]) =>
    clientError(
      'InvalidInstanceID.NotFound',
      ids.length === 1 ? `The instance ID ${quotedList(ids)} does not exist` : `The instance IDs ${quotedList(ids)} do not exist`,
    ),
  /** botocore's own fixture quotes `InvalidInstanceID.Malformed` / `Invalid id: "1343124"` (parsers.py EC2QueryParser). */
  malformedId: (code: string, id: string) => clientError(code, `Invalid id: "${id}"`),
  /** Unverified wording: an id whose prefix names no resource kind elbow keeps. */
  invalidId: (id: string) => clientError('InvalidID', `The ID '${id}' is not valid`),
  /** Unverified wording. */
  invalidFilter: (name: string) => clientError('InvalidParameterValue', `The filter '${name}' is invalid`),
  /** Unverified wording: EC2's "The request must contain the parameter …" form. */
  missingParameter: (name: string) => clientError('MissingParameter', `The request must contain the parameter ${name}`),
  invalidParameterValue: (message: string) => clientError('InvalidParameterValue', message),
  /** Unverified wording: "Value (x) for parameter cidrBlock is invalid. This is not a valid CIDR block." */
  invalidCidr: (value: string) =>
    clientError('InvalidParameterValue', `Value (${value}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`),
  /** Unverified wording, EC2's "The CIDR '…' is invalid." */
  vpcRange: (cidr: string) => clientError('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`),
  subnetRange: (cidr: string) => clientError('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`),
  /** Verified: "InvalidSubnet.Conflict: The CIDR '10.0.1.0/24' conflicts with another subnet" (terraform output quoted in public docs, code index). */
  subnetConflict: (cidr: string) => clientError('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`),
  /** Unverified wording. */
  unknownZone: (zone: string, zones: readonly string[]) =>
    clientError(
      'InvalidParameterValue',
      `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.join(', ')}.`,
    ),
  /**
   * Verified: "DependencyViolation: The vpc 'vpc-…' has dependencies and cannot be deleted." and
   * "The subnet 'subnet-…' has dependencies and cannot be deleted." (terraform and CloudFormation output quoted in public repositories).
   */
  vpcDependencies: (vpcId: string) => clientError('DependencyViolation', `The vpc '${vpcId}' has dependencies and cannot be deleted.`),
  subnetDependencies: (subnetId: string) =>
    clientError('DependencyViolation', `The subnet '${subnetId}' has dependencies and cannot be deleted.`),
  /** Seen in public issue threads: "resource sg-… has a dependent object". */
  groupDependencies: (groupId: string) => clientError('DependencyViolation', `resource ${groupId} has a dependent object`),
  /** Verified: "InvalidGroup.Duplicate … The security group 'Public' already exists for VPC 'vpc-…'" (AWS CLI session quoted in a public repository). */
  groupDuplicate: (name: string, vpcId: string) =>
    clientError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`),
  /** Unverified wording. */
  groupReserved: (name: string) => clientError('InvalidGroup.Reserved', `The security group '${name}' is reserved`),
  /** Unverified wording. */
  cannotDeleteDefaultGroup: (groupId: string) =>
    clientError('CannotDelete', `the specified group: "${groupId}" name: "default" cannot be deleted by a user`),
  /** Unverified wording. */
  noDefaultVpc: () => clientError('VPCIdNotSpecified', 'No default VPC for this user'),
  /** Unverified wording; the quota is "VPCs per Region: 5" (Amazon VPC quotas). */
  vpcLimit: () => clientError('VpcLimitExceeded', 'The maximum number of VPCs has been reached.'),
  /** Unverified wording. */
  insufficientAddresses: (subnetId: string) =>
    clientError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnetId}' to satisfy the requested number of instances.`),
  /** Unverified wording. */
  addressInUse: (address: string) => clientError('InvalidIPAddress.InUse', `Address ${address} is in use.`),
  /** Unverified wording. */
  addressOutsideSubnet: (address: string, subnetId: string) =>
    clientError('InvalidParameterValue', `Address ${address} does not fall within the subnet's address range (subnet '${subnetId}')`),
  /** Unverified wording; "Tag keys starting with 'aws:' are reserved for internal use" is EC2's known form. */
  reservedTagKey: () => clientError('InvalidParameterValue', `Tag keys starting with 'aws:' are reserved for internal use`),
  /** Unverified wording. */
  tagLimit: () => clientError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.'),
  /** Unverified wording. */
  notTaggableHere: (resourceType: string) =>
    clientError('InvalidParameterValue', `'${resourceType}' is not a valid taggable resource type for this operation.`),
  /** EC2 API Reference "Error codes": DryRunOperation, "Request would have succeeded, but DryRun flag is set." (412). */
  dryRun: () => new ServiceError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', { statusCode: 412 }),
} as const;
