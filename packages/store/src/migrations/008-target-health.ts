import type { Migration } from './migration.js';

/**
 * Schema of live target health: targets in their deregistration delay (issue 5).
 *
 * - DeregisterTargets moves a target's registration here: it gets no new requests and
 *   DescribeTargetHealth reports it `draining` until `deadline_ms`, then the row is deleted and
 *   the target is `unused` / `Target.NotRegistered` (headers-and-routing.md §4 [D7]).
 * - Times are milliseconds on elbow's clock (`--clock-speed`), so a 300 s delay at speed 100
 *   ends after 3 real seconds.
 * - One row per (target group, target id, port); registering the target again deletes it.
 * - Deleting the target group deletes its draining targets (ON DELETE CASCADE).
 */
export const migration008TargetHealth: Migration = {
  version: 8,
  name: 'target-health',
  up(db) {
    db.exec(`
      CREATE TABLE draining_targets (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        target_group_arn TEXT NOT NULL,
        target_id TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
        availability_zone TEXT,
        is_availability_zone_given INTEGER NOT NULL CHECK (is_availability_zone_given IN (0, 1)),
        deregistered_at_ms INTEGER NOT NULL,
        deadline_ms INTEGER NOT NULL,
        UNIQUE (account_id, region, target_group_arn, target_id, port),
        FOREIGN KEY (account_id, region, target_group_arn)
          REFERENCES target_groups (account_id, region, arn) ON DELETE CASCADE
      );

      -- The next deadline to wait for.
      CREATE INDEX draining_targets_by_deadline ON draining_targets (deadline_ms);
    `);
  },
};
