import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startElbowProcess, type ElbowProcess } from '../support/elbow-process.js';
import { sendHttp } from '../support/alb-fixture.js';
import { startTargetServers, type TargetServer } from '../support/target-servers.js';
import { describeState } from './describe-state.js';
import { runElbow } from './run-elbow.js';

const running: ElbowProcess[] = [];
const servers: TargetServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((elbow) => elbow.stop('SIGKILL')));
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'elbow-bootstrap-'));
  dirs.push(dir);
  return dir;
}

async function start(args: string[], cwd: string): Promise<ElbowProcess> {
  const elbow = await startElbowProcess(['--port', '0', ...args], { cwd });
  running.push(elbow);
  return elbow;
}

/** A config with every kind of resource: an instance, two target groups, an ALB with rules, a classic load balancer. */
function fullConfig(listenerPort: number, web: TargetServer, api: TargetServer): string {
  return `# elbow bootstrap: an ALB in front of two local servers
Instances:
  - Name: web-1
    Host: 127.0.0.1
TargetGroups:
  - Name: web
    Protocol: HTTP
    Port: 80
    HealthCheckPath: /health
    Attributes:
      - Key: deregistration_delay.timeout_seconds
        Value: 5
    Tags:
      - Key: team
        Value: web
    Targets:
      - InstanceName: web-1
        Port: ${web.port}
  - Name: api
    Protocol: HTTP
    Port: 80
    TargetType: ip
    Targets:
      - Id: 127.0.0.1
        Port: ${api.port}
        AvailabilityZone: all
LoadBalancers:
  - Name: my-alb
    Subnets: [us-east-1a, us-east-1b]
    Attributes:
      - Key: idle_timeout.timeout_seconds
        Value: 30
    Tags:
      - Key: env
        Value: ci
    Listeners:
      - Port: ${listenerPort}
        Protocol: HTTP
        DefaultActions:
          - Type: forward
            TargetGroupName: web
        Rules:
          - Priority: 10
            Conditions:
              - Field: path-pattern
                Values: ["/api/*"]
            Actions:
              - Type: forward
                TargetGroupName: api
          - Priority: 20
            Conditions:
              - Field: host-header
                HostHeaderConfig:
                  Values: ["*.example.com"]
            Actions:
              - Type: forward
                ForwardConfig:
                  TargetGroups:
                    - { TargetGroupName: web, Weight: 80 }
                    - { TargetGroupName: api, Weight: 20 }
          - Priority: 30
            Conditions:
              - Field: path-pattern
                Values: ["/old"]
            Actions:
              - Type: redirect
                RedirectConfig: { Path: /new, StatusCode: HTTP_301 }
ClassicLoadBalancers:
  - LoadBalancerName: classic
    Listeners:
      - { Protocol: HTTP, LoadBalancerPort: ${listenerPort + 1}, InstancePort: ${web.port}, PolicyNames: [sticky] }
    HealthCheck: { Target: "HTTP:${web.port}/health", Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 }
    LoadBalancerAttributes:
      CrossZoneLoadBalancing: { Enabled: true }
    Policies:
      - PolicyName: sticky
        PolicyTypeName: LBCookieStickinessPolicyType
        PolicyAttributes: [{ AttributeName: CookieExpirationPeriod, AttributeValue: "60" }]
    Instances:
      - InstanceName: web-1
`;
}

/** What GET /_elbow/listeners says of the listener on `port`. */
async function listenerState(elbow: ElbowProcess, port: number): Promise<string | undefined> {
  const response = await fetch(`${elbow.endpoint}/_elbow/listeners`);
  const { listeners } = (await response.json()) as { listeners: Array<{ port: number; state: string }> };
  return listeners.find((listener) => listener.port === port)?.state;
}

/**
 * Starts elbow on a config whose ALB listener port is a random high port. The listener port is
 * a fixed number in the file that may be taken on this machine: the emulator's own report
 * (`bound`) decides, and another port is tried otherwise (no port is probed and reused).
 */
async function startWithBoundListener(dir: string, web: TargetServer, api: TargetServer, extraArgs: string[]): Promise<{ elbow: ElbowProcess; listenerPort: number }> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const listenerPort = 20_000 + Math.floor(Math.random() * 40_000);
    writeFileSync(join(dir, 'elbow.yaml'), fullConfig(listenerPort, web, api));
    const elbow = await start(['--config', 'elbow.yaml', ...extraArgs], dir);
    if ((await listenerState(elbow, listenerPort)) === 'bound') return { elbow, listenerPort };
    await elbow.stop();
  }
  throw new Error('no free listener port after 5 attempts');
}

