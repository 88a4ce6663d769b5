export { openStore, StoreVersionError, MEMORY_LOCATION } from './open-store.js';
export type { Store, StoreOptions } from './open-store.js';
export { MIGRATIONS } from './migrations/index.js';
export type { Migration } from './migrations/migration.js';
