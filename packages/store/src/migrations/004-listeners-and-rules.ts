import type { Migration } from './migration.js';

/**
 * Schema of elbv2 listeners (with certificates and attributes), rules with their conditions and
 * actions (default rules included).
 *
 * - A listener's DefaultActions live in its default rule (`rules.is_default = 1`,
 *   `priority` NULL), as AWS models them: DescribeRules lists that rule with `Priority`
 *   "default" and the listener's actions (headers-and-routing.md §2). One place, so
 *   ModifyListener and DescribeRules can never disagree.
 * - Conditions, actions and transforms are stored as the model's JSON shapes: they are read and
 *   written whole, never queried by member. The one thing that is queried — which target
 *   groups a rule forwards to — is copied into `rule_forwards` (one row per group), so "which
 *   load balancers use this group" and "which multi-group forwards hold it" are indexed lookups
 *   rather than a JSON scan (target-group-usage.ts).
 * - `rule_forwards.target_group_arn` references target_groups without a cascade: a group in use
 *   cannot be deleted (ResourceInUse is answered by the handler first; the key is the net).
 * - `listeners.trust_store_arn` is a plain column: the trust-store slice (migration 003) decides
 *   whether a store in use may be deleted by asking this table.
 * - `seq` columns are rowids: creation order for Describe* and the pagination cursor.
 */
export const migration004ListenersAndRules: Migration = {
  version: 4,
  name: 'listeners-and-rules',
  up(db) {
    db.exec(`
      CREATE TABLE listeners (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        arn TEXT NOT NULL,
        load_balancer_arn TEXT NOT NULL,
        protocol TEXT,
        port INTEGER,
        ssl_policy TEXT,
        alpn_policy TEXT,
        mutual_authentication_mode TEXT,
        trust_store_arn TEXT,
        ignore_client_certificate_expiry INTEGER CHECK (ignore_client_certificate_expiry IN (0, 1)),
        advertise_trust_store_ca_names TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, region, arn),
        UNIQUE (account_id, region, load_balancer_arn, port),
        FOREIGN KEY (account_id, region, load_balancer_arn)
          REFERENCES load_balancers (account_id, region, arn) ON DELETE CASCADE
      );
      CREATE INDEX listeners_by_load_balancer ON listeners (account_id, region, load_balancer_arn, seq);
      CREATE INDEX listeners_by_trust_store ON listeners (account_id, region, trust_store_arn);

      CREATE TABLE listener_certificates (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        listener_arn TEXT NOT NULL,
        certificate_arn TEXT NOT NULL,
        is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
        UNIQUE (account_id, region, listener_arn, certificate_arn),
        FOREIGN KEY (account_id, region, listener_arn)
          REFERENCES listeners (account_id, region, arn) ON DELETE CASCADE
      );

      CREATE TABLE listener_attributes (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        listener_arn TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, listener_arn, key),
        FOREIGN KEY (account_id, region, listener_arn)
          REFERENCES listeners (account_id, region, arn) ON DELETE CASCADE
      );

      CREATE TABLE rules (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        arn TEXT NOT NULL,
        listener_arn TEXT NOT NULL,
        load_balancer_arn TEXT NOT NULL,
        is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
        priority INTEGER CHECK ((is_default = 1) = (priority IS NULL)),
        conditions TEXT NOT NULL,
        actions TEXT NOT NULL,
        transforms TEXT NOT NULL,
        is_group_stickiness_enabled INTEGER NOT NULL CHECK (is_group_stickiness_enabled IN (0, 1)),
        UNIQUE (account_id, region, arn),
        UNIQUE (account_id, region, listener_arn, priority),
        FOREIGN KEY (account_id, region, listener_arn)
          REFERENCES listeners (account_id, region, arn) ON DELETE CASCADE
      );
      CREATE INDEX rules_by_load_balancer ON rules (account_id, region, load_balancer_arn);
      CREATE UNIQUE INDEX one_default_rule_per_listener ON rules (account_id, region, listener_arn) WHERE is_default = 1;

      CREATE TABLE rule_forwards (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        rule_arn TEXT NOT NULL,
        target_group_arn TEXT NOT NULL,
        weight INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, rule_arn, target_group_arn),
        FOREIGN KEY (account_id, region, rule_arn)
          REFERENCES rules (account_id, region, arn) ON DELETE CASCADE,
        FOREIGN KEY (account_id, region, target_group_arn)
          REFERENCES target_groups (account_id, region, arn)
      );
      CREATE INDEX rule_forwards_by_target_group ON rule_forwards (account_id, region, target_group_arn);
    `);
  },
};
