import type { Migration } from './migration.js';

/** Schema of elbv2 target registrations (target group, target id, port, availability zone). */
export const migration005Targets: Migration = {
  version: 5,
  name: 'targets',
  up(db) {
    db.exec(`
    `);
  },
};