describe('elbow start --config', () => {
  it('creates what the file describes, and a second start on the same data dir leaves the same state', async () => {
    const dir = tempDir();
    const [web, api] = await startTargetServers(2, 'bootstrap');
    servers.push(web!, api!);
    const { elbow: first, listenerPort } = await startWithBoundListener(dir, web!, api!, ['--data-dir', 'data']);
    const once = await describeState(first);
    expect(first.stderr()).toBe('');
    await first.stop();

    const second = await start(['--config', 'elbow.yaml', '--data-dir', 'data'], dir);
    const twice = await describeState(second);
    expect(twice).toEqual(once);

    // What the file asked for is there, as Describe* reports it.
    const [alb] = once.loadBalancers as Array<{ loadBalancer: { LoadBalancerName: string; AvailabilityZones: Array<{ ZoneName: string }> }; listeners: Array<{ listener: { Port: number }; rules: { Rules: Array<{ Priority: string }> } }> }>;
    expect(alb?.loadBalancer.LoadBalancerName).toBe('my-alb');
    expect(alb?.loadBalancer.AvailabilityZones.map((zone) => zone.ZoneName)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(alb?.listeners.map((entry) => entry.listener.Port)).toEqual([listenerPort]);
    expect(alb?.listeners[0]?.rules.Rules.map((rule) => rule.Priority)).toEqual(['10', '20', '30', 'default']);
    const groups = once.targetGroups as Array<{ targetGroup: { TargetGroupName: string }; targets: Array<{ Port: number }>; attributes: { Attributes: Array<{ Key: string; Value: string }> } }>;
    expect(groups.map((group) => [group.targetGroup.TargetGroupName, group.targets.map((target) => target.Port)])).toEqual([
      ['web', [web!.port]],
      ['api', [api!.port]],
    ]);
    expect(groups.find((group) => group.targetGroup.TargetGroupName === 'web')?.attributes.Attributes).toContainEqual({ Key: 'deregistration_delay.timeout_seconds', Value: '5' });
    expect((once.classic as unknown[]).length).toBe(1);
    expect((once.instances as unknown[]).length).toBe(1);
  });

  it('sends traffic through the bootstrapped listener and rules to the real target servers', async () => {
    const dir = tempDir();
    const [web, api] = await startTargetServers(2, 'bootstrap');
    servers.push(web!, api!);
    const { listenerPort } = await startWithBoundListener(dir, web!, api!, ['--memory']);

    const fromWeb = await sendHttp(listenerPort, '/index.html');
    expect(fromWeb.status).toBe(200);
    expect(JSON.parse(fromWeb.body)).toMatchObject({ target: web!.name, url: '/index.html' });
    const fromApi = await sendHttp(listenerPort, '/api/users');
    expect(JSON.parse(fromApi.body)).toMatchObject({ target: api!.name, url: '/api/users' });
    const redirected = await sendHttp(listenerPort, '/old');
    expect(redirected.status).toBe(301);
    expect(redirected.headers.location).toBe(`http://127.0.0.1:${listenerPort}/new`);
  });

  it('rejects a file that breaks the schema: exit code 2 and one line naming file, line and path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'elbow.yaml'), 'LoadBalancers:\n  - Name: my-alb\n    Listeners:\n      - Port: eighty\n        DefaultActions:\n          - Type: fixed-response\n            FixedResponseConfig: { StatusCode: "200" }\n');
    const run = await runElbow(['start', '--port', '0', '--memory', '--config', 'elbow.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('elbow: elbow.yaml:4: /LoadBalancers/0/Listeners/0/Port: must be integer\n');
    expect(run.stdout).toBe('');
  });

  it('stops start-up on an AWS error, naming the file, the resource and the error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'elbow.yaml'), 'TargetGroups:\n  - Name: web\n    Protocol: HTTP\n    Port: 80\n    HealthCheckIntervalSeconds: 5\n    HealthCheckTimeoutSeconds: 10\n');
    const run = await runElbow(['start', '--port', '0', '--memory', '--config', 'elbow.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("elbow: elbow.yaml: TargetGroups/web: CreateTargetGroup: ValidationError: Health check timeout '10' must be smaller than the interval '5'\n");
    expect(run.stdout).toBe('');
  });

  it('names a missing config file', async () => {
    const dir = tempDir();
    const run = await runElbow(['start', '--port', '0', '--memory', '--config', 'missing.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('elbow: missing.yaml: cannot read the bootstrap file: no such file\n');
  });
});
