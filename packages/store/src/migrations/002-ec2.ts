import type { Migration } from './migration.js';

/**
 * Schema of the EC2 subset: VPCs, subnets, security groups, instances and their tags
 * (packages/ec2).
 *
 * - Every table carries account_id and region (STYLE rule 8); ids are unique per scope.
 * - `seq` (the rowid) keeps creation order, which Describe* answers in.
 * - `ec2_default_networks` records that a scope's default VPC/subnets/security group were
 *   created, so they are made once, on first touch, and a deleted default VPC stays deleted
 *   (as on AWS, where it is gone until CreateDefaultVpc).
 * - Subnets, security groups and instances reference their VPC/subnet without ON DELETE
 *   CASCADE: EC2 refuses DeleteVpc/DeleteSubnet with DependencyViolation while they are in use,
 *   and the foreign keys make a forgotten check fail loudly instead of leaving orphans.
 * - `ec2_tags` is keyed by the resource id (vpc-, subnet-, sg-, i-), EC2's tag addressing.
 */
export const migration002Ec2: Migration = {
  version: 2,
  name: 'ec2',
  up(db) {
    db.exec(`
      CREATE TABLE ec2_default_networks (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        PRIMARY KEY (account_id, region)
      );

      CREATE TABLE vpcs (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        vpc_id TEXT NOT NULL,
        cidr_block TEXT NOT NULL,
        is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
        instance_tenancy TEXT NOT NULL,
        UNIQUE (account_id, region, vpc_id)
      );

      CREATE TABLE subnets (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        subnet_id TEXT NOT NULL,
        vpc_id TEXT NOT NULL,
        cidr_block TEXT NOT NULL,
        availability_zone TEXT NOT NULL,
        availability_zone_id TEXT NOT NULL,
        is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
        UNIQUE (account_id, region, subnet_id),
        FOREIGN KEY (account_id, region, vpc_id) REFERENCES vpcs (account_id, region, vpc_id)
      );
      CREATE INDEX subnets_by_vpc ON subnets (account_id, region, vpc_id);

      CREATE TABLE security_groups (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        group_id TEXT NOT NULL,
        group_name TEXT NOT NULL,
        description TEXT NOT NULL,
        vpc_id TEXT NOT NULL,
        UNIQUE (account_id, region, group_id),
        UNIQUE (account_id, region, vpc_id, group_name),
        FOREIGN KEY (account_id, region, vpc_id) REFERENCES vpcs (account_id, region, vpc_id)
      );

      CREATE TABLE instances (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        reservation_id TEXT NOT NULL,
        ami_launch_index INTEGER NOT NULL,
        image_id TEXT NOT NULL,
        instance_type TEXT NOT NULL,
        vpc_id TEXT NOT NULL,
        subnet_id TEXT NOT NULL,
        availability_zone TEXT NOT NULL,
        private_ip_address TEXT NOT NULL,
        state TEXT NOT NULL,
        launched_at TEXT NOT NULL,
        UNIQUE (account_id, region, instance_id),
        FOREIGN KEY (account_id, region, subnet_id) REFERENCES subnets (account_id, region, subnet_id),
        FOREIGN KEY (account_id, region, vpc_id) REFERENCES vpcs (account_id, region, vpc_id)
      );
      CREATE INDEX instances_by_subnet ON instances (account_id, region, subnet_id);

      CREATE TABLE instance_security_groups (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, instance_id, group_id),
        FOREIGN KEY (account_id, region, instance_id) REFERENCES instances (account_id, region, instance_id) ON DELETE CASCADE,
        FOREIGN KEY (account_id, region, group_id) REFERENCES security_groups (account_id, region, group_id)
      );
      CREATE INDEX instance_security_groups_by_group ON instance_security_groups (account_id, region, group_id);

      CREATE TABLE ec2_tags (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, resource_id, key)
      );
    `);
  },
};
