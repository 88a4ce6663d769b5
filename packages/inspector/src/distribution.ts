import type { InspectorEntry, StatusClass, StickySummary } from './inspector-entry.js';

export type DistributionBy = 'target' | 'targetGroup';

export interface DistributionBucket {
  /** `target`: `<target group ARN or classic load balancer>|<id>:<port>`; `targetGroup`: the ARN. */
  key: string;
  /** What a person reads: `<id>:<port>` or the target group's name. */
  label: string;
  /** The bucket's target group (or, for classic, the load balancer's name). */
  group: string;
  count: number;
  /** Of all requests counted in the window, 0–1. */
  share: number;
  statusClasses: Record<StatusClass, number>;
  sticky: Record<StickySummary, number>;
}

export interface Distribution {
  by: DistributionBy;
  windowSeconds: number;
  /** The window's bounds (completedAtMs), epoch milliseconds; `toMs` is when it was computed. */
  fromMs: number;
  toMs: number;
  /** Requests completed in the window, with or without a target. */
  total: number;
  /** Requests in the window that reached no target (redirects, fixed responses, 5xx before dispatch). */
  withoutTarget: number;
  statusClasses: Record<StatusClass, number>;
  sticky: Record<StickySummary, number>;
  /** Busiest first, then by label. */
  buckets: DistributionBucket[];
}

const noStatuses = (): Record<StatusClass, number> => ({ '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0 });
const noSticky = (): Record<StickySummary, number> => ({ hit: 0, miss: 0, new: 0, none: 0 });

function groupOf(entry: InspectorEntry): { key: string; label: string } | undefined {
  if (entry.targetGroupArn !== null) return { key: entry.targetGroupArn, label: entry.targetGroupName ?? entry.targetGroupArn };
  // A classic load balancer has no target groups: its instances are its group.
  if (entry.kind === 'classic') return { key: `classic/${entry.loadBalancerName}`, label: entry.loadBalancerName };
  return undefined;
}

/**
 * How requests completed in the last `windowSeconds` before `nowMs` spread over targets or
 * target groups, with their status classes and sticky outcomes. Values in, values out.
 */
export function distribution(entries: Iterable<InspectorEntry>, { by, windowSeconds, nowMs }: { by: DistributionBy; windowSeconds: number; nowMs: number }): Distribution {
  const fromMs = nowMs - windowSeconds * 1000;
  const result: Distribution = { by, windowSeconds, fromMs, toMs: nowMs, total: 0, withoutTarget: 0, statusClasses: noStatuses(), sticky: noSticky(), buckets: [] };
  const buckets = new Map<string, DistributionBucket>();
  for (const entry of entries) {
    // No upper bound: a record the wall clock puts ahead of `nowMs` (clock stepped back) is still recent.
    if (entry.completedAtMs < fromMs) continue;
    result.total += 1;
    result.statusClasses[entry.statusClass] += 1;
    result.sticky[entry.sticky] += 1;
    const group = groupOf(entry);
    if (entry.target === null || group === undefined) {
      result.withoutTarget += 1;
      continue;
    }
    const key = by === 'target' ? `${group.key}|${entry.target}` : group.key;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = { key, label: by === 'target' ? entry.target : group.label, group: group.label, count: 0, share: 0, statusClasses: noStatuses(), sticky: noSticky() };
      buckets.set(key, bucket);
    }
    bucket.count += 1;
    bucket.statusClasses[entry.statusClass] += 1;
    bucket.sticky[entry.sticky] += 1;
  }
  result.buckets = [...buckets.values()]
    .map((bucket) => ({ ...bucket, share: bucket.count / result.total }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return result;
}
