import type { Migration } from './migration.js';
import { migration001TargetGroups } from './001-target-groups.js';
import { migration002Ec2 } from './002-ec2.js';
import { migration003LoadBalancers } from './003-load-balancers.js';
import { migration004ListenersAndRules } from './004-listeners-and-rules.js';
import { migration005Targets } from './005-targets.js';
import { migration006CookieKeys } from './006-cookie-keys.js';
import { migration007ClassicElb } from './007-classic-elb.js';
import { migration008TargetHealth } from './008-target-health.js';
import { migration009ClassicDrainingInstances } from './009-classic-draining-instances.js';

/** Every migration, in the order they run. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  migration001TargetGroups,
  migration002Ec2,
  migration003LoadBalancers,
  migration004ListenersAndRules,
  migration005Targets,
  migration006CookieKeys,
  migration007ClassicElb,
  migration008TargetHealth,
  migration009ClassicDrainingInstances,
];
