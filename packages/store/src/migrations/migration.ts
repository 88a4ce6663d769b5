import type { Database } from 'better-sqlite3';

/**
 * One forward-only schema step. `version` is what `PRAGMA user_version` reads after it ran;
 * versions are consecutive from 1. A migration is never edited once released: a change of
 * schema is a new migration.
 */
export interface Migration {
  readonly version: number;
  /** Kebab-case, the module's file name without its number. */
  readonly name: string;
  readonly up: (db: Database) => void;
}
