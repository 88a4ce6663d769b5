import type { Clock, TimerHandle } from './clock.js';
import { INITIAL_HEALTH, nextHealth } from './next-health.js';
import type { HealthState, TargetHealthStatus } from './next-health.js';
import { parseMatcher } from './parse-matcher.js';
import type { ProbeTarget } from './probe-target.js';

/** A target group's health-check settings, resolved (defaults filled) and with the port decided. */
export interface HealthCheckSpec {
  /** TCP and SSL only for classic load balancers (classic-health-routing-source.ts). */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  /** The port checks go to: the target's traffic port or the group's HealthCheckPort. */
  readonly port: number;
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  /** Matcher.HttpCode: `200`, `200,302`, `200-299`. */
  readonly httpCode: string;
  /** The checks' User-Agent; undefined: the ALB's (probe-target.ts). */
  readonly userAgent?: string;
}

/** One registered target of one used target group that health checks must watch. */
export interface MonitoredTarget {
  readonly targetGroupArn: string;
  readonly targetId: string;
  /** The registered (traffic) port. */
  readonly port: number;
  readonly host: string;
  readonly spec: HealthCheckSpec;
}

export interface HealthMonitor {
  /**
   * Makes the running checkers exactly those the targets need: new ones start, unneeded ones stop
   * with their timers. Each watcher (`domain`: the ALB's target groups, classic load balancers)
   * replaces only its own targets; a checker runs while any domain needs it.
   */
  reconcile(targets: readonly MonitoredTarget[], domain?: string): void;
  /** The health of a watched target (an admin override wins); undefined when it is not watched. */
  statusOf(targetGroupArn: string, targetId: string, port: number): TargetHealthStatus | undefined;
  /**
   * When (wall milliseconds) the watched target last turned healthy from initial or unhealthy,
   * for slow start; undefined while it is not healthy or its health is overridden.
   */
  healthySinceWallMs(targetGroupArn: string, targetId: string, port: number): number | undefined;
  /** Forces a watched target's state for tests (`POST /_elbow/targets/health`); undefined clears it. False: not watched. */
  setOverride(targetGroupArn: string, targetId: string, port: number, state: Exclude<HealthState, 'initial'> | undefined): boolean;
  /** Running checkers (one per target host, port and settings), for the leak tests. */
  activeCheckers(): number;
  /** Moves whenever any watched target's health changes, so the routing snapshot knows to re-read. */
  generation(): number;
  /**
   * Resolves once every checker has finished its first check (at most one health-check timeout
   * away). The emulator awaits it before an API call that started checkers answers, so a target
   * reachable at registration leaves `initial` as the call returns (see UNVERIFIED.md).
   */
  firstChecks(): Promise<void>;
  /** Stops every checker for good (later reconciles start none); idempotent. */
  close(): void;
}

interface Checker {
  readonly key: string;
  readonly host: string;
  readonly spec: HealthCheckSpec;
  readonly matches: (statusCode: number) => boolean;
  status: TargetHealthStatus;
  timer: TimerHandle | undefined;
  isProbing: boolean;
  isStopped: boolean;
  /** Settles after the first check's result (or when the checker stops first). */
  readonly firstCheck: Promise<void>;
  endFirstCheck: (() => void) | undefined;
  healthySinceWallMs: number | undefined;
  /** Counts the checker's turns to healthy; slow-start exemptions name one. */
  healthyEpisode: number;
}

