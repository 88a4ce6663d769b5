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
