/**
 * The health of one target under one set of health-check settings, as a pure state machine:
 * a check result in, the next state out. Texts: headers-and-routing.md §5 ([D8] ALB guide
 * "Target health status").
 *
 * - A registered target starts `initial`; "after your target is registered, it must pass one
 *   health check to be considered healthy" [D8 target-group-health-checks]: one pass makes it
 *   `healthy`.
 * - `healthy` turns `unhealthy` after UnhealthyThresholdCount consecutive failures; `unhealthy`
 *   turns `healthy` after HealthyThresholdCount consecutive passes (the model's definitions).
 * - An `initial` target that fails UnhealthyThresholdCount checks in a row turns `unhealthy`
 *   (elbow's reading; AWS does not say how long `initial` lasts: UNVERIFIED.md).
 */
export type HealthState = 'initial' | 'healthy' | 'unhealthy';

export type CheckResult =
  | { readonly kind: 'pass' }
  | { readonly kind: 'code-mismatch'; readonly statusCode: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'failed' };

export interface TargetHealthStatus {
  readonly state: HealthState;
  /** The AWS reason and description while not healthy; undefined when healthy. */
  readonly reason: string | undefined;
  readonly description: string | undefined;
  readonly consecutivePasses: number;
  readonly consecutiveFailures: number;
}

export interface Thresholds {
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
}

export const HEALTH_TEXTS = {
  registrationInProgress: ['Elb.RegistrationInProgress', 'Target registration is in progress'],
  initialHealthChecking: ['Elb.InitialHealthChecking', 'Initial health checks in progress'],
  // The guide words it "Request timed out"; the aws-cli example "Connection to target timed out" [D8, C1].
  timeout: ['Target.Timeout', 'Request timed out'],
  failedHealthChecks: ['Target.FailedHealthChecks', 'Health checks failed'],
} as const;

export const INITIAL_HEALTH: TargetHealthStatus = {
  state: 'initial',
  reason: HEALTH_TEXTS.registrationInProgress[0],
  description: HEALTH_TEXTS.registrationInProgress[1],
  consecutivePasses: 0,
  consecutiveFailures: 0,
};

function failureReason(result: Exclude<CheckResult, { kind: 'pass' }>): [string, string] {
  switch (result.kind) {
    case 'code-mismatch':
      return ['Target.ResponseCodeMismatch', `Health checks failed with these codes: [${result.statusCode}]`];
    case 'timeout':
      return [...HEALTH_TEXTS.timeout];
    case 'failed':
      return [...HEALTH_TEXTS.failedHealthChecks];
  }
}

export function nextHealth(current: TargetHealthStatus, result: CheckResult, thresholds: Thresholds): TargetHealthStatus {
  if (result.kind === 'pass') {
    const consecutivePasses = current.consecutivePasses + 1;
    const isHealthy =
      current.state === 'healthy' || current.state === 'initial' || consecutivePasses >= thresholds.healthyThresholdCount;
    return isHealthy
      ? { state: 'healthy', reason: undefined, description: undefined, consecutivePasses, consecutiveFailures: 0 }
      : { ...current, consecutivePasses, consecutiveFailures: 0 };
  }
  const consecutiveFailures = current.consecutiveFailures + 1;
  const [reason, description] = failureReason(result);
  if (current.state === 'unhealthy' || consecutiveFailures >= thresholds.unhealthyThresholdCount) {
    return { state: 'unhealthy', reason, description, consecutivePasses: 0, consecutiveFailures };
  }
  if (current.state === 'initial') {
    const [initialReason, initialDescription] = HEALTH_TEXTS.initialHealthChecking;
    return { state: 'initial', reason: initialReason, description: initialDescription, consecutivePasses: 0, consecutiveFailures };
  }
  return { ...current, consecutivePasses: 0, consecutiveFailures };
}
