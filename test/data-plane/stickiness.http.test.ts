import { mkdtempSync, rmSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeregisterTargetsCommand,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  type Action,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultVpc } from '../support/default-vpc.js';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { listenerStates, startAlbFixture } from '../support/alb-fixture.js';

// What AWS puts on the wire, from /work/shared/spec/cookies.md:
// - §2 [G1]: `AWSALB=<v>; Expires=<IMF-fixdate>; Path=/` then
//   `AWSALBCORS=<v>; Expires=<same>; Path=/; SameSite=None` (`; Secure` only over HTTPS), same
//   value, on every response; Expires = the request's arrival + exactly 7 days.
// - §3 [G3]: four `AWSALBAPP-n` lines every response, unused ones `_remove_` with a future Expires.
// - §4 [G4]: `AWSALBTG` then `AWSALBTGCORS`, same shape as AWSALB's pair.
// - [D1]: a missing, undecodable or expired cookie, or one naming a deregistered target, means a
//   fresh choice and a fresh cookie, never an error.

const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function targetServers(count: number, prefix?: string): Promise<TargetServer[]> {
  const servers = await startTargetServers(count, prefix);
  cleanups.push(() => Promise.all(servers.map((server) => server.close())).then(() => undefined));
  return servers;
}

async function elbowUnderTest(options: Parameters<typeof startElbowUnderTest>[0] = {}): Promise<ElbowUnderTest> {
  const elbow = await startElbowUnderTest(options);
  cleanups.push(() => elbow.stop());
  return elbow;
}

/** A target group of ip targets 127.0.0.1:<server port>, with these attributes. */
async function targetGroup(
  elbv2: ElasticLoadBalancingV2Client,
  vpcId: string,
  name: string,
  servers: readonly TargetServer[],
  attributes: Record<string, string>,
): Promise<string> {
  const { TargetGroups } = await elbv2.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }),
  );
  const arn = TargetGroups?.[0]?.TargetGroupArn ?? '';
  await elbv2.send(
    new RegisterTargetsCommand({
      TargetGroupArn: arn,
      Targets: servers.map((server) => ({ Id: server.host, Port: server.port, AvailabilityZone: 'all' })),
    }),
  );
  if (Object.keys(attributes).length > 0) {
    await elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: arn,
        Attributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  }
  return arn;
}

/** Where a client sends ALB traffic: the emulator's gateway port, `Host` naming the listener. */
interface AlbAddress {
  readonly port: number;
  readonly host: string;
}

function gatewayOf(elbow: ElbowUnderTest, dnsName: string): AlbAddress {
  const port = elbow.elbow.gatewayPort;
  if (port === undefined) throw new Error('the emulator was started without a gateway port');
  return { port, host: `${dnsName}:80` };
}

/** An internet-facing ALB with one HTTP listener on 80 running `action`. */
async function albWith(elbow: ElbowUnderTest, name: string, action: (vpcId: string) => Promise<Action>) {
  const { vpcId, subnetIds } = await defaultVpc(elbow.elbow);
  const { LoadBalancers } = await elbow.elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnetIds }));
  const dnsName = LoadBalancers?.[0]?.DNSName ?? '';
  const { Listeners } = await elbow.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: LoadBalancers?.[0]?.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [await action(vpcId)],
    }),
  );
  return { vpcId, dnsName, listenerArn: Listeners?.[0]?.ListenerArn ?? '', address: gatewayOf(elbow, dnsName) };
}

