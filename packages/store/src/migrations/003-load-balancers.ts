import type { Migration } from './migration.js';

/**
 * elbv2 load balancers and trust stores.
 *
 * - Every table carries account_id and region (STYLE rule 8).
 * - `load_balancers.seq` is the rowid: creation order for DescribeLoadBalancers and the
 *   pagination cursor. `active_at` is when the `provisioning` state ends (the state itself is
 *   derived from the clock, so nothing has to flip it).
 * - Subnets and security groups are child rows with a `position`, so a load balancer answers
 *   them in the order it was given them. Listeners (migration 004) reference
 *   `(account_id, region, arn)` with ON DELETE CASCADE, as do these children.
 * - `load_balancer_attributes` holds only the keys a caller set; defaults live in code
 *   (packages/elbv2 load-balancer-attributes table) so a corrected default reaches old rows.
 * - Capacity reservation and the IPAM pool are columns: one of each per load balancer.
 * - Trust stores keep their CA bundle and each revocation list's bytes, so
 *   GetTrustStoreCaCertificatesBundle / GetTrustStoreRevocationContent can serve them back.
 */
export const migration003LoadBalancers: Migration = {
  version: 3,
  name: 'load-balancers',
  up(db) {
    db.exec(`
      CREATE TABLE load_balancers (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        arn TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('application', 'network', 'gateway')),
        scheme TEXT NOT NULL,
        ip_address_type TEXT NOT NULL,
        vpc_id TEXT NOT NULL,
        dns_name TEXT,
        canonical_hosted_zone_id TEXT,
        customer_owned_ipv4_pool TEXT,
        enforce_security_group_inbound_rules_on_private_link_traffic TEXT,
        enable_prefix_for_ipv6_source_nat TEXT,
        ipv4_ipam_pool_id TEXT,
        minimum_capacity_units INTEGER,
        capacity_last_modified_at TEXT,
        capacity_decrease_requests_remaining INTEGER,
        created_at TEXT NOT NULL,
        active_at TEXT NOT NULL,
        UNIQUE (account_id, region, arn),
        UNIQUE (account_id, region, name)
      );

      CREATE TABLE load_balancer_subnets (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_arn TEXT NOT NULL,
        position INTEGER NOT NULL,
        subnet_id TEXT NOT NULL,
        availability_zone TEXT NOT NULL,
        allocation_id TEXT,
        private_ipv4_address TEXT,
        ipv6_address TEXT,
        source_nat_ipv6_prefix TEXT,
        PRIMARY KEY (account_id, region, load_balancer_arn, subnet_id),
        FOREIGN KEY (account_id, region, load_balancer_arn)
          REFERENCES load_balancers (account_id, region, arn) ON DELETE CASCADE
      );

      CREATE TABLE load_balancer_security_groups (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_arn TEXT NOT NULL,
        position INTEGER NOT NULL,
        group_id TEXT NOT NULL,
        PRIMARY KEY (account_id, region, load_balancer_arn, group_id),
        FOREIGN KEY (account_id, region, load_balancer_arn)
          REFERENCES load_balancers (account_id, region, arn) ON DELETE CASCADE
      );

      CREATE TABLE load_balancer_attributes (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_arn TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, load_balancer_arn, key),
        FOREIGN KEY (account_id, region, load_balancer_arn)
          REFERENCES load_balancers (account_id, region, arn) ON DELETE CASCADE
      );

      CREATE TABLE trust_stores (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        arn TEXT NOT NULL,
        name TEXT NOT NULL,
        ca_certificates_bundle BLOB NOT NULL,
        number_of_ca_certificates INTEGER NOT NULL,
        next_revocation_id INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, region, arn),
        UNIQUE (account_id, region, name)
      );

      CREATE TABLE trust_store_revocations (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        trust_store_arn TEXT NOT NULL,
        revocation_id INTEGER NOT NULL,
        revocation_type TEXT NOT NULL,
        content BLOB NOT NULL,
        number_of_revoked_entries INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, trust_store_arn, revocation_id),
        FOREIGN KEY (account_id, region, trust_store_arn)
          REFERENCES trust_stores (account_id, region, arn) ON DELETE CASCADE
      );
    `);
  },
};
