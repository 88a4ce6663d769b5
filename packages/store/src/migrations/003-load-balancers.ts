import type { Migration } from './migration.js';

/** Schema of elbv2 load balancers, their subnets/AZs, security groups, attributes, capacity reservations and IP pools; trust stores and their revocations. */
export const migration003LoadBalancers: Migration = {
  version: 3,
  name: 'load-balancers',
  up(db) {
    db.exec(`
    `);
  },
};