const LB_COOKIE = { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie' };
const appCookie = (durationSeconds = 86_400) => ({
  'stickiness.enabled': 'true',
  'stickiness.type': 'app_cookie',
  'stickiness.app_cookie.cookie_name': 'APP_SESSION_ID',
  'stickiness.app_cookie.duration_seconds': String(durationSeconds),
});

interface Answer {
  status: number;
  echo: TargetEcho;
  setCookies: string[];
  sentAtMs: number;
  receivedAtMs: number;
}

/** A browser-like client: keeps the cookies it is given (name → value) and sends them back. */
class Client {
  readonly jar = new Map<string, string>();

  constructor(private readonly address: AlbAddress) {}

  async get(path = '/', headers: Record<string, string> = {}): Promise<Answer> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const sentAtMs = Date.now();
    const { status, setCookies, text } = await new Promise<{ status: number; setCookies: string[]; text: string }>(
      (resolve, reject) => {
        const outgoing = httpRequest(
          {
            host: '127.0.0.1',
            port: this.address.port,
            path,
            headers: { host: this.address.host, ...(cookie ? { cookie } : {}), ...headers },
            agent: false,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                setCookies: response.headers['set-cookie'] ?? [],
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            response.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end();
      },
    );
    const receivedAtMs = Date.now();
    for (const line of setCookies) {
      const pair = line.split(';', 1)[0] ?? '';
      const equals = pair.indexOf('=');
      this.jar.set(pair.slice(0, equals), pair.slice(equals + 1));
    }
    expect(status, text).toBe(200);
    return { status, echo: JSON.parse(text) as TargetEcho, setCookies, sentAtMs, receivedAtMs };
  }
}

const nameOf = (line: string) => line.slice(0, line.indexOf('='));
const valueOf = (line: string) => (line.split(';', 1)[0] ?? '').slice(line.indexOf('=') + 1);

/** `Expires` is the request's arrival + 7 days, to the second, in IMF-fixdate. */
function expectSevenDayExpires(line: string, answer: Pick<Answer, 'sentAtMs' | 'receivedAtMs'>): void {
  const expires = /; Expires=([^;]+);/.exec(line)?.[1] ?? '';
  expect(expires).toMatch(IMF_FIXDATE);
  const mintedAtMs = Date.parse(expires) - SEVEN_DAYS_MS;
  expect(mintedAtMs).toBeGreaterThanOrEqual(Math.floor(answer.sentAtMs / 1000) * 1000);
  expect(mintedAtMs).toBeLessThanOrEqual(answer.receivedAtMs);
}

describe('duration-based stickiness (lb_cookie) through real HTTP', () => {
  it('keeps a cookie-keeping client on one target for 30 requests; clients without cookies go round robin', async () => {
    const servers = await targetServers(3);
    const elbow = await elbowUnderTest({ gatewayPort: 0 });
    const alb = await albWith(elbow, 'sticky-lb', async (vpcId) => ({
      Type: 'forward',
      TargetGroupArn: await targetGroup(elbow.elbv2, vpcId, 'sticky-web', servers, LB_COOKIE),
    }));

    const spread: string[] = [];
    for (let client = 0; client < 3; client++) spread.push((await new Client(alb.address).get()).echo.target);
    expect(spread).toEqual(['target-0', 'target-1', 'target-2']);

    const client = new Client(alb.address);
    const first = await client.get();
    const seen = new Set([first.echo.target]);
    for (let request = 0; request < 30; request++) {
      const answer = await client.get(`/page/${request}`);
      seen.add(answer.echo.target);
      // Re-issued on every response, same value in both cookies.
      expect(answer.setCookies.map(nameOf)).toEqual(['AWSALB', 'AWSALBCORS']);
    }
    expect([...seen]).toEqual([first.echo.target]);
    expect(servers.map((server) => server.received.length).sort()).toEqual([1, 1, 32].sort());
  });

  it('writes the Set-Cookie lines in AWS format to the character (plain HTTP: no Secure)', async () => {
    const servers = await targetServers(3);
    const elbow = await elbowUnderTest({ gatewayPort: 0 });
    const alb = await albWith(elbow, 'format-lb', async (vpcId) => ({
      Type: 'forward',
      TargetGroupArn: await targetGroup(elbow.elbv2, vpcId, 'format-web', servers, LB_COOKIE),
    }));
    const answer = await new Client(alb.address).get();
    const awsalb = answer.setCookies[0] ?? '';
    const value = valueOf(awsalb);
    expect(value).toMatch(/^[A-Za-z0-9+/]+$/);
    const expires = /; Expires=([^;]+);/.exec(awsalb)?.[1] ?? '';
    expect(answer.setCookies).toEqual([
      `AWSALB=${value}; Expires=${expires}; Path=/`,
      `AWSALBCORS=${value}; Expires=${expires}; Path=/; SameSite=None`,
    ]);
    expectSevenDayExpires(awsalb, answer);
  });

  it('adds Secure to AWSALBCORS only over HTTPS', async () => {
    const servers = await targetServers(3);
    const alb = await startAlbFixture({ targets: servers, stickiness: 'lb_cookie' });
    cleanups.push(() => alb.stop());
    // An HTTPS listener on a random high port, moved until the emulator reports it bound (no
    // port is probed and reused), with elbow's own certificate for the load balancer.
    const { Listeners } = await alb.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: alb.loadBalancerArn,
        Protocol: 'HTTPS',
        Port: randomInt(20000, 60000),
        Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/3dcb0a41-bd72-4774-9ad9-756919c40557' }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: alb.targetGroupArn }],
      }),
    );
    const listenerArn = Listeners?.[0]?.ListenerArn ?? '';
    const stateOf = async () => (await listenerStates(alb.elbow)).find((state) => state.listenerArn === listenerArn);
    let state = await stateOf();
    for (let attempt = 0; state?.state !== 'bound' && attempt < 20; attempt++) {
      await alb.elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: randomInt(20000, 60000) }));
      state = await stateOf();
    }
    const port = Number(state?.boundAddress?.split(':').pop());
    const sentAtMs = Date.now();
    const setCookies = await new Promise<string[]>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', port, path: '/', rejectUnauthorized: false, agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.headers['set-cookie'] ?? []));
      });
      request.on('error', reject);
      request.end();
    });
    const value = valueOf(setCookies[0] ?? '');
    const expires = /; Expires=([^;]+);/.exec(setCookies[0] ?? '')?.[1] ?? '';
    expect(setCookies).toEqual([
      `AWSALB=${value}; Expires=${expires}; Path=/`,
      `AWSALBCORS=${value}; Expires=${expires}; Path=/; SameSite=None; Secure`,
    ]);
    expectSevenDayExpires(setCookies[0] ?? '', { sentAtMs, receivedAtMs: Date.now() });
    // The same load balancer's HTTP listener: no Secure.
    const plain = await alb.send('/');
    expect(plain.rawHeaders.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, line]) => line.endsWith('; Secure'))).toEqual([false, false]);
  });

  it('gives garbage, tampered, oversized and 20 same-name cookies a fresh choice and a fresh cookie', async () => {
    const servers = await targetServers(3);
    const elbow = await elbowUnderTest({ gatewayPort: 0 });
    const alb = await albWith(elbow, 'hostile-lb', async (vpcId) => ({
      Type: 'forward',
      TargetGroupArn: await targetGroup(elbow.elbv2, vpcId, 'hostile-web', servers, LB_COOKIE),
    }));
    const honest = new Client(alb.address);
    const pinned = (await honest.get()).echo.target; // target-0; the cursor moves to target-1
    const value = honest.jar.get('AWSALB') ?? '';
    const flipped = `${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`;
    const cookies = [
      'AWSALB=%%%not-base64%%%; AWSALBCORS=<script>',
      `AWSALB=${flipped}`,
      `AWSALB=${'Q'.repeat(8 * 1024)}`,
      Array.from({ length: 20 }, (_, index) => `AWSALB=${index === 0 ? 'junk' : value}`).join('; '),
      `AWSALBTG=${value}; AWSALBAPP-0=${value}; AWSALBAPP-1=_remove_`,
    ];
    const targets: string[] = [];
    for (const cookie of cookies) {
      const answer = await new Client(alb.address).get('/', { cookie });
      targets.push(answer.echo.target);
      expect(answer.setCookies.map(nameOf)).toEqual(['AWSALB', 'AWSALBCORS']);
      expect(valueOf(answer.setCookies[0] ?? '')).not.toBe(value);
    }
    // Fresh choices continue the round robin: none of them rode the honest cookie.
    expect(targets).toEqual(['target-1', 'target-2', 'target-0', 'target-1', 'target-2']);
    // The honest client is still served by its target.
    expect((await honest.get()).echo.target).toBe(pinned);
  });

  it('fails a session over to a new target when its target is deregistered, and keeps it there', async () => {
    const servers = await targetServers(3);
    const elbow = await elbowUnderTest({ gatewayPort: 0 });
    let tgArn = '';
    const alb = await albWith(elbow, 'failover-lb', async (vpcId) => {
      tgArn = await targetGroup(elbow.elbv2, vpcId, 'failover-web', servers, LB_COOKIE);
      return { Type: 'forward', TargetGroupArn: tgArn };
    });
    const client = new Client(alb.address);
    expect((await client.get()).echo.target).toBe('target-0');
    const target0 = { Id: '127.0.0.1', Port: servers[0]?.port, AvailabilityZone: 'all' };
    await elbow.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [target0] }));
    const movedTo = (await client.get()).echo.target;
    expect(movedTo).not.toBe('target-0');
    await elbow.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [target0] }));
    for (let request = 0; request < 3; request++) expect((await client.get()).echo.target).toBe(movedTo);
  });

  it('keeps a sticky session across an emulator restart on the same data directory', async () => {
    const servers = await targetServers(3);
    const dataDir = mkdtempSync(join(tmpdir(), 'elbow-sticky-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startElbowUnderTest({ memory: false, dataDir, gatewayPort: 0 });
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : first.stop()));
    const alb = await albWith(first, 'restart-lb', async (vpcId) => ({
      Type: 'forward',
      TargetGroupArn: await targetGroup(first.elbv2, vpcId, 'restart-web', servers, LB_COOKIE),
    }));
    await new Client(alb.address).get(); // target-0
    const client = new Client(alb.address);
    expect((await client.get()).echo.target).toBe('target-1');
    await first.stop();
    stopped = true;

    const second = await elbowUnderTest({ memory: false, dataDir, gatewayPort: 0 });
    const address = gatewayOf(second, alb.dnsName);
    const again = new Client(address);
    for (const [name, value] of client.jar) again.jar.set(name, value);
    // A new process starts its round robin at target-0: only the cookie says target-1.
    expect((await again.get()).echo.target).toBe('target-1');
    expect((await new Client(address).get()).echo.target).toBe('target-0');
  });
});

