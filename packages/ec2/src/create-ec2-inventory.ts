import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { availabilityZonesOf } from './availability-zones.js';
import { cidrContainsAddress, parseCidr, parseIpv4 } from './cidr.js';
import { ensureDefaultNetwork } from './default-network.js';
import type { Ec2Inventory, Ec2Scope, InstanceRecord, VpcRecord } from './ec2-inventory.js';
import { createEc2Repositories } from './ec2-repositories.js';
import type { Ec2Repositories } from './ec2-repositories.js';
import type { InstanceRow } from './instance-repository.js';
import type { VpcRow } from './vpc-repository.js';

/** The tag that says where an instance's traffic goes (issue: "An instance stands for a local host"). */
export const HOST_TAG_KEY = 'elbow:host';
export const DEFAULT_INSTANCE_HOST = '127.0.0.1';

export interface Ec2InventoryOptions {
  /** `length` random lowercase hex characters, for the default network's ids; defaults to node:crypto. */
  readonly randomHex?: (length: number) => string;
}

export function defaultRandomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

/** The read side of elbow's EC2 state, over the store's database, for ELB's validations and the data plane. */
export function createEc2Inventory(db: Database, options: Ec2InventoryOptions = {}): Ec2Inventory {
  const repositories = createEc2Repositories(db);
  const randomHex = options.randomHex ?? defaultRandomHex;
  const atomically = db.transaction((fn: () => void) => fn());
  const ensure = (scope: Ec2Scope) =>
    ensureDefaultNetwork({ ...repositories, randomHex, atomically: (fn) => atomically.immediate(fn) }, scope);
  return inventoryOver(repositories, ensure);
}

/** The inventory over repositories the EC2 service already holds (one set of prepared statements). */
export function inventoryOver(repositories: Ec2Repositories, ensure: (scope: Ec2Scope) => void): Ec2Inventory {
  const { vpcs, subnets, securityGroups, instances, tags } = repositories;

  function toInstanceRecord(scope: Ec2Scope, row: InstanceRow): InstanceRecord {
    return {
      instanceId: row.instanceId,
      vpcId: row.vpcId,
      subnetId: row.subnetId,
      availabilityZone: row.availabilityZone,
      state: row.state,
      privateIpAddress: row.privateIpAddress,
      host: tags.value(scope, row.instanceId, HOST_TAG_KEY) ?? DEFAULT_INSTANCE_HOST,
    };
  }

  function subnetsOfVpc(scope: Ec2Scope, vpcId: string) {
    ensure(scope);
    return subnets.listByVpc(scope, vpcId);
  }

  return {
    findVpc(scope, vpcId) {
      ensure(scope);
      const row = vpcs.find(scope, vpcId);
      return row && toVpcRecord(row);
    },
    defaultVpc(scope) {
      ensure(scope);
      const row = vpcs.findDefault(scope);
      return row && toVpcRecord(row);
    },
    findSubnets(scope, subnetIds) {
      ensure(scope);
      return subnetIds.flatMap((id) => {
        const row = subnets.find(scope, id);
        return row ? [{ subnetId: row.subnetId, vpcId: row.vpcId, availabilityZone: row.availabilityZone, availabilityZoneId: row.availabilityZoneId, cidrBlock: row.cidrBlock }] : [];
      });
    },
    defaultSecurityGroup(scope, vpcId) {
      ensure(scope);
      const row = securityGroups.findByName(scope, vpcId, 'default');
      return row && { groupId: row.groupId, groupName: row.groupName, vpcId: row.vpcId };
    },
    findSecurityGroups(scope, groupIds) {
      ensure(scope);
      return groupIds.flatMap((id) => {
        const row = securityGroups.find(scope, id);
        return row ? [{ groupId: row.groupId, groupName: row.groupName, vpcId: row.vpcId }] : [];
      });
    },
    findInstances(scope, instanceIds) {
      ensure(scope);
      return instanceIds.flatMap((id) => {
        const row = instances.find(scope, id);
        return row ? [toInstanceRecord(scope, row)] : [];
      });
    },
    subnetHoldingAddress(scope, vpcId, address) {
      const value = parseIpv4(address);
      if (value === undefined) return undefined;
      const row = subnetsOfVpc(scope, vpcId).find((subnet) => {
        const block = parseCidr(subnet.cidrBlock);
        return block !== undefined && cidrContainsAddress(block, value);
      });
      return row && { subnetId: row.subnetId, vpcId: row.vpcId, availabilityZone: row.availabilityZone, availabilityZoneId: row.availabilityZoneId, cidrBlock: row.cidrBlock };
    },
    isAddressInVpc(scope, vpcId, address) {
      ensure(scope);
      const value = parseIpv4(address);
      const block = vpcs.find(scope, vpcId)?.cidrBlock;
      const parsed = block === undefined ? undefined : parseCidr(block);
      return value !== undefined && parsed !== undefined && cidrContainsAddress(parsed, value);
    },
    availabilityZones(scope) {
      return availabilityZonesOf(scope.region).map((zone) => zone.zoneName);
    },
  };
}

function toVpcRecord(row: VpcRow): VpcRecord {
  return { vpcId: row.vpcId, cidrBlock: row.cidrBlock, isDefault: row.isDefault };
}
