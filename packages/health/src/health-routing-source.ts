import type { RoutingConfig, RoutingConfigSource, TargetGroupRoute } from '@elbow/data-plane';
import type { HealthCheckSpec, HealthMonitor, MonitoredTarget } from './health-monitor.js';

const DEFAULT_PATH = '/';
const DEFAULT_HTTP_CODE = '200';

/**
 * The checks a used target group's targets need: every target the control plane would route to
 * (registered, in an enabled zone, instance running, with a host) of a group whose health checks
 * are enabled and HTTP(S). Health checks run only for targets of groups a listener uses [D8]:
 * the snapshot holds only those groups.
 */
export function monitoredTargetsOf(config: RoutingConfig): MonitoredTarget[] {
  const targets: MonitoredTarget[] = [];
  for (const group of config.targetGroups.values()) {
    const settings = group.healthCheck;
    if (settings === undefined || !settings.isEnabled) continue;
    const protocol = settings.protocol ?? group.protocol;
    if (protocol !== 'HTTP' && protocol !== 'HTTPS') continue;
    for (const target of group.targets) {
      if (!target.isRoutable || target.host === undefined) continue;
      const port = settings.port === undefined || settings.port === 'traffic-port' ? target.port : Number(settings.port);
      const spec: HealthCheckSpec = {
        protocol,
        port,
        path: settings.path ?? DEFAULT_PATH,
        intervalSeconds: settings.intervalSeconds,
        timeoutSeconds: settings.timeoutSeconds,
        healthyThresholdCount: settings.healthyThresholdCount,
        unhealthyThresholdCount: settings.unhealthyThresholdCount,
        httpCode: settings.httpCode ?? DEFAULT_HTTP_CODE,
      };
      targets.push({ targetGroupArn: group.arn, targetId: target.id, port: target.port, host: target.host, spec });
    }
  }
  return targets;
}

/**
 * A group's targets with `isRoutable` following health: only healthy targets get new requests,
 * `initial` ones none; when every watched target is unhealthy the ALB fails open and routes to
 * all of them ("if a target group contains only unhealthy registered targets, the load balancer
 * routes requests to all those targets" [D8]). Unwatched targets (health checks disabled, not
 * HTTP) keep the control plane's answer.
 */
export function applyHealth(group: TargetGroupRoute, monitor: Pick<HealthMonitor, 'statusOf' | 'healthySinceWallMs'>, clockSpeed = 1): TargetGroupRoute {
  const states = group.targets.map((target) => (target.isRoutable ? monitor.statusOf(group.arn, target.id, target.port)?.state : undefined));
  if (states.every((state) => state === undefined)) return group;
  const watched = states.filter((state) => state !== undefined);
  const isFailOpen = watched.every((state) => state === 'unhealthy');
  // Slow start: only round_robin and weighted_random groups [D7]; the window is handed to the
  // data plane in its own (wall) milliseconds, so it shrinks with the clock speed.
  const slowStartSeconds = Number(group.attributes.get('slow_start.duration_seconds') ?? '0');
  const hasSlowStart = slowStartSeconds > 0 && group.attributes.get('load_balancing.algorithm.type') !== 'least_outstanding_requests';
  const targets = group.targets.map((target, index) => {
    const state = states[index];
    if (state === undefined) return target;
    const isRoutable = state === 'healthy' || (isFailOpen && state === 'unhealthy');
    const since = hasSlowStart && state === 'healthy' ? monitor.healthySinceWallMs(group.arn, target.id, target.port) : undefined;
    if (since !== undefined) return { ...target, isRoutable, slowStart: { startedAtMs: since, durationMs: (slowStartSeconds * 1000) / clockSpeed } };
    return isRoutable === target.isRoutable ? target : { ...target, isRoutable };
  });
  return { ...group, targets };
}

/**
 * A control-plane snapshot source with live health, for ALBs and classic load balancers alike:
 * reading a new control-plane snapshot lets `watch` bring the monitor's checkers in line with it,
 * and `applyHealth` re-applies health whenever the monitor's generation moves. Its change counter
 * moves on either, so the data plane re-reads.
 */
export function createHealthAwareSource<Config extends { readonly version: number }>(
  base: { changeCount(): number; read(): Config },
  monitor: HealthMonitor,
  { watch, withHealth }: { watch(config: Config): void; withHealth(config: Config, version: number): Config },
): { changeCount(): number; read(): Config } {
  let seenBaseVersion: number | undefined;
  let seenGeneration: number | undefined;
  let version = 0;
  let baseSnapshot: Config | undefined;
  let snapshot: Config | undefined;

  function changeCount(): number {
    const baseVersion = base.changeCount();
    const generation = monitor.generation();
    if (baseVersion !== seenBaseVersion || generation !== seenGeneration) {
      seenBaseVersion = baseVersion;
      seenGeneration = generation;
      version += 1;
    }
    return version;
  }

  return {
    changeCount,
    read() {
      changeCount();
      if (baseSnapshot === undefined || baseSnapshot.version !== seenBaseVersion) {
        baseSnapshot = base.read();
        watch(baseSnapshot);
        // Watching may itself move the generation (targets watched or dropped).
        changeCount();
      }
      if (snapshot?.version !== version) snapshot = withHealth(baseSnapshot, version);
      return snapshot;
    },
  };
}

/**
 * The ALB routing snapshot with live health: only healthy targets route (fail-open when a group
 * has none), slow start applied on the data plane's clock.
 */
export function createHealthRoutingSource(base: RoutingConfigSource, monitor: HealthMonitor, { clockSpeed = 1 }: { clockSpeed?: number } = {}): RoutingConfigSource {
  return createHealthAwareSource(base, monitor, {
    watch: (config) => monitor.reconcile(monitoredTargetsOf(config)),
    withHealth: (config, version) => ({
      ...config,
      version,
      targetGroups: new Map([...config.targetGroups].map(([arn, group]) => [arn, applyHealth(group, monitor, clockSpeed)])),
    }),
  });
}