describe('application-based stickiness (app_cookie) through real HTTP', () => {
  /** Targets set APP_SESSION_ID (as an ECS app would) when the request carries none. */
  async function appTargets(valueSize = 0) {
    const servers = await targetServers(3);
    for (const server of servers) {
      server.setCookies = (request) =>
        /(^|;\s*)APP_SESSION_ID=/.test(request.headers.cookie ?? '')
          ? []
          : [`APP_SESSION_ID=${server.name}-${'s'.repeat(valueSize)}; Path=/; HttpOnly`];
    }
    return servers;
  }

  async function appAlb(servers: TargetServer[], durationSeconds?: number) {
    const elbow = await elbowUnderTest({ gatewayPort: 0 });
    return albWith(elbow, 'app-lb', async (vpcId) => ({
      Type: 'forward',
      TargetGroupArn: await targetGroup(elbow.elbv2, vpcId, 'app-web', servers, appCookie(durationSeconds)),
    }));
  }

  it('answers the app cookie with AWSALBAPP-0 and -1..3 _remove_, then keeps the client on one target', async () => {
    const servers = await appTargets();
    const alb = await appAlb(servers);
    const client = new Client(alb.address);
    const first = await client.get();
    expect(first.setCookies.map(nameOf)).toEqual(['APP_SESSION_ID', 'AWSALBAPP-0', 'AWSALBAPP-1', 'AWSALBAPP-2', 'AWSALBAPP-3']);
    expect(first.setCookies[0]).toBe(`APP_SESSION_ID=${first.echo.target}-; Path=/; HttpOnly`);
    const expires = /; Expires=([^;]+);/.exec(first.setCookies[1] ?? '')?.[1] ?? '';
    expect(first.setCookies.slice(1)).toEqual([
      `AWSALBAPP-0=${valueOf(first.setCookies[1] ?? '')}; Expires=${expires}; Path=/`,
      `AWSALBAPP-1=_remove_; Expires=${expires}; Path=/`,
      `AWSALBAPP-2=_remove_; Expires=${expires}; Path=/`,
      `AWSALBAPP-3=_remove_; Expires=${expires}; Path=/`,
    ]);
    expect(valueOf(first.setCookies[1] ?? '')).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expectSevenDayExpires(first.setCookies[1] ?? '', first);

    for (let request = 0; request < 30; request++) {
      const answer = await client.get();
      expect(answer.echo.target).toBe(first.echo.target);
      // The app cookie reaches the target untouched.
      expect(answer.echo.headers.cookie).toContain(`APP_SESSION_ID=${first.echo.target}-`);
      expect(answer.setCookies.map(nameOf)).toEqual(['AWSALBAPP-0', 'AWSALBAPP-1', 'AWSALBAPP-2', 'AWSALBAPP-3']);
    }
  });

  it('shards the LB cookie of an app cookie over 4 KB and still routes on it', async () => {
    const servers = await appTargets(5000);
    const alb = await appAlb(servers);
    const client = new Client(alb.address);
    const first = await client.get();
    expect(first.setCookies.slice(1).map((line) => valueOf(line) === '_remove_')).toEqual([false, false, true, true]);
    for (let request = 0; request < 5; request++) expect((await client.get()).echo.target).toBe(first.echo.target);
  });

  it('re-balances a client that drops the app cookie', async () => {
    const servers = await appTargets();
    const alb = await appAlb(servers);
    const client = new Client(alb.address);
    expect((await client.get()).echo.target).toBe('target-0');
    client.jar.delete('APP_SESSION_ID');
    const answer = await client.get();
    expect(answer.echo.target).toBe('target-1');
    expect(answer.setCookies[0]).toMatch(/^APP_SESSION_ID=target-1-;/);
  });

  it('re-balances a client whose stickiness duration lapsed', async () => {
    const servers = await appTargets();
    const alb = await appAlb(servers, 1);
    const client = new Client(alb.address);
    const first = await client.get();
    expect(first.echo.target).toBe('target-0');
    // The window started at the request's arrival second and lasts 1 s: wait on the clock
    // (the emulator's is the wall clock) until it is over, then the cookie no longer pins.
    const windowEndMs = (Math.floor(first.receivedAtMs / 1000) + 1) * 1000;
    await new Promise<void>((resolve) => {
      const poll = () => (Date.now() > windowEndMs ? resolve() : setTimeout(poll, windowEndMs + 1 - Date.now()));
      poll();
    });
    expect((await client.get()).echo.target).toBe('target-1');
  });
});

