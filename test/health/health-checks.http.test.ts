import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  waitUntilTargetDeregistered,
  waitUntilTargetInService,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';

// Expected values: headers-and-routing.md §4 (fail-open [D8]) and §5 (states, reasons and their
// texts [D8][C1], "must pass one health check to be considered healthy" [D8]); issue 5.
// `--clock-speed 20`: a 5 s interval is 250 ms of real time, a 2 s timeout 100 ms.
const CLOCK_SPEED = 20;

let targets: TargetServer[];
let alb: AlbFixture;

beforeEach(async () => {
  targets = await startTargetServers(3);
  alb = await startAlbFixture({ targets, elbow: { clockSpeed: CLOCK_SPEED } });
  await alb.elbv2.send(
    new ModifyTargetGroupCommand({
      TargetGroupArn: alb.targetGroupArn,
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 2,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/healthz',
    }),
  );
  // 5 s of draining: 250 ms of real time.
  await alb.elbv2.send(
    new ModifyTargetGroupAttributesCommand({ TargetGroupArn: alb.targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }] }),
  );
});
afterEach(async () => {
  await alb.stop();
  await Promise.all(targets.map((target) => target.close()));
});

const servedBy = (body: string) => (JSON.parse(body) as TargetEcho).target;

async function healthOf(targetGroupArn = alb.targetGroupArn): Promise<TargetHealthDescription[]> {
  return (await alb.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? [];
}

async function stateOf(target: TargetServer, targetGroupArn = alb.targetGroupArn) {
  return (await healthOf(targetGroupArn)).find((description) => description.Target?.Port === target.port)?.TargetHealth;
}

/** Polls DescribeTargetHealth until the target is in that state (health checks run on elbow's fast clock). */
async function untilState(target: TargetServer, state: string, targetGroupArn = alb.targetGroupArn) {
  for (;;) {
    const health = await stateOf(target, targetGroupArn);
    if (health?.State === state) return health;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function adminHealth(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${alb.elbow.endpoint}/_elbow/targets/health`, { method: 'POST', body: JSON.stringify(body) });
}

async function checkers(): Promise<{ activeCheckers: number; pendingTimers: number }> {
  return (await fetch(`${alb.elbow.endpoint}/_elbow/health-checks`)).json() as Promise<{ activeCheckers: number; pendingTimers: number }>;
}

describe('active health checks', () => {
  it('checks each target with the group settings and reports it healthy once a check passed', async () => {
    expect((await healthOf()).map((description) => description.TargetHealth)).toEqual([{ State: 'healthy' }, { State: 'healthy' }, { State: 'healthy' }]);
    expect(targets[0]!.healthChecks.at(-1)).toMatchObject({ method: 'GET', url: '/healthz' });
  });

  it('moves traffic off a killed target under steady load once it is unhealthy, with no failed request after that, and back when it restarts', async () => {
    const [killed] = targets;
    // Steady load: one request after another, each tagged with the phase it started in.
    type Phase = 'before' | 'unhealthy' | 'reopening' | 'restarted';
    const now: { phase: Phase } = { phase: 'before' };
    let isLoading = true;
    const results: { phase: Phase; status: number; target: string | undefined }[] = [];
    const load = (async () => {
      while (isLoading) {
        const startedIn = now.phase;
        const response = await alb.send('/load');
        results.push({ phase: startedIn, status: response.status, target: response.status === 200 ? servedBy(response.body) : undefined });
      }
    })();
    await killed!.close();
    expect(await untilState(killed!, 'unhealthy')).toEqual({ State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' });
    now.phase = 'unhealthy';
    while (results.filter((result) => result.phase === 'unhealthy').length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    now.phase = 'reopening';
    await killed!.reopen();
    await untilState(killed!, 'healthy');
    now.phase = 'restarted';
    while (!results.some((result) => result.phase === 'restarted' && result.target === 'target-0')) await new Promise((resolve) => setTimeout(resolve, 10));
    isLoading = false;
    await load;

    const whileUnhealthy = results.filter((result) => result.phase === 'unhealthy');
    expect(whileUnhealthy.length).toBeGreaterThan(0);
    expect(whileUnhealthy.filter((result) => result.status !== 200 || result.target === 'target-0')).toEqual([]);
    expect(results.filter((result) => (result.phase === 'reopening' || result.phase === 'restarted') && result.status !== 200)).toEqual([]);
  });

  it('fails open to every target when all are unhealthy, as the ALB does', async () => {
    for (const target of targets) target.healthCheckStatus = 500;
    for (const target of targets) {
      expect(await untilState(target, 'unhealthy')).toEqual({
        State: 'unhealthy',
        Reason: 'Target.ResponseCodeMismatch',
        Description: 'Health checks failed with these codes: [500]',
      });
    }
    const responses = await Promise.all(Array.from({ length: 30 }, () => alb.send('/open')));
    expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
    expect(new Set(responses.map((response) => servedBy(response.body)))).toEqual(new Set(['target-0', 'target-1', 'target-2']));
  });

  it('accepts codes in a matcher range (200-299) and list (200,302), and names a code outside it', async () => {
    targets[0]!.healthCheckStatus = 204;
    targets[1]!.healthCheckStatus = 302;
    targets[2]!.healthCheckStatus = 301;
    await alb.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: alb.targetGroupArn, Matcher: { HttpCode: '200-299' } }));
    await untilState(targets[1]!, 'unhealthy');
    expect(await stateOf(targets[0]!)).toEqual({ State: 'healthy' });
    await alb.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: alb.targetGroupArn, Matcher: { HttpCode: '200,302' } }));
    await untilState(targets[2]!, 'unhealthy');
    expect(await stateOf(targets[1]!)).toEqual({ State: 'healthy' });
    expect(await stateOf(targets[0]!)).toEqual({ State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [204]' });
    expect(await stateOf(targets[2]!)).toEqual({ State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [301]' });
  });

  it('keeps a target whose checks time out initial (Elb.InitialHealthChecking), then unhealthy with Target.Timeout, without holding up the API', async () => {
    const [silent] = targets;
    silent!.healthCheckStatus = 'hang';
    // A 30 s interval (1.5 s real) leaves the state after the first timed-out check (2 s: 100 ms real) to be read.
    await alb.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: alb.targetGroupArn, HealthCheckIntervalSeconds: 30 }));
    const target = { Id: '127.0.0.1', Port: silent!.port, AvailabilityZone: 'all' };
    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [target] }));
    await alb.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [target] }));
    expect(await stateOf(silent!)).toEqual({ State: 'initial', Reason: 'Elb.InitialHealthChecking', Description: 'Initial health checks in progress' });
    expect(await untilState(silent!, 'unhealthy')).toEqual({ State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' });
    const responses = await Promise.all(Array.from({ length: 6 }, () => alb.send('/silent')));
    expect(new Set(responses.map((response) => servedBy(response.body)))).toEqual(new Set(['target-1', 'target-2']));
  });

  it('completes waitUntilTargetInService and waitUntilTargetDeregistered', async () => {
    const target = { Id: '127.0.0.1', Port: targets[0]!.port };
    const inService = await waitUntilTargetInService({ client: alb.elbv2, maxWaitTime: 30, minDelay: 1 }, { TargetGroupArn: alb.targetGroupArn, Targets: [target] });
    expect(inService.state).toBe('SUCCESS');
    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [target] }));
    const deregistered = await waitUntilTargetDeregistered({ client: alb.elbv2, maxWaitTime: 30, minDelay: 1 }, { TargetGroupArn: alb.targetGroupArn, Targets: [target] });
    expect(deregistered.state).toBe('SUCCESS');
  });
});

describe('POST /_elbow/targets/health', () => {
  it('forces a target unhealthy for routing and DescribeTargetHealth, and hands it back to its checks on clear', async () => {
    const target = { targetGroupArn: alb.targetGroupArn, targetId: '127.0.0.1', port: targets[0]!.port };
    const forced = await adminHealth({ ...target, state: 'unhealthy' });
    expect([forced.status, await forced.json()]).toEqual([200, { ...target, state: 'unhealthy' }]);
    expect((await stateOf(targets[0]!))?.State).toBe('unhealthy');
    const responses = await Promise.all(Array.from({ length: 12 }, () => alb.send('/forced')));
    expect(new Set(responses.map((response) => servedBy(response.body)))).toEqual(new Set(['target-1', 'target-2']));

    expect((await adminHealth({ ...target, state: 'clear' })).status).toBe(200);
    expect(await stateOf(targets[0]!)).toEqual({ State: 'healthy' });
  });

  it('answers 400 to a malformed body and 404 to a target no health check watches', async () => {
    expect((await fetch(`${alb.elbow.endpoint}/_elbow/targets/health`, { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await adminHealth({ targetGroupArn: alb.targetGroupArn, targetId: '127.0.0.1', port: 1, state: 'sideways' })).status).toBe(400);
    expect((await adminHealth({ targetGroupArn: alb.targetGroupArn, targetId: '127.0.0.1', port: 1, state: 'healthy' })).status).toBe(404);
    expect((await alb.send('/still-serving')).status).toBe(200);
  });
});

describe('no health-check timer outlives what it checks', () => {
  it('stops checkers when their target is deregistered, their group loses its listener rule, and their load balancer is deleted', async () => {
    expect(await checkers()).toMatchObject({ activeCheckers: 3 });
    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [{ Id: '127.0.0.1', Port: targets[2]!.port }] }));
    expect(await checkers()).toMatchObject({ activeCheckers: 2 });

    const other = (await alb.elbv2.send(new CreateTargetGroupCommand({ Name: 'other', Protocol: 'HTTP', Port: 80, VpcId: alb.vpcId, TargetType: 'ip', HealthCheckPath: '/other' })))
      .TargetGroups?.[0]?.TargetGroupArn ?? '';
    await alb.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: other, Targets: [{ Id: '127.0.0.1', Port: targets[2]!.port, AvailabilityZone: 'all' }] }));
    // Not used by any listener yet: no checks (health checks run only for used groups [D8]).
    expect(await checkers()).toMatchObject({ activeCheckers: 2 });
    const rule = (await alb.elbv2.send(
      new CreateRuleCommand({ ListenerArn: alb.listenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/other'] }], Actions: [{ Type: 'forward', TargetGroupArn: other }] }),
    )).Rules?.[0]?.RuleArn;
    expect(await checkers()).toMatchObject({ activeCheckers: 3 });
    expect(await stateOf(targets[2]!, other)).toEqual({ State: 'healthy' });
    await alb.elbv2.send(new DeleteRuleCommand({ RuleArn: rule }));
    await alb.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: other }));
    expect(await checkers()).toMatchObject({ activeCheckers: 2 });

    await alb.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: alb.loadBalancerArn }));
    expect(await checkers()).toMatchObject({ activeCheckers: 0 });
    // The deregistered target's drain is the one timer left; it ends with the drain.
    while ((await healthOf()).length > 2) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await checkers()).toEqual({ activeCheckers: 0, pendingTimers: 0 });
  });

  it('shares one checker between groups checking the same target, port and settings', async () => {
    const twin = (await alb.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'twin',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: alb.vpcId,
        TargetType: 'ip',
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 2,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
        HealthCheckPath: '/healthz',
      }),
    )).TargetGroups?.[0]?.TargetGroupArn ?? '';
    await alb.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: twin, Targets: [{ Id: '127.0.0.1', Port: targets[0]!.port, AvailabilityZone: 'all' }] }));
    await alb.elbv2.send(
      new CreateRuleCommand({ ListenerArn: alb.listenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/twin'] }], Actions: [{ Type: 'forward', TargetGroupArn: twin }] }),
    );
    expect(await checkers()).toMatchObject({ activeCheckers: 3 });
    expect(await stateOf(targets[0]!, twin)).toEqual({ State: 'healthy' });
  });
});

describe('draining', () => {
  it('lets a slow in-flight request complete, sends no new request to a draining target, and drops it after the delay', async () => {
    const [slow] = targets;
    let release: () => void = () => undefined;
    slow!.behaviour = { kind: 'wait', until: new Promise<void>((resolve) => (release = resolve)) };
    // Round robin: one of the first three requests lands on the slow target.
    const first = Array.from({ length: 3 }, () => alb.send('/slow'));
    while (slow!.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await alb.elbv2.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: alb.targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '60' }] }),
    );
    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [{ Id: '127.0.0.1', Port: slow!.port }] }));
    expect(await stateOf(slow!)).toEqual({ State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });

    const during = await Promise.all(Array.from({ length: 12 }, () => alb.send('/during')));
    expect(new Set(during.map((response) => servedBy(response.body)))).toEqual(new Set(['target-1', 'target-2']));
    expect(slow!.received).toHaveLength(1);

    release();
    const answered = await Promise.all(first);
    expect(answered.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(answered.filter((response) => servedBy(response.body) === 'target-0')).toHaveLength(1);
    // Still draining after its last request ended: the state lasts the whole delay [D7].
    expect((await stateOf(slow!))?.State).toBe('draining');
    // 60 s at clock speed 20: gone after 3 real seconds.
    while ((await stateOf(slow!)) !== undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    const gone = await alb.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [{ Id: '127.0.0.1', Port: slow!.port }] }));
    expect(gone.TargetHealthDescriptions?.[0]?.TargetHealth).toEqual({ State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' });
  });

  it('closes a request still in flight to the target when the deregistration delay ends, with no other traffic', async () => {
    const [slow] = targets;
    // Never answers: only the end of the delay can end this request.
    slow!.behaviour = { kind: 'wait', until: new Promise<void>(() => undefined) };
    await alb.elbv2.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: alb.targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '2' }] }),
    );
    const requests = Array.from({ length: 3 }, () => alb.send('/stuck'));
    while (slow!.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [{ Id: '127.0.0.1', Port: slow!.port }] }));
    // The stuck request ends once the delay is over (its target connection is closed before any
    // response head: the ALB's 502), though nothing else happens.
    const answered = await Promise.all(requests);
    expect(answered.map((response) => response.status).sort()).toEqual([200, 200, 502]);
  });

  it('ends the drain when the target is registered again', async () => {
    const target = { Id: '127.0.0.1', Port: targets[0]!.port, AvailabilityZone: 'all' };
    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [target] }));
    expect((await stateOf(targets[0]!))?.State).toBe('draining');
    await alb.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [target] }));
    expect(await stateOf(targets[0]!)).toEqual({ State: 'healthy' });
    expect((await healthOf()).map((description) => description.TargetHealth?.State)).toEqual(['healthy', 'healthy', 'healthy']);
  });
});
