import type { Migration } from './migration.js';

/** Schema of elbv2 listeners (with certificates and attributes), rules with their conditions and actions (default rules included). */
export const migration004ListenersAndRules: Migration = {
  version: 4,
  name: 'listeners-and-rules',
  up(db) {
    db.exec(`
    `);
  },
};
