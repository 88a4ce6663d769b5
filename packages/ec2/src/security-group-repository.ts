import type { Database } from 'better-sqlite3';
import type { Ec2Scope, SecurityGroupRecord } from './ec2-inventory.js';

export interface SecurityGroupRow extends SecurityGroupRecord {
  readonly seq: number;
  readonly description: string;
}

export type NewSecurityGroup = Omit<SecurityGroupRow, 'seq'>;

export interface SecurityGroupRepository {
  insert(scope: Ec2Scope, group: NewSecurityGroup): SecurityGroupRow;
  find(scope: Ec2Scope, groupId: string): SecurityGroupRow | undefined;
  findByName(scope: Ec2Scope, vpcId: string, groupName: string): SecurityGroupRow | undefined;
  /** Every group of the scope, in creation order. */
  list(scope: Ec2Scope): SecurityGroupRow[];
  listByVpc(scope: Ec2Scope, vpcId: string): SecurityGroupRow[];
  delete(scope: Ec2Scope, groupId: string): boolean;
}

type Row = [seq: number, groupId: string, groupName: string, description: string, vpcId: string];
const COLUMNS = 'seq, group_id, group_name, description, vpc_id';

export function createSecurityGroupRepository(db: Database): SecurityGroupRepository {
  const insert = db.prepare(
    `INSERT INTO security_groups (account_id, region, group_id, group_name, description, vpc_id) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const selectOne = db
    .prepare<[string, string, string], Row>(`SELECT ${COLUMNS} FROM security_groups WHERE account_id = ? AND region = ? AND group_id = ?`)
    .raw();
  const selectByName = db
    .prepare<[string, string, string, string], Row>(
      `SELECT ${COLUMNS} FROM security_groups WHERE account_id = ? AND region = ? AND vpc_id = ? AND group_name = ?`,
    )
    .raw();
  const selectAll = db
    .prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM security_groups WHERE account_id = ? AND region = ? ORDER BY seq`)
    .raw();
  const selectByVpc = db
    .prepare<[string, string, string], Row>(
      `SELECT ${COLUMNS} FROM security_groups WHERE account_id = ? AND region = ? AND vpc_id = ? ORDER BY seq`,
    )
    .raw();
  const deleteOne = db.prepare(`DELETE FROM security_groups WHERE account_id = ? AND region = ? AND group_id = ?`);

  return {
    insert(scope, group) {
      const result = insert.run(scope.accountId, scope.region, group.groupId, group.groupName, group.description, group.vpcId);
      return { ...group, seq: Number(result.lastInsertRowid) };
    },
    find(scope, groupId) {
      const row = selectOne.get(scope.accountId, scope.region, groupId);
      return row && toGroup(row);
    },
    findByName(scope, vpcId, groupName) {
      const row = selectByName.get(scope.accountId, scope.region, vpcId, groupName);
      return row && toGroup(row);
    },
    list(scope) {
      return selectAll.all(scope.accountId, scope.region).map(toGroup);
    },
    listByVpc(scope, vpcId) {
      return selectByVpc.all(scope.accountId, scope.region, vpcId).map(toGroup);
    },
    delete(scope, groupId) {
      return deleteOne.run(scope.accountId, scope.region, groupId).changes > 0;
    },
  };
}

function toGroup([seq, groupId, groupName, description, vpcId]: Row): SecurityGroupRow {
  return { seq, groupId, groupName, description, vpcId };
}
