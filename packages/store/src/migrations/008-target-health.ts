import type { Migration } from './migration.js';

/** Schema of live target health (draining deadlines on deregistered targets, health overrides set through the admin API). */
export const migration008TargetHealth: Migration = {
  version: 8,
  name: 'target-health',
  up(db) {
    db.exec(`
    `);
  },
};