describe('target-group stickiness on weighted forwards (blue/green) through real HTTP', () => {
  it('keeps AWSALBTG clients on blue after a 100/0 → 0/100 shift, sends new clients to green, and moves everyone when stickiness is off', async () => {
    const [blueServer, greenServer] = await targetServers(2, 'color');
    const elbow = await elbowUnderTest({ gatewayPort: 0 });
    let blue = '';
    let green = '';
    const forward = (blueWeight: number, greenWeight: number, isSticky: boolean): Action => ({
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: blue, Weight: blueWeight },
          { TargetGroupArn: green, Weight: greenWeight },
        ],
        TargetGroupStickinessConfig: isSticky ? { Enabled: true, DurationSeconds: 3600 } : { Enabled: false },
      },
    });
    const alb = await albWith(elbow, 'bluegreen-lb', async (vpcId) => {
      blue = await targetGroup(elbow.elbv2, vpcId, 'blue', [blueServer as TargetServer], {});
      green = await targetGroup(elbow.elbv2, vpcId, 'green', [greenServer as TargetServer], {});
      return forward(100, 0, true);
    });

    const early = new Client(alb.address);
    const first = await early.get();
    expect(first.echo.target).toBe('color-0');
    const tgValue = valueOf(first.setCookies[0] ?? '');
    const expires = /; Expires=([^;]+);/.exec(first.setCookies[0] ?? '')?.[1] ?? '';
    expect(first.setCookies).toEqual([
      `AWSALBTG=${tgValue}; Expires=${expires}; Path=/`,
      `AWSALBTGCORS=${tgValue}; Expires=${expires}; Path=/; SameSite=None`,
    ]);
    expectSevenDayExpires(first.setCookies[0] ?? '', first);

    await elbow.elbv2.send(new ModifyListenerCommand({ ListenerArn: alb.listenerArn, DefaultActions: [forward(0, 100, true)] }));
    for (let request = 0; request < 5; request++) expect((await early.get()).echo.target).toBe('color-0');
    const late = new Client(alb.address);
    for (let request = 0; request < 5; request++) expect((await late.get()).echo.target).toBe('color-1');
    // Only the CORS twin (a cross-site request): still blue.
    const crossSite = await new Client(alb.address).get('/', { cookie: `AWSALBTGCORS=${early.jar.get('AWSALBTGCORS') ?? ''}` });
    expect(crossSite.echo.target).toBe('color-0');

    await elbow.elbv2.send(new ModifyListenerCommand({ ListenerArn: alb.listenerArn, DefaultActions: [forward(0, 100, false)] }));
    const moved = await early.get();
    expect(moved.echo.target).toBe('color-1');
    expect(moved.setCookies).toEqual([]);
  });
});
