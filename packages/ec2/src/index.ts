export type {
  Ec2Scope,
  VpcRecord,
  SubnetRecord,
  SecurityGroupRecord,
  InstanceStateName,
  InstanceRecord,
  Ec2Inventory,
} from './ec2-inventory.js';
