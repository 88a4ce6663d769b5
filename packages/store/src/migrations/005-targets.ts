import type { Migration } from './migration.js';

/**
 * Schema of elbv2 target registrations (target group, target id, port, availability zone).
 *
 * - One row per (target group, target id, port): AWS lets one instance or IP address be
 *   registered several times with different ports (RegisterTargets docs), and re-registering
 *   the same id and port changes nothing.
 * - `port` is 0 for Lambda targets, which have no port (TargetDescription.Port docs: "not used
 *   if the target is a Lambda function"); every other target has 1-65535. A NOT NULL port keeps
 *   the primary key honest (SQLite treats NULLs as distinct in keys).
 * - `availability_zone` is the zone the target resolved to (the instance's zone, the zone of the
 *   subnet holding an IP address, or `all`); `is_availability_zone_given` records whether the
 *   caller named it, since DescribeTargetHealth echoes the target as registered.
 * - `seq` (the rowid) keeps registration order for DescribeTargetHealth.
 * - Deleting a target group deletes its registrations (ON DELETE CASCADE).
 */
export const migration005Targets: Migration = {
  version: 5,
  name: 'targets',
  up(db) {
    db.exec(`
      CREATE TABLE targets (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        target_group_arn TEXT NOT NULL,
        target_id TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
        availability_zone TEXT,
        is_availability_zone_given INTEGER NOT NULL CHECK (is_availability_zone_given IN (0, 1)),
        quic_server_id TEXT,
        registered_at TEXT NOT NULL,
        UNIQUE (account_id, region, target_group_arn, target_id, port),
        FOREIGN KEY (account_id, region, target_group_arn)
          REFERENCES target_groups (account_id, region, arn) ON DELETE CASCADE
      );

      -- "How many groups is this id registered with" (TooManyRegistrationsForTargetId).
      CREATE INDEX targets_by_target_id ON targets (account_id, region, target_id);
    `);
  },
};
