import type { Database } from 'better-sqlite3';
import type { Ec2Scope } from './ec2-inventory.js';

export interface Ec2Tag {
  readonly key: string;
  readonly value: string;
}

/** Tags by EC2 resource id (vpc-, subnet-, sg-, i-); insertion order kept, a re-added key keeps its place. */
export interface Ec2TagRepository {
  put(scope: Ec2Scope, resourceId: string, tags: readonly Ec2Tag[]): void;
  list(scope: Ec2Scope, resourceId: string): Ec2Tag[];
  value(scope: Ec2Scope, resourceId: string, key: string): string | undefined;
  deleteAll(scope: Ec2Scope, resourceId: string): void;
}

export function createEc2TagRepository(db: Database): Ec2TagRepository {
  const upsert = db.prepare(`
    INSERT INTO ec2_tags (account_id, region, resource_id, key, value) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, resource_id, key) DO UPDATE SET value = excluded.value`);
  const selectAll = db
    .prepare<[string, string, string], Ec2Tag>(
      `SELECT key, value FROM ec2_tags WHERE account_id = ? AND region = ? AND resource_id = ? ORDER BY rowid`,
    );
  const selectValue = db
    .prepare<[string, string, string, string], string>(
      `SELECT value FROM ec2_tags WHERE account_id = ? AND region = ? AND resource_id = ? AND key = ?`,
    )
    .pluck();
  const deleteAll = db.prepare(`DELETE FROM ec2_tags WHERE account_id = ? AND region = ? AND resource_id = ?`);

  return {
    put(scope, resourceId, tags) {
      for (const { key, value } of tags) upsert.run(scope.accountId, scope.region, resourceId, key, value);
    },
    list(scope, resourceId) {
      return selectAll.all(scope.accountId, scope.region, resourceId);
    },
    value(scope, resourceId, key) {
      return selectValue.get(scope.accountId, scope.region, resourceId, key);
    },
    deleteAll(scope, resourceId) {
      deleteAll.run(scope.accountId, scope.region, resourceId);
    },
  };
}