const OVERRIDE_STATUS: Record<'healthy' | 'unhealthy', TargetHealthStatus> = {
  healthy: { state: 'healthy', reason: undefined, description: undefined, consecutivePasses: 0, consecutiveFailures: 0 },
  unhealthy: { state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed', consecutivePasses: 0, consecutiveFailures: 0 },
};

/** The domain of `reconcile` calls that name none: the ALB's target groups. */
const DEFAULT_DOMAIN = 'elbv2';

const targetKey = (targetGroupArn: string, targetId: string, port: number) => `${targetGroupArn}\u0000${targetId}\u0000${port}`;
/**
 * Groups that check the same host and port with the same settings share one checker, as one
 * load-balancer node checks a target once per distinct health-check configuration [D8: "using
 * the health check settings for the target groups with which the target is registered"].
 */
const checkerKey = (host: string, spec: HealthCheckSpec) =>
  [host, spec.port, spec.protocol, spec.path, spec.intervalSeconds, spec.timeoutSeconds, spec.healthyThresholdCount, spec.unhealthyThresholdCount, spec.httpCode, spec.userAgent ?? ''].join('\u0000');

/**
 * Active health checks: each checker probes its target every interval on the injected clock and
 * feeds the results through the threshold state machine (next-health.ts). The first check runs
 * at once, so a new target leaves `initial` after one round trip.
 */
export function createHealthMonitor({
  clock,
  probe,
  wallNowMs = Date.now,
}: {
  clock: Clock;
  probe: ProbeTarget;
  /** The data plane's clock, in which slow-start windows are given. */
  wallNowMs?: () => number;
}): HealthMonitor {
  const checkers = new Map<string, Checker>();
  /** Watched target → its checker's key, over every domain. */
  const watched = new Map<string, string>();
  /** Per domain, its watched targets → their checkers' keys. */
  const domains = new Map<string, Map<string, string>>();
  const overrides = new Map<string, 'healthy' | 'unhealthy'>();
  /**
   * Targets of a group's first registration batch (the group had no watched target before) do
   * not enter slow start [D7]: watched target → the healthy episode that is exempt.
   */
  const slowStartExempt = new Map<string, number>();
  let changes = 0;
  /** After close(), a reconcile (a snapshot read while elbow stops) starts nothing again. */
  let isClosed = false;

  function schedule(checker: Checker, delayMs: number) {
    checker.timer = clock.setTimer(() => void runCheck(checker), delayMs);
  }

  async function runCheck(checker: Checker) {
    checker.timer = undefined;
    if (checker.isStopped) return;
    // The next check is due an interval after this one starts, whatever this one takes.
    schedule(checker, checker.spec.intervalSeconds * 1000);
    if (checker.isProbing) return;
    checker.isProbing = true;
    const result = await probe({
      protocol: checker.spec.protocol,
      host: checker.host,
      port: checker.spec.port,
      path: checker.spec.path,
      timeoutMs: checker.spec.timeoutSeconds * 1000,
      matches: checker.matches,
      ...(checker.spec.userAgent === undefined ? {} : { userAgent: checker.spec.userAgent }),
    }).catch(() => ({ kind: 'failed' }) as const);
    checker.isProbing = false;
    if (checker.isStopped) return;
    const next = nextHealth(checker.status, result, checker.spec);
    if (next.state !== checker.status.state || next.reason !== checker.status.reason || next.description !== checker.status.description) changes += 1;
    if (next.state === 'healthy' && checker.status.state !== 'healthy') {
      checker.healthySinceWallMs = wallNowMs();
      checker.healthyEpisode += 1;
    }
    if (next.state !== 'healthy') checker.healthySinceWallMs = undefined;
    checker.status = next;
    checker.endFirstCheck?.();
    checker.endFirstCheck = undefined;
  }

  function stop(checker: Checker) {
    checker.isStopped = true;
    checker.endFirstCheck?.();
    checker.endFirstCheck = undefined;
    checker.timer?.cancel();
    checker.timer = undefined;
    checkers.delete(checker.key);
  }

  return {
    reconcile(targets, domain = DEFAULT_DOMAIN) {
      if (isClosed) return;
      const nextDomain = new Map<string, string>();
      for (const target of targets) {
        const key = checkerKey(target.host, target.spec);
        nextDomain.set(targetKey(target.targetGroupArn, target.targetId, target.port), key);
        if (checkers.has(key)) continue;
        let endFirstCheck: (() => void) | undefined;
        const firstCheck = new Promise<void>((resolve) => (endFirstCheck = resolve));
        const checker: Checker = {
          firstCheck,
          endFirstCheck,
          key,
          host: target.host,
          spec: target.spec,
          matches: parseMatcher(target.spec.httpCode),
          status: INITIAL_HEALTH,
          timer: undefined,
          isProbing: false,
          isStopped: false,
          healthySinceWallMs: undefined,
          healthyEpisode: 0,
        };
        checkers.set(key, checker);
        schedule(checker, 0);
      }
      const nextWatched = new Map<string, string>();
      for (const [name, domainTargets] of domains) if (name !== domain) for (const [key, value] of domainTargets) nextWatched.set(key, value);
      for (const [key, value] of nextDomain) nextWatched.set(key, value);
      if (nextDomain.size === 0) domains.delete(domain);
      else domains.set(domain, nextDomain);
      const groupsBefore = new Set([...watched.keys()].map((key) => key.slice(0, key.indexOf('\u0000'))));
      for (const target of targets) {
        const key = targetKey(target.targetGroupArn, target.targetId, target.port);
        if (watched.has(key) || groupsBefore.has(target.targetGroupArn)) continue;
        const checker = checkers.get(nextWatched.get(key) ?? '');
        if (checker === undefined) continue;
        slowStartExempt.set(key, checker.status.state === 'healthy' ? checker.healthyEpisode : checker.healthyEpisode + 1);
      }
      const needed = new Set(nextWatched.values());
      for (const checker of [...checkers.values()]) if (!needed.has(checker.key)) stop(checker);
      for (const key of overrides.keys()) if (!nextWatched.has(key)) overrides.delete(key);
      for (const key of slowStartExempt.keys()) if (!nextWatched.has(key)) slowStartExempt.delete(key);
      if (nextWatched.size !== watched.size || [...nextWatched].some(([key, value]) => watched.get(key) !== value)) changes += 1;
      watched.clear();
      for (const [key, value] of nextWatched) watched.set(key, value);
    },
    statusOf(targetGroupArn, targetId, port) {
      const key = targetKey(targetGroupArn, targetId, port);
      const override = overrides.get(key);
      if (override !== undefined) return OVERRIDE_STATUS[override];
      const checkerId = watched.get(key);
      return checkerId === undefined ? undefined : checkers.get(checkerId)?.status;
    },
    healthySinceWallMs(targetGroupArn, targetId, port) {
      const key = targetKey(targetGroupArn, targetId, port);
      if (overrides.has(key)) return undefined;
      const checker = checkers.get(watched.get(key) ?? '');
      if (checker === undefined || slowStartExempt.get(key) === checker.healthyEpisode) return undefined;
      return checker.healthySinceWallMs;
    },
    setOverride(targetGroupArn, targetId, port, state) {
      const key = targetKey(targetGroupArn, targetId, port);
      if (!watched.has(key)) return false;
      if (state === undefined) overrides.delete(key);
      else overrides.set(key, state);
      changes += 1;
      return true;
    },
    async firstChecks() {
      await Promise.all([...checkers.values()].filter((checker) => checker.endFirstCheck !== undefined).map((checker) => checker.firstCheck));
    },
    activeCheckers: () => checkers.size,
    generation: () => changes,
    close() {
      isClosed = true;
      for (const checker of [...checkers.values()]) stop(checker);
      watched.clear();
      domains.clear();
      overrides.clear();
      slowStartExempt.clear();
    },
  };
}
