export { createScaledClock, createManualClock } from './clock.js';
export type { Clock, ManualClock, TimerHandle } from './clock.js';
export { createSeededRandom, createSeededRandomBytes } from './seeded-random.js';
export { parseMatcher } from './parse-matcher.js';
export { nextHealth, INITIAL_HEALTH, HEALTH_TEXTS } from './next-health.js';
export type { CheckResult, HealthState, TargetHealthStatus, Thresholds } from './next-health.js';
export { CLASSIC_HEALTH_CHECK_USER_AGENT, createHttpProbe, HEALTH_CHECK_USER_AGENT } from './probe-target.js';
export type { ProbeRequest, ProbeTarget } from './probe-target.js';
export { createHealthMonitor } from './health-monitor.js';
export type { HealthCheckSpec, HealthMonitor, MonitoredTarget } from './health-monitor.js';
export { applyHealth, createHealthRoutingSource, monitoredTargetsOf } from './health-routing-source.js';
export { createDeadlineTimer } from './deadline-timer.js';
export type { DeadlineTimer } from './deadline-timer.js';
export {
  applyClassicHealth,
  CLASSIC_HEALTH_DOMAIN,
  classicCheckStateOf,
  classicHealthCheckSpec,
  classicInstanceStatus,
  classicMonitoredInstancesOf,
  createClassicHealthRoutingSource,
  parseClassicCheckTarget,
  setClassicInstanceOverride,
} from './classic-health-routing-source.js';
export type { ClassicCheckState, ClassicCheckTarget } from './classic-health-routing-source.js';
