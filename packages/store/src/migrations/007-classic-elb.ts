import type { Migration } from './migration.js';

/**
 * Classic (2012-06-01) load balancers, keyed by account, region and name (the classic API names
 * load balancers, it has no ARNs).
 *
 * - `classic_load_balancers.seq` is the rowid: creation order for DescribeLoadBalancers and its
 *   pagination cursor. The health check and the four fixed attributes are columns (one of each
 *   per load balancer); AdditionalAttributes are rows holding only what a caller set.
 * - Availability zones, subnets, security groups, listeners, instances, policies and tags are
 *   child rows with ON DELETE CASCADE; `position` keeps the order AWS answers them in.
 * - A listener's and a back-end port's policies are ordered name lists (SetLoadBalancerPolicies*
 *   replace the whole list); the policy they name must exist on the same load balancer, except the
 *   AWS-predefined ones (ELBSecurityPolicy-*), which live in code, so no foreign key to policies.
 */
export const migration007ClassicElb: Migration = {
  version: 7,
  name: 'classic-elb',
  up(db) {
    db.exec(`
      CREATE TABLE classic_load_balancers (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        dns_name TEXT NOT NULL,
        scheme TEXT NOT NULL,
        vpc_id TEXT,
        health_check_target TEXT NOT NULL,
        health_check_interval_seconds INTEGER NOT NULL,
        health_check_timeout_seconds INTEGER NOT NULL,
        unhealthy_threshold INTEGER NOT NULL,
        healthy_threshold INTEGER NOT NULL,
        cross_zone_enabled INTEGER NOT NULL,
        access_log_enabled INTEGER NOT NULL,
        access_log_s3_bucket_name TEXT,
        access_log_emit_interval_minutes INTEGER,
        access_log_s3_bucket_prefix TEXT,
        connection_draining_enabled INTEGER NOT NULL,
        connection_draining_timeout_seconds INTEGER NOT NULL,
        idle_timeout_seconds INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, region, name)
      );

      CREATE TABLE classic_load_balancer_zones (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        position INTEGER NOT NULL,
        availability_zone TEXT NOT NULL,
        subnet_id TEXT,
        PRIMARY KEY (account_id, region, load_balancer_name, availability_zone),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      CREATE TABLE classic_load_balancer_security_groups (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        position INTEGER NOT NULL,
        group_id TEXT NOT NULL,
        PRIMARY KEY (account_id, region, load_balancer_name, group_id),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      CREATE TABLE classic_listeners (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        load_balancer_port INTEGER NOT NULL,
        protocol TEXT NOT NULL,
        instance_protocol TEXT NOT NULL,
        instance_port INTEGER NOT NULL,
        ssl_certificate_id TEXT,
        PRIMARY KEY (account_id, region, load_balancer_name, load_balancer_port),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      CREATE TABLE classic_policies (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        policy_name TEXT NOT NULL,
        policy_type_name TEXT NOT NULL,
        UNIQUE (account_id, region, load_balancer_name, policy_name),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      CREATE TABLE classic_policy_attributes (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        policy_name TEXT NOT NULL,
        position INTEGER NOT NULL,
        attribute_name TEXT NOT NULL,
        attribute_value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, load_balancer_name, policy_name, position),
        FOREIGN KEY (account_id, region, load_balancer_name, policy_name)
          REFERENCES classic_policies (account_id, region, load_balancer_name, policy_name) ON DELETE CASCADE
      );

      CREATE TABLE classic_listener_policies (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        load_balancer_port INTEGER NOT NULL,
        position INTEGER NOT NULL,
        policy_name TEXT NOT NULL,
        PRIMARY KEY (account_id, region, load_balancer_name, load_balancer_port, position),
        FOREIGN KEY (account_id, region, load_balancer_name, load_balancer_port)
          REFERENCES classic_listeners (account_id, region, load_balancer_name, load_balancer_port) ON DELETE CASCADE
      );

      CREATE TABLE classic_backend_server_policies (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        instance_port INTEGER NOT NULL,
        position INTEGER NOT NULL,
        policy_name TEXT NOT NULL,
        PRIMARY KEY (account_id, region, load_balancer_name, instance_port, position),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      CREATE TABLE classic_instances (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        UNIQUE (account_id, region, load_balancer_name, instance_id),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      CREATE TABLE classic_additional_attributes (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, load_balancer_name, key),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      CREATE TABLE classic_tags (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        UNIQUE (account_id, region, load_balancer_name, key),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );
    `);
  },
};
