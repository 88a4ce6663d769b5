import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Migration } from './migrations/migration.js';
import { MIGRATIONS } from './migrations/index.js';

export const MEMORY_LOCATION = ':memory:';

export interface StoreOptions {
  /** A file path (its directory is created) or `':memory:'`. */
  readonly location: string;
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. */
  readonly busyTimeoutMs?: number;
  /** Only for tests of the migration runner; production always uses MIGRATIONS. */
  readonly migrations?: readonly Migration[];
}

export interface Store {
  readonly db: Database.Database;
  readonly location: string;
  /**
   * Runs `fn` in one IMMEDIATE transaction (the write lock is taken up front, so two writers
   * wait on busy_timeout instead of failing on lock upgrade); a throw rolls everything back.
   * Nested calls become savepoints. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T;
  /** Deletes every row of every table; the schema and its version stay. */
  reset(): void;
  /**
   * Rows inserted, updated or deleted through this store since it opened (SQLite's
   * total_changes(); rolled-back changes count too). Readers that cache a view of the state,
   * such as the data plane's routing snapshot, compare it to know when to read again.
   */
  changeCount(): number;
  /**
   * A copy of the whole database (SQLite's serialized image, sqlite3_serialize), for
   * `restore()`: a test suite resets to a fixture in milliseconds instead of replaying API calls.
   */
  snapshot(): StoreSnapshot;
  /**
   * Brings every table back to the snapshot's rows in one transaction, so readers never see a
   * half-restored state; changeCount() moves, so cached views (routing snapshot, cookie keys)
   * read again. Throws StoreSnapshotError for a snapshot of another schema version.
   */
  restore(snapshot: StoreSnapshot): void;
  /** Closes the database; later calls do nothing. */
  close(): void;
}

/** What `Store.snapshot()` returns; treat it as opaque and hand it back to `restore()`. */
export interface StoreSnapshot {
  /** The schema version (user_version) the image was taken at. */
  readonly schemaVersion: number;
  /** The serialized database file. */
  readonly image: Buffer;
}

/** Thrown by `restore()` when the snapshot cannot be applied to this store. */
export class StoreSnapshotError extends Error {
  override name = 'StoreSnapshotError';
}

/** Thrown when the file was written by a newer elbow than this one. */
export class StoreVersionError extends Error {
  constructor(location: string, found: number, known: number) {
    super(
      `The store at '${location}' has schema version ${found}, but this elbow knows versions up to ${known}; ` +
        'use a newer elbow or a fresh location',
    );
    this.name = 'StoreVersionError';
  }
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) and migrates a store. Pragmas follow better-sqlite3's
 * docs/performance.md: WAL for concurrent readers, and synchronous = FULL because elbow's
 * state must survive a crash of the machine, not only of the process (STYLE rule 8).
 */
export function openStore(options: StoreOptions): Store {
  const { location } = options;
  const isMemory = location === MEMORY_LOCATION;
  if (!isMemory) mkdirSync(dirname(location), { recursive: true });

  const db = new Database(location);
  try {
    if (!isMemory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
    migrate(db, location, options.migrations ?? MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }

  const runInTransaction = db.transaction((fn: () => unknown) => fn());
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  let isClosed = false;
  const userTables = () =>
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];

  return {
    db,
    location,
    transaction<T>(fn: () => T): T {
      return runInTransaction.immediate(fn) as T;
    },
    reset() {
      const tables = userTables();
      runInTransaction.immediate(() => {
        // Foreign keys are checked at commit, when every table is empty, so the order of the
        // deletes does not matter.
        db.pragma('defer_foreign_keys = ON');
        for (const table of tables) db.prepare(`DELETE FROM "${table.replaceAll('"', '""')}"`).run();
      });
    },
    changeCount() {
      return totalChanges.get() ?? 0;
    },
    snapshot() {
      const image = db.serialize();
      // A WAL database's header says so (file format bytes 18 and 19 = 2, sqlite.org/fileformat.html
      // "File format version numbers"); an image opened from memory has no WAL file, so it is
      // marked as a rollback-journal database (1) or SQLite refuses to read it.
      image[18] = 1;
      image[19] = 1;
      return { schemaVersion: db.pragma('user_version', { simple: true }) as number, image };
    },
    restore(snapshot) {
      const schemaVersion = db.pragma('user_version', { simple: true }) as number;
      if (snapshot.schemaVersion !== schemaVersion) {
        throw new StoreSnapshotError(`The snapshot has schema version ${snapshot.schemaVersion}, but this store has ${schemaVersion}`);
      }
      restoreRows(db, new Database(snapshot.image, { readonly: true }), userTables(), runInTransaction);
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      db.close();
    },
  };
}

/**
 * Copies every row of `tables` (and AUTOINCREMENT counters) from `image` into `db`, replacing
 * what is there, in one IMMEDIATE transaction. Rows are copied rather than the file swapped, so
 * the open connection, its prepared statements and every repository holding them stay valid.
 */
function restoreRows(
  db: Database.Database,
  image: Database.Database,
  tables: readonly string[],
  runInTransaction: Database.Transaction<(fn: () => unknown) => unknown>,
): void {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  try {
    const copied = [...tables];
    const hasSequence = (source: Database.Database) =>
      source.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`).get() !== undefined;
    if (hasSequence(db) && hasSequence(image)) copied.push('sqlite_sequence');
    runInTransaction.immediate(() => {
      // Foreign keys are checked at commit, when every table holds the snapshot's rows. Every
      // table is emptied before any is filled: an ON DELETE CASCADE of a later delete would
      // otherwise remove rows already copied.
      db.pragma('defer_foreign_keys = ON');
      for (const table of copied) db.prepare(`DELETE FROM ${quote(table)}`).run();
      for (const table of copied) {
        // 64-bit integers stay exact (safeIntegers), blobs stay Buffers.
        const rows = image.prepare(`SELECT * FROM ${quote(table)}`).raw().safeIntegers().iterate() as IterableIterator<unknown[]>;
        let insert: Database.Statement<unknown[]> | undefined;
        for (const row of rows) {
          insert ??= db.prepare(`INSERT INTO ${quote(table)} VALUES (${row.map(() => '?').join(', ')})`);
          insert.run(...row);
        }
      }
    });
  } finally {
    image.close();
  }
}

function migrate(db: Database.Database, location: string, migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration '${migration.name}' has version ${migration.version}; expected ${index + 1}`);
    }
  });
  const known = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new StoreVersionError(location, current, known);

  for (const migration of migrations.slice(current)) {
    // user_version is written inside the same transaction, so a failed step leaves the
    // database at the previous version.
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
