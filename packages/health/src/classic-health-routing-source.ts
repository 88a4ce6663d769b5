import { readClassicHealthCheckTarget } from '@elbow/data-plane';
import type { ClassicHealthCheckRoute, ClassicHealthCheckTarget, ClassicLoadBalancerRoute, ClassicRoutingConfig, ClassicRoutingConfigSource } from '@elbow/data-plane';
import type { HealthCheckSpec, HealthMonitor, MonitoredTarget } from './health-monitor.js';
import type { TargetHealthStatus } from './next-health.js';
import { CLASSIC_HEALTH_CHECK_USER_AGENT } from './probe-target.js';
import { createHealthAwareSource } from './health-routing-source.js';

/** The monitor domain classic load balancers reconcile in (the ALB's target groups use the default one). */
export const CLASSIC_HEALTH_DOMAIN = 'elb-classic';

/** Classic instances are registered without a port; the monitor's key takes this one. */
const CLASSIC_INSTANCE_PORT = 0;

/** What a stored classic health-check target means for a probe. */
export type ClassicCheckTarget = ClassicHealthCheckTarget;

/**
 * Reads a stored HealthCheck.Target with the reader packages/elb's ConfigureHealthCheck uses
 * before storing it (readClassicHealthCheckTarget), so every stored target gets its checks; one
 * that still does not read (undefined) gets none, and its instances keep the control plane's answer.
 */
export function parseClassicCheckTarget(target: string): ClassicCheckTarget | undefined {
  const read = readClassicHealthCheckTarget(target);
  return 'target' in read ? read.target : undefined;
}

/**
 * The monitor's settings for a classic health check: the instance must answer `200` ("any answer
 * other than 200 OK within the timeout period is considered unhealthy", model HealthCheck.Target
 * doc, [D1]), with classic ELB's User-Agent.
 */
export function classicHealthCheckSpec(check: ClassicHealthCheckRoute): HealthCheckSpec | undefined {
  const target = parseClassicCheckTarget(check.target);
  if (target === undefined) return undefined;
  return {
    protocol: target.protocol,
    port: target.port,
    path: target.path,
    intervalSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    healthyThresholdCount: check.healthyThreshold,
    unhealthyThresholdCount: check.unhealthyThreshold,
    httpCode: '200',
    userAgent: CLASSIC_HEALTH_CHECK_USER_AGENT,
  };
}

/** The monitor's group key of a classic load balancer: names are unique per account and region. */
function classicGroupKey(accountId: string, region: string, loadBalancerName: string): string {
  return `elb-classic:${accountId}:${region}:${loadBalancerName}`;
}

/**
 * The instances checks must watch: those the control plane would route to (registered, running,
 * in an enabled zone: "the load balancer continuously monitors the health of registered instances
 * in its enabled Availability Zones" [elb-deregister-register-instances]); not draining ones.
 */
export function classicMonitoredInstancesOf(config: ClassicRoutingConfig): MonitoredTarget[] {
  const targets: MonitoredTarget[] = [];
  for (const loadBalancer of config.loadBalancers) {
    const spec = classicHealthCheckSpec(loadBalancer.healthCheck);
    if (spec === undefined) continue;
    const group = classicGroupKey(loadBalancer.accountId, loadBalancer.region, loadBalancer.name);
    for (const instance of loadBalancer.instances) {
      if (!instance.isRoutable || instance.drainingUntilMs !== undefined) continue;
      targets.push({ targetGroupArn: group, targetId: instance.instanceId, port: CLASSIC_INSTANCE_PORT, host: instance.host, spec });
    }
  }
  return targets;
}

/** The live health of one classic instance; undefined when no checks watch it. An override wins. */
export function classicInstanceStatus(
  monitor: Pick<HealthMonitor, 'statusOf'>,
  accountId: string,
  region: string,
  loadBalancerName: string,
  instanceId: string,
): TargetHealthStatus | undefined {
  return monitor.statusOf(classicGroupKey(accountId, region, loadBalancerName), instanceId, CLASSIC_INSTANCE_PORT);
}

/** Forces a watched classic instance InService (`healthy`) or OutOfService (`unhealthy`) for tests; undefined clears. False: not watched. */
export function setClassicInstanceOverride(
  monitor: Pick<HealthMonitor, 'setOverride'>,
  instance: { accountId: string; region: string; loadBalancerName: string; instanceId: string },
  state: 'healthy' | 'unhealthy' | undefined,
): boolean {
  return monitor.setOverride(classicGroupKey(instance.accountId, instance.region, instance.loadBalancerName), instance.instanceId, CLASSIC_INSTANCE_PORT, state);
}

/**
 * What DescribeInstanceHealth makes of a classic instance's checks (packages/elb instance-health.ts
 * words it): a new instance is `registering` until its first check passes ("if the health check
 * succeeds, the instance is marked as InService", AWS knowledge center "health checks for a
 * Classic Load Balancer") or it fails UnhealthyThreshold checks in a row (`failing`); an unhealthy
 * instance that passes again, but not yet HealthyThreshold times in a row, is `recovering`.
 */
export type ClassicCheckState = 'healthy' | 'registering' | 'failing' | 'recovering';

export function classicCheckStateOf(status: TargetHealthStatus): ClassicCheckState {
  switch (status.state) {
    case 'healthy':
      return 'healthy';
    case 'initial':
      return 'registering';
    case 'unhealthy':
      return status.consecutivePasses > 0 ? 'recovering' : 'failing';
  }
}

/**
 * A classic load balancer's instances with `isRoutable` narrowed to InService ones: "the load
 * balancer routes requests only to the healthy instances" [D1]. Unlike the ALB there is no fail
 * open: with no healthy instance classic ELB answers 503 (classic-elb.md §4 [D7] "no registered
 * or healthy instances"). Instances no checks watch keep the control plane's answer.
 */
export function applyClassicHealth(loadBalancer: ClassicLoadBalancerRoute, monitor: Pick<HealthMonitor, 'statusOf'>): ClassicLoadBalancerRoute {
  let isChanged = false;
  const instances = loadBalancer.instances.map((instance) => {
    if (!instance.isRoutable) return instance;
    const status = classicInstanceStatus(monitor, loadBalancer.accountId, loadBalancer.region, loadBalancer.name, instance.instanceId);
    if (status === undefined || status.state === 'healthy') return instance;
    isChanged = true;
    return { ...instance, isRoutable: false };
  });
  return isChanged ? { ...loadBalancer, instances } : loadBalancer;
}

/**
 * The classic routing snapshot with live health, the twin of createHealthRoutingSource: reading a
 * new control-plane snapshot starts and stops the checkers it needs (a changed health check
 * restarts them, as the settings are part of a checker's identity), and health is re-applied
 * whenever the monitor's generation moves. Its change counter moves on either.
 */
export function createClassicHealthRoutingSource(base: ClassicRoutingConfigSource, monitor: HealthMonitor): ClassicRoutingConfigSource {
  return createHealthAwareSource(base, monitor, {
    watch: (config) => monitor.reconcile(classicMonitoredInstancesOf(config), CLASSIC_HEALTH_DOMAIN),
    withHealth: (config, version) => ({ version, loadBalancers: config.loadBalancers.map((loadBalancer) => applyClassicHealth(loadBalancer, monitor)) }),
  });
}
