import type { Migration } from './migration.js';

/** Schema of the EC2 subset: VPCs (with CIDR blocks), subnets, security groups, instances and their tags (packages/ec2). */
export const migration002Ec2: Migration = {
  version: 2,
  name: 'ec2',
  up(db) {
    db.exec(`
    `);
  },
};
