export { openStore, StoreVersionError, StoreSnapshotError, MEMORY_LOCATION } from './open-store.js';
export type { Store, StoreOptions, StoreSnapshot } from './open-store.js';
export { MIGRATIONS } from './migrations/index.js';
export type { Migration } from './migrations/migration.js';
