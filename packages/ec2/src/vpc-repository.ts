import type { Database } from 'better-sqlite3';
import type { Ec2Scope } from './ec2-inventory.js';

export interface VpcRow {
  readonly seq: number;
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly isDefault: boolean;
  readonly instanceTenancy: string;
}

export type NewVpc = Omit<VpcRow, 'seq'>;

export interface VpcRepository {
  insert(scope: Ec2Scope, vpc: NewVpc): VpcRow;
  find(scope: Ec2Scope, vpcId: string): VpcRow | undefined;
  findDefault(scope: Ec2Scope): VpcRow | undefined;
  /** Every VPC of the scope, in creation order. */
  list(scope: Ec2Scope): VpcRow[];
  delete(scope: Ec2Scope, vpcId: string): boolean;
  /** Whether the scope's default network was created (it is made once, on first touch). */
  hasDefaultNetwork(scope: Ec2Scope): boolean;
  markDefaultNetwork(scope: Ec2Scope): void;
}

type Row = [seq: number, vpcId: string, cidrBlock: string, isDefault: number, instanceTenancy: string];
const COLUMNS = 'seq, vpc_id, cidr_block, is_default, instance_tenancy';

export function createVpcRepository(db: Database): VpcRepository {
  const insert = db.prepare(
    `INSERT INTO vpcs (account_id, region, vpc_id, cidr_block, is_default, instance_tenancy) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const selectOne = db.prepare<[string, string, string], Row>(`SELECT ${COLUMNS} FROM vpcs WHERE account_id = ? AND region = ? AND vpc_id = ?`).raw();
  const selectDefault = db
    .prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM vpcs WHERE account_id = ? AND region = ? AND is_default = 1 ORDER BY seq LIMIT 1`)
    .raw();
  const selectAll = db.prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM vpcs WHERE account_id = ? AND region = ? ORDER BY seq`).raw();
  const deleteOne = db.prepare(`DELETE FROM vpcs WHERE account_id = ? AND region = ? AND vpc_id = ?`);
  const selectMarker = db
    .prepare<[string, string], number>(`SELECT count(*) FROM ec2_default_networks WHERE account_id = ? AND region = ?`)
    .pluck();
  const insertMarker = db.prepare(`INSERT OR IGNORE INTO ec2_default_networks (account_id, region) VALUES (?, ?)`);

  return {
    insert(scope, vpc) {
      const result = insert.run(scope.accountId, scope.region, vpc.vpcId, vpc.cidrBlock, vpc.isDefault ? 1 : 0, vpc.instanceTenancy);
      return { ...vpc, seq: Number(result.lastInsertRowid) };
    },
    find(scope, vpcId) {
      const row = selectOne.get(scope.accountId, scope.region, vpcId);
      return row && toVpc(row);
    },
    findDefault(scope) {
      const row = selectDefault.get(scope.accountId, scope.region);
      return row && toVpc(row);
    },
    list(scope) {
      return selectAll.all(scope.accountId, scope.region).map(toVpc);
    },
    delete(scope, vpcId) {
      return deleteOne.run(scope.accountId, scope.region, vpcId).changes > 0;
    },
    hasDefaultNetwork(scope) {
      return (selectMarker.get(scope.accountId, scope.region) ?? 0) > 0;
    },
    markDefaultNetwork(scope) {
      insertMarker.run(scope.accountId, scope.region);
    },
  };
}

function toVpc([seq, vpcId, cidrBlock, isDefault, instanceTenancy]: Row): VpcRow {
  return { seq, vpcId, cidrBlock, isDefault: isDefault === 1, instanceTenancy };
}
