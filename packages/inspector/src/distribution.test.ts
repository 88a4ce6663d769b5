import { describe, expect, it } from 'vitest';
import { distribution } from './distribution.js';
import type { InspectorEntry } from './inspector-entry.js';

const TG_A = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/0000000000000001';
const TG_B = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/0000000000000002';

let seq = 0;
function entry(overrides: Partial<InspectorEntry>): InspectorEntry {
  seq += 1;
  return {
    seq,
    kind: 'alb',
    receivedAtMs: 0,
    completedAtMs: 0,
    latencyMs: 1,
    client: '127.0.0.1:1',
    loadBalancerName: 'web',
    loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0000000000000000',
    listenerPort: 80,
    protocol: 'http',
    method: 'GET',
    url: '/',
    host: 'web',
    userAgent: null,
    sessionFingerprint: null,
    matchedRule: 'default',
    ruleArn: null,
    actionsExecuted: ['forward'],
    targetGroupArn: TG_A,
    targetGroupName: 'a',
    target: '10.0.0.1:80',
    stickiness: [],
    sticky: 'none',
    elbStatusCode: 200,
    targetStatusCode: 200,
    statusClass: '2xx',
    errorReason: null,
    ...overrides,
  };
}

const NOW_MS = 1_000_000;

describe('distribution', () => {
  const entries = [
    entry({ completedAtMs: NOW_MS - 61_000 }), // outside a 60 s window
    entry({ completedAtMs: NOW_MS - 60_000, target: '10.0.0.1:80', sticky: 'new' }),
    entry({ completedAtMs: NOW_MS - 1_000, target: '10.0.0.1:80', sticky: 'hit' }),
    entry({ completedAtMs: NOW_MS - 500, target: '10.0.0.2:80', sticky: 'miss', elbStatusCode: 502, statusClass: '5xx' }),
    entry({ completedAtMs: NOW_MS, targetGroupArn: TG_B, targetGroupName: 'b', target: '10.0.0.1:80' }),
    entry({ completedAtMs: NOW_MS - 10, targetGroupArn: null, targetGroupName: null, target: null, elbStatusCode: 301, statusClass: '3xx', actionsExecuted: ['redirect'] }),
  ];

  it('counts per target within the window, the same address in two groups apart', () => {
    const result = distribution(entries, { by: 'target', windowSeconds: 60, nowMs: NOW_MS });
    expect(result).toMatchObject({ by: 'target', windowSeconds: 60, fromMs: NOW_MS - 60_000, toMs: NOW_MS, total: 5, withoutTarget: 1 });
    expect(result.statusClasses).toEqual({ '1xx': 0, '2xx': 3, '3xx': 1, '4xx': 0, '5xx': 1, none: 0 });
    expect(result.sticky).toEqual({ hit: 1, miss: 1, new: 1, none: 2 });
    expect(result.buckets.map(({ key, label, group, count, share }) => ({ key, label, group, count, share }))).toEqual([
      { key: `${TG_A}|10.0.0.1:80`, label: '10.0.0.1:80', group: 'a', count: 2, share: 0.4 },
      { key: `${TG_B}|10.0.0.1:80`, label: '10.0.0.1:80', group: 'b', count: 1, share: 0.2 },
      { key: `${TG_A}|10.0.0.2:80`, label: '10.0.0.2:80', group: 'a', count: 1, share: 0.2 },
    ]);
    expect(result.buckets[0]?.sticky).toEqual({ hit: 1, miss: 0, new: 1, none: 0 });
    expect(result.buckets[2]?.statusClasses['5xx']).toBe(1);
  });

  it('counts per target group', () => {
    const result = distribution(entries, { by: 'targetGroup', windowSeconds: 60, nowMs: NOW_MS });
    expect(result.buckets.map(({ key, label, count }) => ({ key, label, count }))).toEqual([
      { key: TG_A, label: 'a', count: 3 },
      { key: TG_B, label: 'b', count: 1 },
    ]);
    expect(result.buckets[0]?.sticky).toEqual({ hit: 1, miss: 1, new: 1, none: 0 });
  });

  it('groups a classic load balancer’s instances under the load balancer', () => {
    const classic = entry({ kind: 'classic', loadBalancerName: 'legacy', loadBalancerArn: null, targetGroupArn: null, targetGroupName: null, target: 'i-0123456789abcdef0:80', completedAtMs: NOW_MS });
    const result = distribution([classic], { by: 'targetGroup', windowSeconds: 5, nowMs: NOW_MS });
    expect(result.buckets).toEqual([expect.objectContaining({ key: 'classic/legacy', label: 'legacy', count: 1, share: 1 })]);
    expect(distribution([classic], { by: 'target', windowSeconds: 5, nowMs: NOW_MS }).buckets[0]).toMatchObject({ key: 'classic/legacy|i-0123456789abcdef0:80', label: 'i-0123456789abcdef0:80', group: 'legacy' });
  });

  it('counts a request the wall clock puts just ahead of now', () => {
    const result = distribution([entry({ completedAtMs: NOW_MS + 3 })], { by: 'target', windowSeconds: 1, nowMs: NOW_MS });
    expect(result.total).toBe(1);
  });

  it('is empty with no request in the window', () => {
    const result = distribution(entries, { by: 'target', windowSeconds: 1, nowMs: NOW_MS + 10_000 });
    expect(result).toMatchObject({ total: 0, withoutTarget: 0, buckets: [] });
  });
});
