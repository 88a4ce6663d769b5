import { CreateRuleCommand, ModifyListenerCommand, type Action, type RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { startAlbFixture, type AlbFixture, type AlbFixtureOptions, type AlbResponse } from '../support/alb-fixture.js';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';

// Issue 7: `elbow explain` and `elbow decode-cookie` must give the answers the data plane acts
// on. Each test sends real requests through the ALB with --debug-headers and checks the
// explanation (asked first, so round-robin's next in line is the request's target) and the
// decoded cookies against what actually served the request.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function targets(count: number, prefix: string): Promise<TargetServer[]> {
  const servers = await startTargetServers(count, prefix);
  cleanups.push(() => Promise.all(servers.map((server) => server.close())).then(() => undefined));
  return servers;
}

async function alb(options: AlbFixtureOptions): Promise<AlbFixture> {
  const fixture = await startAlbFixture({ ...options, elbow: { debugHeaders: true, ...options.elbow } });
  cleanups.push(() => fixture.stop());
  return fixture;
}

interface Explanation {
  route: string;
  rule: { priority: string } | undefined;
  rules: { priority: string; verdict: string; why: string }[];
  targetGroupChoice?: { by: string; chosen?: { arn: string; name: string } };
  targetChoice?: { by: string; chosen?: { id: string; port: number }; candidates: { port: number; isCandidate: boolean; excludedBecause?: string }[]; stickiness?: { cookie: { isUsed: boolean; why: string } } };
  outcome: { answeredBy: string; statusCode?: number };
}

async function api(fixture: AlbFixture, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${fixture.elbow.endpoint}/_elbow/api/${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function explain(fixture: AlbFixture, request: Record<string, unknown>): Promise<Explanation> {
  const { status, json } = await api(fixture, 'explain', { listenerArn: fixture.listenerArn, ...request });
  expect(status, JSON.stringify(json)).toBe(200);
  return json as unknown as Explanation;
}

const routeHeader = (response: AlbResponse) => response.headers['x-elbow-route'];
const servedBy = (response: AlbResponse) => (JSON.parse(response.body) as TargetEcho).target;
/** `AWSALB=value` pairs of the response's Set-Cookie lines, by name. */
const setCookies = (response: AlbResponse) =>
  new Map(response.rawHeaders.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, line]) => {
    const pair = line.split(';', 1)[0] ?? '';
    return [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const;
  }));

