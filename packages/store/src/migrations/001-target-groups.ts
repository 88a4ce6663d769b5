import type { Migration } from './migration.js';

/**
 * Target groups, their attributes, and tags.
 *
 * - Every table carries account_id and region (STYLE rule 8): two accounts or two regions on
 *   one endpoint never see each other's state.
 * - `target_groups.seq` is the rowid: it gives Describe* a stable order (creation order) and
 *   pagination a cursor.
 * - `target_group_attributes` holds only the keys a caller set; the defaults live in code
 *   (packages/elbv2 target-group-attributes table) so a corrected default reaches old groups.
 * - `tags` is generic over the resource ARN so load balancers, listeners, rules and trust
 *   stores reuse it. Its rowid keeps insertion order; an upsert keeps the row (and so the
 *   position) of a key that is re-added.
 */
export const migration001TargetGroups: Migration = {
  version: 1,
  name: 'target-groups',
  up(db) {
    db.exec(`
      CREATE TABLE target_groups (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        arn TEXT NOT NULL,
        name TEXT NOT NULL,
        protocol TEXT,
        protocol_version TEXT,
        port INTEGER,
        vpc_id TEXT,
        target_type TEXT NOT NULL,
        ip_address_type TEXT NOT NULL,
        target_control_port INTEGER,
        health_check_enabled INTEGER NOT NULL CHECK (health_check_enabled IN (0, 1)),
        health_check_protocol TEXT,
        health_check_port TEXT,
        health_check_path TEXT,
        health_check_interval_seconds INTEGER NOT NULL,
        health_check_timeout_seconds INTEGER NOT NULL,
        healthy_threshold_count INTEGER NOT NULL,
        unhealthy_threshold_count INTEGER NOT NULL,
        matcher_http_code TEXT,
        matcher_grpc_code TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, region, arn),
        UNIQUE (account_id, region, name)
      );

      CREATE TABLE target_group_attributes (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        target_group_arn TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, target_group_arn, key),
        FOREIGN KEY (account_id, region, target_group_arn)
          REFERENCES target_groups (account_id, region, arn) ON DELETE CASCADE
      );

      CREATE TABLE tags (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        resource_arn TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, resource_arn, key)
      );
    `);
  },
};
