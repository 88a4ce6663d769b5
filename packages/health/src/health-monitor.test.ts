import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createHealthMonitor } from './health-monitor.js';
import type { HealthCheckSpec, MonitoredTarget } from './health-monitor.js';
import type { CheckResult } from './next-health.js';
import type { ProbeRequest } from './probe-target.js';

const SPEC: HealthCheckSpec = {
  protocol: 'HTTP',
  port: 8080,
  path: '/health',
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThresholdCount: 3,
  unhealthyThresholdCount: 2,
  httpCode: '200',
};

const target = (targetGroupArn: string, targetId = '10.0.0.1', spec: HealthCheckSpec = SPEC): MonitoredTarget => ({
  targetGroupArn,
  targetId,
  port: 8080,
  host: targetId,
  spec,
});

/** A probe answering from a table, settled at once; records what it was asked. */
function scriptedProbe() {
  const answers = new Map<string, CheckResult>();
  const asked: ProbeRequest[] = [];
  return {
    answers,
    asked,
    probe: async (request: ProbeRequest) => {
      asked.push(request);
      return answers.get(request.host) ?? { kind: 'pass' as const };
    },
  };
}

/** Lets settled probe promises deliver their results. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createHealthMonitor', () => {
  it('checks a new target at once with the group settings, and every interval after', async () => {
    const clock = createManualClock();
    const { probe, asked } = scriptedProbe();
    const monitor = createHealthMonitor({ clock, probe });
    monitor.reconcile([target('tg-a')]);
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)?.state).toBe('initial');
    clock.advance(0);
    await settle();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ protocol: 'HTTP', host: '10.0.0.1', port: 8080, path: '/health', timeoutMs: 5_000 });
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)?.state).toBe('healthy');
    clock.advance(29_999);
    expect(asked).toHaveLength(1);
    clock.advance(1);
    expect(asked).toHaveLength(2);
  });

  it('turns a target unhealthy after the threshold and moves its generation', async () => {
    const clock = createManualClock();
    const { probe, answers } = scriptedProbe();
    const monitor = createHealthMonitor({ clock, probe });
    monitor.reconcile([target('tg-a')]);
    clock.advance(0);
    await settle();
    const generation = monitor.generation();
    answers.set('10.0.0.1', { kind: 'code-mismatch', statusCode: 500 });
    clock.advance(30_000);
    await settle();
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)?.state).toBe('healthy');
    clock.advance(30_000);
    await settle();
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)).toMatchObject({ state: 'unhealthy', description: 'Health checks failed with these codes: [500]' });
    expect(monitor.generation()).toBeGreaterThan(generation);
  });

  it('shares one checker between groups with the same target, port and settings, and not otherwise', () => {
    const monitor = createHealthMonitor({ clock: createManualClock(), probe: scriptedProbe().probe });
    monitor.reconcile([target('tg-a'), target('tg-b')]);
    expect(monitor.activeCheckers()).toBe(1);
    monitor.reconcile([target('tg-a'), target('tg-b', '10.0.0.1', { ...SPEC, path: '/other' })]);
    expect(monitor.activeCheckers()).toBe(2);
  });

  it('leaves no checker or timer behind for targets no longer watched, or after close', () => {
    const clock = createManualClock();
    const monitor = createHealthMonitor({ clock, probe: scriptedProbe().probe });
    monitor.reconcile([target('tg-a'), target('tg-a', '10.0.0.2')]);
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([2, 2]);
    monitor.reconcile([target('tg-a', '10.0.0.2')]);
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([1, 1]);
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)).toBeUndefined();
    monitor.close();
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([0, 0]);
  });

  it('starts no checker after close, whatever reconcile is asked later (a snapshot read while elbow stops)', () => {
    const clock = createManualClock();
    const monitor = createHealthMonitor({ clock, probe: scriptedProbe().probe });
    monitor.reconcile([target('tg-a')]);
    monitor.close();
    monitor.reconcile([target('tg-a'), target('tg-b', '10.0.0.2')]);
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([0, 0]);
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)).toBeUndefined();
  });

  it('keeps each domain’s targets apart: reconciling one leaves the other’s checkers running, and a shared checker runs while either needs it', () => {
    const clock = createManualClock();
    const monitor = createHealthMonitor({ clock, probe: scriptedProbe().probe });
    monitor.reconcile([target('tg-a'), target('tg-a', '10.0.0.2')]);
    monitor.reconcile([target('classic-lb', '10.0.0.1'), target('classic-lb', '10.0.0.3')], 'classic');
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([3, 3]);
    monitor.reconcile([]);
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)).toBeUndefined();
    expect(monitor.statusOf('classic-lb', '10.0.0.1', 8080)?.state).toBe('initial');
    expect(monitor.activeCheckers()).toBe(2);
    monitor.reconcile([], 'classic');
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([0, 0]);
  });

  it('sends the spec’s User-Agent and runs a separate checker per User-Agent', async () => {
    const clock = createManualClock();
    const { probe, asked } = scriptedProbe();
    const monitor = createHealthMonitor({ clock, probe });
    monitor.reconcile([target('tg-a'), target('classic-lb', '10.0.0.1', { ...SPEC, userAgent: 'ELB-HealthChecker/1.0' })]);
    expect(monitor.activeCheckers()).toBe(2);
    clock.advance(0);
    await settle();
    expect(asked.map((request) => request.userAgent)).toEqual([undefined, 'ELB-HealthChecker/1.0']);
  });

  it('ignores a probe result that arrives after its checker stopped', async () => {
    const clock = createManualClock();
    let answer: (result: CheckResult) => void = () => undefined;
    const monitor = createHealthMonitor({ clock, probe: () => new Promise<CheckResult>((resolve) => (answer = resolve)) });
    monitor.reconcile([target('tg-a')]);
    clock.advance(0);
    monitor.reconcile([]);
    answer({ kind: 'pass' });
    await settle();
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([0, 0]);
  });

  it('lets an override force a watched target healthy or unhealthy until cleared', async () => {
    const clock = createManualClock();
    const monitor = createHealthMonitor({ clock, probe: scriptedProbe().probe });
    monitor.reconcile([target('tg-a')]);
    expect(monitor.setOverride('tg-a', '10.0.0.1', 8080, 'unhealthy')).toBe(true);
    clock.advance(0);
    await settle();
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)).toMatchObject({ state: 'unhealthy', reason: 'Target.FailedHealthChecks' });
    monitor.setOverride('tg-a', '10.0.0.1', 8080, undefined);
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)?.state).toBe('healthy');
    expect(monitor.setOverride('tg-a', '10.9.9.9', 8080, 'healthy')).toBe(false);
  });

  it('tells when every new checker has its first result, and at once when none is pending', async () => {
    const clock = createManualClock();
    let answer: (result: CheckResult) => void = () => undefined;
    const monitor = createHealthMonitor({ clock, probe: () => new Promise<CheckResult>((resolve) => (answer = resolve)) });
    await monitor.firstChecks();
    monitor.reconcile([target('tg-a')]);
    let isDone = false;
    const done = monitor.firstChecks().then(() => (isDone = true));
    clock.advance(0);
    await settle();
    expect(isDone).toBe(false);
    answer({ kind: 'pass' });
    await done;
    expect(monitor.statusOf('tg-a', '10.0.0.1', 8080)?.state).toBe('healthy');
    monitor.close();
  });

  it('records when a target turned healthy (slow start) and forgets it when it is not healthy', async () => {
    const clock = createManualClock();
    const { probe, answers } = scriptedProbe();
    let wallMs = 5_000;
    const monitor = createHealthMonitor({ clock, probe, wallNowMs: () => wallMs });
    monitor.reconcile([target('tg-a', '10.0.0.9')]);
    clock.advance(0);
    await settle();
    // The group's first batch does not enter slow start [D7]; a later target does.
    expect(monitor.healthySinceWallMs('tg-a', '10.0.0.9', 8080)).toBeUndefined();
    monitor.reconcile([target('tg-a', '10.0.0.9'), target('tg-a')]);
    clock.advance(0);
    await settle();
    expect(monitor.healthySinceWallMs('tg-a', '10.0.0.1', 8080)).toBe(5_000);
    wallMs = 9_000;
    clock.advance(30_000);
    await settle();
    expect(monitor.healthySinceWallMs('tg-a', '10.0.0.1', 8080)).toBe(5_000);
    answers.set('10.0.0.1', { kind: 'timeout' });
    for (let check = 0; check < 2; check++) {
      clock.advance(30_000);
      await settle();
    }
    expect(monitor.healthySinceWallMs('tg-a', '10.0.0.1', 8080)).toBeUndefined();
    // Healthy again: a new window, for first-batch targets too.
    answers.delete('10.0.0.1');
    wallMs = 20_000;
    for (let check = 0; check < 3; check++) {
      clock.advance(30_000);
      await settle();
    }
    expect(monitor.healthySinceWallMs('tg-a', '10.0.0.1', 8080)).toBe(20_000);
    monitor.close();
  });
});
