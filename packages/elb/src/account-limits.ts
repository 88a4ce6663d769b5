import type { SyncHandlers } from './handler-types.js';
import { MAX_REGISTERED_INSTANCES } from './instance-handlers.js';
import { MAX_CLASSIC_LISTENERS } from './listener-handlers.js';
import { MAX_CLASSIC_LOAD_BALANCERS } from './load-balancer-handlers.js';
import { pageOf } from './pagination.js';

/** The limits elbow enforces, named, valued and ordered as aws-cli `describe-account-limits.rst` prints them. */
const LIMITS = [
  { seq: 1, Name: 'classic-load-balancers', Max: String(MAX_CLASSIC_LOAD_BALANCERS) },
  { seq: 2, Name: 'classic-listeners', Max: String(MAX_CLASSIC_LISTENERS) },
  { seq: 3, Name: 'classic-registered-instances', Max: String(MAX_REGISTERED_INSTANCES) },
];

export function accountLimitQueries(): SyncHandlers<'DescribeAccountLimits'> {
  return {
    DescribeAccountLimits(input) {
      const page = pageOf(LIMITS, input.Marker, input.PageSize);
      return {
        Limits: page.items.map(({ Name, Max }) => ({ Name, Max })),
        ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      };
    },
  };
}
