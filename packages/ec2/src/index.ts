export type {
  Ec2Scope,
  VpcRecord,
  SubnetRecord,
  SecurityGroupRecord,
  InstanceStateName,
  InstanceRecord,
  Ec2Inventory,
} from './ec2-inventory.js';
export { createEc2Inventory, DEFAULT_INSTANCE_HOST, HOST_TAG_KEY } from './create-ec2-inventory.js';
export type { Ec2InventoryOptions } from './create-ec2-inventory.js';
export { availabilityZonesOf } from './availability-zones.js';
export type { AvailabilityZone } from './availability-zones.js';
export { DEFAULT_VPC_CIDR } from './default-network.js';
export { createEc2Service } from './create-ec2-service.js';
export type { Ec2Service, Ec2ServiceOptions } from './create-ec2-service.js';
export type { Ec2Operations, Ec2OperationName } from './ec2-handler-types.js';
