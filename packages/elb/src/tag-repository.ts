import type { Database } from 'better-sqlite3';
import type { elb } from '@elbow/api-models';
import type { Scope } from './handler-types.js';

/** Tags of classic load balancers, in the order their keys were first added. */
export interface ClassicTagRepository {
  list(scope: Scope, loadBalancerName: string): elb.Tag[];
  /** A new key goes last; an existing key keeps its place and takes the new value. */
  put(scope: Scope, loadBalancerName: string, tags: readonly elb.Tag[]): void;
  remove(scope: Scope, loadBalancerName: string, keys: readonly string[]): void;
}

export function createClassicTagRepository(db: Database): ClassicTagRepository {
  const select = db.prepare<[string, string, string], { key: string; value: string }>(
    `SELECT key, value FROM classic_tags WHERE account_id = ? AND region = ? AND load_balancer_name = ? ORDER BY seq`,
  );
  const upsert = db.prepare(`
    INSERT INTO classic_tags (account_id, region, load_balancer_name, key, value) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, load_balancer_name, key) DO UPDATE SET value = excluded.value`);
  const deleteOne = db.prepare(`DELETE FROM classic_tags WHERE account_id = ? AND region = ? AND load_balancer_name = ? AND key = ?`);
  return {
    list(scope, name) {
      return select.all(scope.accountId, scope.region, name).map(({ key, value }) => ({ Key: key, Value: value }));
    },
    put(scope, name, tags) {
      for (const tag of tags) upsert.run(scope.accountId, scope.region, name, tag.Key, tag.Value ?? '');
    },
    remove(scope, name, keys) {
      for (const key of keys) deleteOne.run(scope.accountId, scope.region, name, key);
    },
  };
}
