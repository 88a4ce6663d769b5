import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from './migrations/migration.js';
import { MIGRATIONS } from './migrations/index.js';
import { openStore, StoreSnapshotError, StoreVersionError } from './open-store.js';
import type { Store } from './open-store.js';

const opened: Store[] = [];
const folders: string[] = [];

function tempPath(...parts: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'elbow-store-'));
  folders.push(folder);
  return join(folder, ...parts);
}

function open(location: string, migrations?: readonly Migration[]): Store {
  const store = openStore(migrations ? { location, migrations } : { location });
  opened.push(store);
  return store;
}

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function insertTargetGroup(store: Store, name: string): void {
  store.db
    .prepare(
      `INSERT INTO target_groups (account_id, region, arn, name, target_type, ip_address_type,
         health_check_enabled, health_check_interval_seconds, health_check_timeout_seconds,
         healthy_threshold_count, unhealthy_threshold_count, created_at)
       VALUES ('123456789012', 'us-east-1', @arn, @name, 'instance', 'ipv4', 1, 30, 5, 5, 2, '2024-01-01T00:00:00.000Z')`,
    )
    .run({ arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`, name });
}

function countRows(store: Store, table: string): number {
  return store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

describe('openStore', () => {
  it('applies every migration to a new database and records the version', () => {
    const store = open(':memory:');
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    // The whole schema, listed on purpose: a migration that adds or drops a table shows up here.
    expect(tables).toEqual([
      'classic_additional_attributes', 'classic_backend_server_policies', 'classic_draining_instances', 'classic_instances', 'classic_listener_policies',
      'classic_listeners', 'classic_load_balancer_security_groups', 'classic_load_balancer_zones', 'classic_load_balancers',
      'classic_policies', 'classic_policy_attributes', 'classic_tags',
      'cookie_keys', 'draining_targets', 'ec2_default_networks', 'ec2_tags', 'instance_security_groups', 'instances',
      'listener_attributes', 'listener_certificates', 'listeners',
      'load_balancer_attributes', 'load_balancer_security_groups', 'load_balancer_subnets', 'load_balancers',
      'rule_forwards', 'rules', 'security_groups', 'subnets',
      'tags', 'target_group_attributes', 'target_groups', 'targets',
      'trust_store_revocations', 'trust_stores', 'vpcs',
    ]);
  });

  it('creates the directory of a file location and sets WAL, synchronous FULL, foreign keys and busy_timeout', () => {
    const location = tempPath('nested', 'deeper', 'elbow.db');
    const store = open(location);
    expect(store.location).toBe(location);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('keeps data across close and reopen of a file store, without re-running migrations', () => {
    const location = tempPath('elbow.db');
    let runs = 0;
    const counting: Migration[] = MIGRATIONS.map((migration) => ({
      ...migration,
      up: (db) => {
        runs += 1;
        migration.up(db);
      },
    }));
    const first = open(location, counting);
    insertTargetGroup(first, 'kept');
    first.close();
    expect(runs).toBe(MIGRATIONS.length);

    const second = open(location, counting);
    expect(runs).toBe(MIGRATIONS.length);
    expect(second.db.prepare('SELECT name FROM target_groups').pluck().all()).toEqual(['kept']);
  });

  it('applies only the migrations a database has not seen', () => {
    const location = tempPath('elbow.db');
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'extra',
      up: (db) => db.exec('CREATE TABLE extra (id INTEGER PRIMARY KEY)'),
    };
    open(location).close();
    const store = open(location, [...MIGRATIONS, extra]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(countRows(store, 'extra')).toBe(0);
  });

  it('rolls a failing migration back and leaves the version unchanged', () => {
    const location = tempPath('elbow.db');
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half_done (id INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => openStore({ location, migrations: [...MIGRATIONS, broken] })).toThrow('boom');
    const store = open(location);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).pluck().get()).toBe(0);
  });

  it('refuses a database written by a newer schema', () => {
    const location = tempPath('elbow.db');
    const store = open(location);
    store.db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    store.close();
    expect(() => openStore({ location })).toThrow(StoreVersionError);
    expect(() => openStore({ location })).toThrow(
      `The store at '${location}' has schema version ${MIGRATIONS.length + 1}, but this elbow knows versions up to ${MIGRATIONS.length}`,
    );
  });

  it('rejects a migration list whose versions are not consecutive', () => {
    const skipping: Migration = { version: 5, name: 'skipping', up: () => undefined };
    expect(() => openStore({ location: ':memory:', migrations: [...MIGRATIONS, skipping] })).toThrow(
      `Migration 'skipping' has version 5; expected ${MIGRATIONS.length + 1}`,
    );
  });
});

describe('Store', () => {
  it('commits a transaction and returns its value', () => {
    const store = open(':memory:');
    const result = store.transaction(() => {
      insertTargetGroup(store, 'a');
      return 42;
    });
    expect(result).toBe(42);
    expect(countRows(store, 'target_groups')).toBe(1);
  });

  it('rolls back every write of a transaction that throws', () => {
    const store = open(':memory:');
    expect(() =>
      store.transaction(() => {
        insertTargetGroup(store, 'a');
        throw new Error('fail after write');
      }),
    ).toThrow('fail after write');
    expect(countRows(store, 'target_groups')).toBe(0);
  });

  it('reset deletes every row of every table and keeps schema and version', () => {
    const store = open(':memory:');
    insertTargetGroup(store, 'a');
    const arn = store.db.prepare('SELECT arn FROM target_groups').pluck().get() as string;
    store.db
      .prepare(`INSERT INTO target_group_attributes VALUES ('123456789012', 'us-east-1', ?, 'stickiness.enabled', 'true')`)
      .run(arn);
    store.db.prepare(`INSERT INTO tags VALUES ('123456789012', 'us-east-1', ?, 'k', 'v')`).run(arn);

    store.reset();

    for (const table of ['target_groups', 'target_group_attributes', 'tags']) expect(countRows(store, table)).toBe(0);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    insertTargetGroup(store, 'after-reset');
    expect(countRows(store, 'target_groups')).toBe(1);
  });

  it('cascades attribute rows when their target group is deleted', () => {
    const store = open(':memory:');
    insertTargetGroup(store, 'a');
    const arn = store.db.prepare('SELECT arn FROM target_groups').pluck().get() as string;
    store.db
      .prepare(`INSERT INTO target_group_attributes VALUES ('123456789012', 'us-east-1', ?, 'stickiness.enabled', 'true')`)
      .run(arn);
    store.db.prepare('DELETE FROM target_groups').run();
    expect(countRows(store, 'target_group_attributes')).toBe(0);
  });

  it('close is idempotent', () => {
    const store = open(':memory:');
    store.close();
    expect(() => store.close()).not.toThrow();
    expect(store.db.open).toBe(false);
  });

  it('counts changes, committed or rolled back, so cached views know when to read again', () => {
    const store = open(':memory:');
    const before = store.changeCount();
    store.transaction(() => store.db.prepare(`INSERT INTO ec2_default_networks (account_id, region) VALUES ('1', 'r')`).run());
    const afterInsert = store.changeCount();
    expect(afterInsert).toBeGreaterThan(before);
    store.db.prepare('SELECT count(*) FROM vpcs').get();
    expect(store.changeCount()).toBe(afterInsert);
    store.reset();
    expect(store.changeCount()).toBeGreaterThan(afterInsert);
  });
});

describe('Store snapshot and restore', () => {
  function dump(store: Store): Record<string, unknown[]> {
    const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => [table, store.db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
  }

  it('restore brings back every row of every table as it was at the snapshot, cascaded children included', () => {
    const store = open(':memory:');
    insertTargetGroup(store, 'kept');
    const arn = store.db.prepare('SELECT arn FROM target_groups').pluck().get() as string;
    store.db.prepare(`INSERT INTO target_group_attributes VALUES ('123456789012', 'us-east-1', ?, 'stickiness.enabled', 'true')`).run(arn);
    store.db.prepare(`INSERT INTO tags VALUES ('123456789012', 'us-east-1', ?, 'k', 'v')`).run(arn);
    const before = dump(store);
    const snapshot = store.snapshot();

    store.db.prepare('DELETE FROM target_groups').run();
    insertTargetGroup(store, 'added-after');
    expect(dump(store)).not.toEqual(before);

    store.restore(snapshot);
    expect(dump(store)).toEqual(before);
    // The snapshot stays usable: restoring twice gives the same state.
    insertTargetGroup(store, 'again');
    store.restore(snapshot);
    expect(dump(store)).toEqual(before);
  });

  it('a snapshot of a file store restores into it after writes, and moves the change counter', () => {
    const store = open(tempPath('state', 'elbow.sqlite'));
    insertTargetGroup(store, 'a');
    const before = dump(store);
    const snapshot = store.snapshot();
    insertTargetGroup(store, 'b');
    const changesBefore = store.changeCount();
    store.restore(snapshot);
    expect(dump(store)).toEqual(before);
    expect(store.changeCount()).toBeGreaterThan(changesBefore);
  });

  it('refuses a snapshot of another schema version and leaves the state as it was', () => {
    const store = open(':memory:');
    insertTargetGroup(store, 'a');
    const before = dump(store);
    const snapshot = store.snapshot();
    expect(() => store.restore({ ...snapshot, schemaVersion: snapshot.schemaVersion + 1 })).toThrow(
      new StoreSnapshotError(`The snapshot has schema version ${snapshot.schemaVersion + 1}, but this store has ${snapshot.schemaVersion}`),
    );
    expect(dump(store)).toEqual(before);
  });
});
