import { describe, expect, it } from 'vitest';
import type { RoutingConfig, TargetGroupRoute, TargetRoute } from '@elbow/data-plane';
import { createManualClock } from './clock.js';
import { createHealthMonitor } from './health-monitor.js';
import { applyHealth, createHealthRoutingSource, monitoredTargetsOf } from './health-routing-source.js';
import type { HealthState, TargetHealthStatus } from './next-health.js';

const routeTo = (id: string, overrides: Partial<TargetRoute> = {}): TargetRoute => ({ id, port: 80, host: '127.0.0.1', availabilityZone: 'all', isRoutable: true, ...overrides });

function group(targets: TargetRoute[], healthCheck: Partial<NonNullable<TargetGroupRoute['healthCheck']>> = {}): TargetGroupRoute {
  return {
    arn: 'tg-arn',
    name: 'tg',
    protocol: 'HTTP',
    port: 80,
    targetType: 'ip',
    attributes: new Map(),
    targets,
    healthCheck: {
      isEnabled: true,
      protocol: 'HTTP',
      port: 'traffic-port',
      path: '/',
      intervalSeconds: 30,
      timeoutSeconds: 5,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
      httpCode: undefined,
      ...healthCheck,
    },
  };
}

const statusOf = (states: Record<string, HealthState | undefined>, healthySince: Record<string, number> = {}) => ({
  healthySinceWallMs: (_arn: string, id: string) => healthySince[id],
  statusOf: (_arn: string, id: string): TargetHealthStatus | undefined => {
    const state = states[id];
    return state === undefined ? undefined : { state, reason: undefined, description: undefined, consecutivePasses: 0, consecutiveFailures: 0 };
  },
});

const routable = (route: TargetGroupRoute) => route.targets.filter((target) => target.isRoutable).map((target) => target.id);

describe('monitoredTargetsOf', () => {
  it('watches routable targets with the group settings, the traffic port or the set port, default path and matcher', () => {
    const config: RoutingConfig = {
      version: 1,
      listeners: [],
      targetGroups: new Map([
        ['tg-arn', group([routeTo('a'), routeTo('b', { isRoutable: false }), routeTo('c', { host: undefined })], { path: undefined })],
        ['tg-9000', { ...group([routeTo('d')], { port: '9000', httpCode: '200-299' }), arn: 'tg-9000' }],
        ['tg-off', { ...group([routeTo('e')], { isEnabled: false }), arn: 'tg-off' }],
      ]),
    };
    expect(monitoredTargetsOf(config).map(({ targetGroupArn, targetId, spec }) => [targetGroupArn, targetId, spec.port, spec.path, spec.httpCode])).toEqual([
      ['tg-arn', 'a', 80, '/', '200'],
      ['tg-9000', 'd', 9000, '/', '200-299'],
    ]);
  });
});

describe('applyHealth', () => {
  it('routes only to healthy targets; initial ones get nothing', () => {
    expect(routable(applyHealth(group([routeTo('a'), routeTo('b'), routeTo('c')]), statusOf({ a: 'healthy', b: 'initial', c: 'unhealthy' })))).toEqual(['a']);
  });

  it('fails open to every target when all are unhealthy', () => {
    expect(routable(applyHealth(group([routeTo('a'), routeTo('b')]), statusOf({ a: 'unhealthy', b: 'unhealthy' })))).toEqual(['a', 'b']);
  });

  it('does not fail open while a target is still initial, nor route to a target the control plane excludes', () => {
    expect(routable(applyHealth(group([routeTo('a'), routeTo('b')]), statusOf({ a: 'unhealthy', b: 'initial' })))).toEqual([]);
    expect(routable(applyHealth(group([routeTo('a'), routeTo('b', { isRoutable: false })]), statusOf({ a: 'healthy', b: 'healthy' })))).toEqual(['a']);
  });

  it('leaves a group without watched targets as the control plane gave it', () => {
    const unwatched = group([routeTo('a')]);
    expect(applyHealth(unwatched, statusOf({}))).toBe(unwatched);
  });
});

describe('applyHealth slow start', () => {
  const withAttributes = (attributes: Record<string, string>) => ({ ...group([routeTo('a'), routeTo('b')]), attributes: new Map(Object.entries(attributes)) });

  it('gives a newly healthy target its window, scaled by the clock speed', () => {
    const route = applyHealth(withAttributes({ 'slow_start.duration_seconds': '30' }), statusOf({ a: 'healthy', b: 'healthy' }, { b: 1_000 }), 10);
    expect(route.targets.map((target) => target.slowStart)).toEqual([undefined, { startedAtMs: 1_000, durationMs: 3_000 }]);
  });

  it('gives none when slow start is off or the algorithm is least_outstanding_requests', () => {
    const healthySince = statusOf({ a: 'healthy', b: 'healthy' }, { b: 1_000 });
    expect(applyHealth(withAttributes({}), healthySince).targets.map((target) => target.slowStart)).toEqual([undefined, undefined]);
    const lor = withAttributes({ 'slow_start.duration_seconds': '30', 'load_balancing.algorithm.type': 'least_outstanding_requests' });
    expect(applyHealth(lor, healthySince).targets.map((target) => target.slowStart)).toEqual([undefined, undefined]);
  });
});

describe('createHealthRoutingSource', () => {
  it('re-reads the control plane only when it changed, and re-applies health when health changed', () => {
    let storeChanges = 1;
    let reads = 0;
    const base = {
      changeCount: () => storeChanges,
      read: (): RoutingConfig => {
        reads += 1;
        return { version: storeChanges, listeners: [], targetGroups: new Map([['tg-arn', group([routeTo('a')])]]) };
      },
    };
    const monitor = createHealthMonitor({ clock: createManualClock(), probe: async () => ({ kind: 'pass' }) });
    const source = createHealthRoutingSource(base, monitor);
    const first = source.read();
    expect(routable(first.targetGroups.get('tg-arn')!)).toEqual([]);
    expect(monitor.activeCheckers()).toBe(1);
    expect(source.read()).toBe(first);
    monitor.setOverride('tg-arn', 'a', 80, 'healthy');
    expect(source.changeCount()).not.toBe(first.version);
    expect(routable(source.read().targetGroups.get('tg-arn')!)).toEqual(['a']);
    expect(reads).toBe(1);
    storeChanges += 1;
    source.read();
    expect(reads).toBe(2);
    monitor.close();
  });
});
