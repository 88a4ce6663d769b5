import type { Migration } from './migration.js';
import { migration001TargetGroups } from './001-target-groups.js';

/** Every migration, in the order they run. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration001TargetGroups];
