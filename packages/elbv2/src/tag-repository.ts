import type { Database } from 'better-sqlite3';
import type { elbv2 } from '@elbow/api-models';
import type { Scope } from './scope.js';

/** Tags of any elbv2 resource, by ARN, in the order their keys were first added. */
export interface TagRepository {
  list(scope: Scope, resourceArn: string): elbv2.Tag[];
  /** Adds new keys at the end; an existing key keeps its position and takes the new value. */
  put(scope: Scope, resourceArn: string, tags: readonly elbv2.Tag[]): void;
  remove(scope: Scope, resourceArn: string, keys: readonly string[]): void;
  removeAll(scope: Scope, resourceArn: string): void;
}

export function createTagRepository(db: Database): TagRepository {
  const select = db.prepare<[string, string, string], { key: string; value: string }>(
    `SELECT key, value FROM tags WHERE account_id = ? AND region = ? AND resource_arn = ? ORDER BY rowid`,
  );
  // ON CONFLICT ... DO UPDATE keeps the row, so its rowid (the position) stays.
  const upsert = db.prepare(`
    INSERT INTO tags (account_id, region, resource_arn, key, value) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, resource_arn, key) DO UPDATE SET value = excluded.value`);
  const deleteOne = db.prepare(`DELETE FROM tags WHERE account_id = ? AND region = ? AND resource_arn = ? AND key = ?`);
  const deleteAll = db.prepare(`DELETE FROM tags WHERE account_id = ? AND region = ? AND resource_arn = ?`);

  return {
    list(scope, resourceArn) {
      return select.all(scope.accountId, scope.region, resourceArn).map(({ key, value }) => ({ Key: key, Value: value }));
    },
    put(scope, resourceArn, tags) {
      for (const tag of tags) upsert.run(scope.accountId, scope.region, resourceArn, tag.Key, tag.Value ?? '');
    },
    remove(scope, resourceArn, keys) {
      for (const key of keys) deleteOne.run(scope.accountId, scope.region, resourceArn, key);
    },
    removeAll(scope, resourceArn) {
      deleteAll.run(scope.accountId, scope.region, resourceArn);
    },
  };
}