describe('elbow explain against the running data plane', () => {
  it('names the same rule, target group and target as the X-Elbow-Route of the request it explains', async () => {
    const [a, b] = await targets(2, 'web');
    const [apiTarget] = await targets(1, 'api');
    const fixture = await alb({ targets: [a!, b!] });
    const apiGroupArn = await fixture.createTargetGroup('api-group', [apiTarget!]);
    const rule = (Priority: number, Conditions: RuleCondition[], Actions: Action[]) =>
      fixture.elbv2.send(new CreateRuleCommand({ ListenerArn: fixture.listenerArn, Priority, Conditions, Actions }));
    await rule(10, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }], [{ Type: 'forward', TargetGroupArn: apiGroupArn }]);
    await rule(20, [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Teapot', Values: ['yes'] } }], [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain', MessageBody: 'short and stout' } }]);
    await rule(30, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/old'] } }], [{ Type: 'redirect', RedirectConfig: { Path: '/new', StatusCode: 'HTTP_302' } }]);

    const requests: { path: string; headers?: Record<string, string> }[] = [
      { path: '/' },
      { path: '/index.html' },
      { path: '/api/users' },
      { path: '/', headers: { 'X-Teapot': 'yes' } },
      { path: '/old' },
      { path: '/again' },
    ];
    const routes: string[] = [];
    for (const { path, headers = {} } of requests) {
      const explanation = await explain(fixture, { url: path, headers });
      const response = await fixture.send(path, { headers });
      expect(routeHeader(response)).toBe(explanation.route);
      routes.push(explanation.route);
      if (explanation.outcome.answeredBy === 'target') {
        const served = [a!, b!, apiTarget!].find((server) => server.name === servedBy(response));
        expect(explanation.targetChoice?.chosen?.port).toBe(served?.port);
      } else {
        expect(response.status).toBe(explanation.outcome.statusCode);
      }
    }
    const group = fixture.targetGroupArn.split('/')[1];
    expect(routes).toEqual([
      `rule=default; action=forward; target-group=${group}; target=127.0.0.1:${a!.port}`,
      `rule=default; action=forward; target-group=${group}; target=127.0.0.1:${b!.port}`,
      `rule=10; action=forward; target-group=api-group; target=127.0.0.1:${apiTarget!.port}`,
      'rule=20; action=fixed-response',
      'rule=30; action=redirect',
      `rule=default; action=forward; target-group=${group}; target=127.0.0.1:${a!.port}`,
    ]);

    const skipped = await explain(fixture, { url: '/old', headers: { 'X-Teapot': 'no' } });
    expect(skipped.rules.map((entry) => [entry.priority, entry.verdict, entry.why])).toEqual([
      ['10', 'skipped', 'path-pattern: path "/old" matches none of "/api/*"'],
      ['20', 'skipped', 'http-header: no X-Teapot header value matches "yes"'],
      ['30', 'matched', 'every condition holds'],
      ['default', 'not-evaluated', 'a rule with a lower priority number matched first'],
    ]);
  });

  it('follows the AWSALB a real response set, and decode-cookie names the target that served', async () => {
    const servers = await targets(3, 'sticky');
    const fixture = await alb({ targets: servers, stickiness: 'lb_cookie' });
    const first = await fixture.send('/');
    const awsalb = setCookies(first).get('AWSALB') ?? '';
    const decoded = await api(fixture, 'decode-cookie', { cookie: `AWSALB=${awsalb}` });
    expect(decoded.status).toBe(200);
    const served = servers.find((server) => server.name === servedBy(first));
    expect(decoded.json).toMatchObject({ name: 'AWSALB', kind: 'AWSALB', isValid: true, targetGroupArn: fixture.targetGroupArn, target: { id: '127.0.0.1', port: served?.port } });

    const explanation = await explain(fixture, { url: '/next', cookies: { AWSALB: awsalb } });
    expect(explanation.targetChoice).toMatchObject({ by: 'cookie', chosen: { port: served?.port } });
    const second = await fixture.send('/next', { headers: { Cookie: `AWSALB=${awsalb}` } });
    expect(servedBy(second)).toBe(served?.name);
    expect(routeHeader(second)).toBe(explanation.route);
  });

  it('follows the AWSALBTG of a weighted forward, and decode-cookie names the group that served', async () => {
    const [blue] = await targets(1, 'blue');
    const [green] = await targets(1, 'green');
    const fixture = await alb({ targets: [blue!] });
    const greenArn = await fixture.createTargetGroup('green-group', [green!]);
    await fixture.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: fixture.listenerArn,
        DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: fixture.targetGroupArn, Weight: 1 }, { TargetGroupArn: greenArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 } } }],
      }),
    );
    const first = await fixture.send('/');
    const awsalbtg = setCookies(first).get('AWSALBTG') ?? '';
    const decoded = await api(fixture, 'decode-cookie', { cookie: `AWSALBTG=${awsalbtg}` });
    const servedArn = servedBy(first) === green!.name ? greenArn : fixture.targetGroupArn;
    expect(decoded.json).toMatchObject({ kind: 'AWSALBTG', isValid: true, targetGroupArn: servedArn });

    const explanation = await explain(fixture, { url: '/', cookies: { AWSALBTG: awsalbtg } });
    expect(explanation.targetGroupChoice).toMatchObject({ by: 'cookie', chosen: { arn: servedArn } });
    const second = await fixture.send('/', { headers: { Cookie: `AWSALBTG=${awsalbtg}` } });
    expect(servedBy(second)).toBe(servedBy(first));
    expect(routeHeader(second)).toBe(explanation.route);
  });

  it('decode-cookie reads the AWSALBAPP fragments a real response set', async () => {
    const servers = await targets(2, 'app');
    for (const server of servers) server.setCookies = () => ['SESSION=abc123; Path=/'];
    const fixture = await alb({ targets: servers, stickiness: 'app_cookie', appCookieName: 'SESSION' });
    const first = await fixture.send('/');
    const cookies = setCookies(first);
    const fragments = ['AWSALBAPP-0', 'AWSALBAPP-1', 'AWSALBAPP-2', 'AWSALBAPP-3'].map((name) => `${name}=${cookies.get(name) ?? ''}`).join('; ');
    const decoded = await api(fixture, 'decode-cookie', { cookie: fragments });
    const served = servers.find((server) => server.name === servedBy(first));
    expect(decoded.json).toMatchObject({ kind: 'AWSALBAPP', isValid: true, targetGroupArn: fixture.targetGroupArn, target: { port: served?.port } });
    const explanation = await explain(fixture, { url: '/', cookies: { 'AWSALBAPP-0': cookies.get('AWSALBAPP-0'), SESSION: 'abc123' } });
    expect(explanation.targetChoice).toMatchObject({ by: 'cookie', chosen: { port: served?.port } });
  });

  it('leaves out a target forced unhealthy, saying so', async () => {
    const [a, b] = await targets(2, 'health');
    const fixture = await alb({ targets: [a!, b!] });
    const override = await fetch(`${fixture.elbow.endpoint}/_elbow/targets/health`, {
      method: 'POST',
      body: JSON.stringify({ targetGroupArn: fixture.targetGroupArn, targetId: '127.0.0.1', port: a!.port, state: 'unhealthy' }),
    });
    expect(override.status).toBe(200);
    const explanation = await explain(fixture, { url: '/' });
    const excluded = explanation.targetChoice?.candidates.find((candidate) => candidate.port === a!.port);
    expect(excluded?.isCandidate).toBe(false);
    expect(excluded?.excludedBecause).toMatch(/^health unhealthy/);
    expect(explanation.targetChoice?.chosen?.port).toBe(b!.port);
    expect(servedBy(await fixture.send('/'))).toBe(b!.name);
  });

  it('answers bad input with 400 and an unknown listener with 404, and keeps serving', async () => {
    const servers = await targets(1, 'errors');
    const fixture = await alb({ targets: servers });
    expect(await api(fixture, 'explain', 'not json')).toEqual({ status: 400, json: { error: 'InvalidRequest', message: 'expected a JSON object as the body' } });
    expect(await api(fixture, 'explain', { url: '/' })).toEqual({ status: 400, json: { error: 'InvalidRequest', message: 'name the listener: listenerArn, or loadBalancerName with port (1-65535)' } });
    expect(await api(fixture, 'explain', { listenerArn: fixture.listenerArn, url: 'ftp://x' })).toEqual({ status: 400, json: { error: 'InvalidRequest', message: 'url must be a path (/a?b) or an http(s) URL without spaces' } });
    expect(await api(fixture, 'explain', { listenerArn: fixture.listenerArn, url: '/', sourceIp: '300.1.1.1' })).toEqual({ status: 400, json: { error: 'InvalidRequest', message: 'sourceIp must be an IPv4 or IPv6 address' } });
    expect(await api(fixture, 'explain', { listenerArn: fixture.listenerArn, url: '/', headers: { 'X-A': 'a\r\nb' } })).toEqual({ status: 400, json: { error: 'InvalidRequest', message: 'headers.X-A: "a\\r\\nb" is not a valid value' } });
    const unknownArn = `${fixture.listenerArn.slice(0, -4)}ffff`;
    expect(await api(fixture, 'explain', { listenerArn: unknownArn, url: '/' })).toEqual({ status: 404, json: { error: 'ListenerNotFound', message: `no listener ${unknownArn}` } });
    const lbName = fixture.loadBalancerArn.split('/')[2];
    expect(await api(fixture, 'explain', { loadBalancerName: lbName, port: 1, url: '/' })).toEqual({
      status: 404,
      json: { error: 'ListenerNotFound', message: `${lbName} has no listener on port 1 (its ports: ${fixture.listenerPort})` },
    });
    expect((await api(fixture, 'explain', { loadBalancerName: lbName, port: fixture.listenerPort, url: '/' })).status).toBe(200);
    expect(await api(fixture, 'decode-cookie', { cookie: 42 })).toEqual({ status: 400, json: { error: 'InvalidRequest', message: 'expected {"cookie": "NAME=VALUE"}' } });
    expect(await api(fixture, 'decode-cookie', { cookie: 'AWSALB=%%%' })).toEqual({
      status: 200,
      json: { name: 'AWSALB', kind: 'AWSALB', isValid: false, reason: 'not unpadded standard base64 as the load balancer writes it (URL-encoded, URL-safe, padded, or stray characters)' },
    });
    expect((await fixture.send('/')).status).toBe(200);
  });
});
