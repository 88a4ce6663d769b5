import type { Database } from 'better-sqlite3';
import type { Ec2Scope, SubnetRecord } from './ec2-inventory.js';

export interface SubnetRow extends SubnetRecord {
  readonly seq: number;
  /** A default subnet (one per zone in the default VPC): instances get a public address there. */
  readonly isDefault: boolean;
}

export type NewSubnet = Omit<SubnetRow, 'seq'>;

export interface SubnetRepository {
  insert(scope: Ec2Scope, subnet: NewSubnet): SubnetRow;
  find(scope: Ec2Scope, subnetId: string): SubnetRow | undefined;
  /** Every subnet of the scope, in creation order. */
  list(scope: Ec2Scope): SubnetRow[];
  listByVpc(scope: Ec2Scope, vpcId: string): SubnetRow[];
  delete(scope: Ec2Scope, subnetId: string): boolean;
}

type Row = [
  seq: number,
  subnetId: string,
  vpcId: string,
  cidrBlock: string,
  availabilityZone: string,
  availabilityZoneId: string,
  isDefault: number,
];
const COLUMNS = 'seq, subnet_id, vpc_id, cidr_block, availability_zone, availability_zone_id, is_default';

export function createSubnetRepository(db: Database): SubnetRepository {
  const insert = db.prepare(`
    INSERT INTO subnets (account_id, region, subnet_id, vpc_id, cidr_block, availability_zone, availability_zone_id, is_default)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectOne = db
    .prepare<[string, string, string], Row>(`SELECT ${COLUMNS} FROM subnets WHERE account_id = ? AND region = ? AND subnet_id = ?`)
    .raw();
  const selectAll = db.prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM subnets WHERE account_id = ? AND region = ? ORDER BY seq`).raw();
  const selectByVpc = db
    .prepare<[string, string, string], Row>(`SELECT ${COLUMNS} FROM subnets WHERE account_id = ? AND region = ? AND vpc_id = ? ORDER BY seq`)
    .raw();
  const deleteOne = db.prepare(`DELETE FROM subnets WHERE account_id = ? AND region = ? AND subnet_id = ?`);

  return {
    insert(scope, subnet) {
      const result = insert.run(
        scope.accountId, scope.region, subnet.subnetId, subnet.vpcId, subnet.cidrBlock,
        subnet.availabilityZone, subnet.availabilityZoneId, subnet.isDefault ? 1 : 0,
      );
      return { ...subnet, seq: Number(result.lastInsertRowid) };
    },
    find(scope, subnetId) {
      const row = selectOne.get(scope.accountId, scope.region, subnetId);
      return row && toSubnet(row);
    },
    list(scope) {
      return selectAll.all(scope.accountId, scope.region).map(toSubnet);
    },
    listByVpc(scope, vpcId) {
      return selectByVpc.all(scope.accountId, scope.region, vpcId).map(toSubnet);
    },
    delete(scope, subnetId) {
      return deleteOne.run(scope.accountId, scope.region, subnetId).changes > 0;
    },
  };
}

function toSubnet([seq, subnetId, vpcId, cidrBlock, availabilityZone, availabilityZoneId, isDefault]: Row): SubnetRow {
  return { seq, subnetId, vpcId, cidrBlock, availabilityZone, availabilityZoneId, isDefault: isDefault === 1 };
}
