import { describe, expect, it } from 'vitest';
import { INITIAL_HEALTH, nextHealth } from './next-health.js';
import type { CheckResult, TargetHealthStatus } from './next-health.js';

const thresholds = { healthyThresholdCount: 3, unhealthyThresholdCount: 2 };
const PASS: CheckResult = { kind: 'pass' };
const TIMEOUT: CheckResult = { kind: 'timeout' };

const run = (results: CheckResult[], from: TargetHealthStatus = INITIAL_HEALTH) =>
  results.reduce((status, result) => nextHealth(status, result, thresholds), from);

describe('nextHealth', () => {
  it('starts initial with Elb.RegistrationInProgress', () => {
    expect(INITIAL_HEALTH).toMatchObject({ state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' });
  });

  it('turns a new target healthy after one passed check (ALB guide)', () => {
    expect(run([PASS])).toMatchObject({ state: 'healthy', reason: undefined, description: undefined });
  });

  it('keeps a new target initial with Elb.InitialHealthChecking below the unhealthy threshold, then unhealthy', () => {
    expect(run([TIMEOUT])).toMatchObject({ state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' });
    expect(run([TIMEOUT, TIMEOUT])).toMatchObject({ state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' });
  });

  it('turns healthy into unhealthy only after the unhealthy threshold of consecutive failures', () => {
    const healthy = run([PASS]);
    expect(run([{ kind: 'failed' }], healthy).state).toBe('healthy');
    expect(run([{ kind: 'failed' }, PASS, { kind: 'failed' }], healthy).state).toBe('healthy');
    expect(run([{ kind: 'failed' }, { kind: 'failed' }], healthy)).toMatchObject({
      state: 'unhealthy',
      reason: 'Target.FailedHealthChecks',
      description: 'Health checks failed',
    });
  });

  it('reports the last mismatched code as AWS words it', () => {
    const unhealthy = run([PASS, { kind: 'code-mismatch', statusCode: 500 }, { kind: 'code-mismatch', statusCode: 503 }]);
    expect(unhealthy).toMatchObject({ state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [503]' });
  });

  it('turns unhealthy into healthy only after the healthy threshold of consecutive passes', () => {
    const unhealthy = run([TIMEOUT, TIMEOUT]);
    expect(run([PASS, PASS], unhealthy)).toMatchObject({ state: 'unhealthy', reason: 'Target.Timeout' });
    expect(run([PASS, PASS, TIMEOUT, PASS, PASS], unhealthy).state).toBe('unhealthy');
    expect(run([PASS, PASS, PASS], unhealthy).state).toBe('healthy');
  });
});
