import type { elbv2 } from '@elbow/api-models';
import type { SyncHandlers } from './handler-types.js';
import { pageOf } from './pagination.js';

/**
 * The quotas DescribeAccountLimits reports, names and values in the order of aws-cli v1.45.11
 * `awscli/examples/elbv2/describe-account-limits.rst` (the one table for this topic; every row
 * from that example). Values are strings on the wire (the model's `Max` is a string). The
 * ALB rows agree with the ALB guide's quotas (elbv2-validation.md §7 [D6]).
 */
export const ACCOUNT_LIMITS: readonly { readonly name: string; readonly max: number }[] = [
  { name: 'target-groups', max: 3000 },
  { name: 'targets-per-application-load-balancer', max: 1000 },
  { name: 'listeners-per-application-load-balancer', max: 50 },
  { name: 'rules-per-application-load-balancer', max: 100 },
  { name: 'network-load-balancers', max: 50 },
  { name: 'targets-per-network-load-balancer', max: 3000 },
  { name: 'targets-per-availability-zone-per-network-load-balancer', max: 500 },
  { name: 'listeners-per-network-load-balancer', max: 50 },
  { name: 'condition-values-per-alb-rule', max: 5 },
  { name: 'condition-wildcards-per-alb-rule', max: 5 },
  { name: 'target-groups-per-application-load-balancer', max: 100 },
  { name: 'target-groups-per-action-on-application-load-balancer', max: 5 },
  { name: 'target-groups-per-action-on-network-load-balancer', max: 1 },
  { name: 'certificates-per-application-load-balancer', max: 25 },
  { name: 'certificates-per-network-load-balancer', max: 25 },
  { name: 'targets-per-target-group', max: 1000 },
  { name: 'target-id-registrations-per-application-load-balancer', max: 1000 },
  { name: 'network-load-balancer-enis-per-vpc', max: 1200 },
  { name: 'application-load-balancers', max: 50 },
  { name: 'gateway-load-balancers', max: 100 },
  { name: 'gateway-load-balancers-per-vpc', max: 100 },
  { name: 'geneve-target-groups', max: 100 },
  { name: 'targets-per-availability-zone-per-gateway-load-balancer', max: 300 },
];

/** The same quota for every account and region: elbow has no quota increases. */
export function accountLimitQueries(): SyncHandlers<'DescribeAccountLimits'> {
  const rows = ACCOUNT_LIMITS.map((limit, index) => ({ ...limit, seq: index + 1 }));
  return {
    DescribeAccountLimits(input) {
      const page = pageOf(rows, input.Marker, input.PageSize);
      const limits: elbv2.Limit[] = page.items.map(({ name, max }) => ({ Name: name, Max: String(max) }));
      return { Limits: limits, ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) };
    },
  };
}
