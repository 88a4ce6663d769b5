import type { Migration } from './migration.js';

/**
 * The AES-256-GCM keys that seal the ALB's sticky cookies (AWSALB, AWSALBTG, AWSALBAPP).
 * AWS encrypts its cookies "with a rotating key" (cookies.md §1 [D1]); keeping the keys here
 * lets sticky sessions survive an emulator restart on the same data directory.
 *
 * - `key_id` is the one byte a sealed value carries in its header, hence 0-255.
 * - `key_bytes` is exactly 32 random bytes (AES-256).
 * - `created_at_ms` is the emulator clock's epoch milliseconds when the key was made; the newest
 *   key seals new cookies and rotation compares its age to the configured interval.
 * - Keys are global, not per account or region: a cookie names its target group by ARN, which
 *   already carries account and region.
 */
export const migration006CookieKeys: Migration = {
  version: 6,
  name: 'cookie-keys',
  up(db) {
    db.exec(`
      CREATE TABLE cookie_keys (
        key_id INTEGER PRIMARY KEY CHECK (key_id BETWEEN 0 AND 255),
        key_bytes BLOB NOT NULL CHECK (length(key_bytes) = 32),
        created_at_ms INTEGER NOT NULL
      );
    `);
  },
};
