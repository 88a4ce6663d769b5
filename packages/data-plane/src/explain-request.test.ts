import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import { sealAppCookie, sealTargetCookie, sealTargetGroupCookie } from '@elbow/cookies';
import { createBalancerState } from './balancer-state.js';
import { explainRequest } from './explain-request.js';
import type { ExplainInput, TargetHealthLookup } from './explain-request.js';
import { formatExplanation } from './format-explanation.js';
import type { ListenerRoute, RoutingConfig, TargetGroupRoute, TargetRoute } from './routing-config.js';

const NOW_MS = Date.UTC(2024, 9, 2, 21, 55, 48);
const NOW_SECONDS = Math.floor(NOW_MS / 1000);
const keyRing = { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32).fill(5)]]) };
const zeroBytes = (size: number) => new Uint8Array(size);
const arn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`;
const target = (port: number, overrides: Partial<TargetRoute> = {}): TargetRoute => ({ id: '127.0.0.1', port, host: '127.0.0.1', availabilityZone: 'all', isRoutable: true, ...overrides });

function group(name: string, attributes: Record<string, string> = {}, targets = [target(8001), target(8002), target(8003)]): TargetGroupRoute {
  return { arn: arn(name), name, protocol: 'HTTP', port: 80, targetType: 'ip', attributes: new Map(Object.entries(attributes)), targets };
}

const forward = (groupArn: string): elbv2.Action[] => [{ Type: 'forward', TargetGroupArn: groupArn, Order: 1 }];
const defaultRule = (actions: elbv2.Action[]): elbv2.Rule => ({ RuleArn: 'rule/default', Priority: 'default', IsDefault: true, Conditions: [], Actions: actions });

function setup(rules: elbv2.Rule[], groups: TargetGroupRoute[], overrides: Partial<ExplainInput> = {}) {
  const listener: ListenerRoute = {
    arn: 'listener/1',
    port: 80,
    protocol: 'HTTP',
    loadBalancer: { arn: 'lb/1', name: 'web-lb', type: 'application', dnsName: 'web-lb-1.us-east-1.elb.localhost', accountId: '123456789012', region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b'], attributes: new Map() },
    rules,
    certificateArns: [],
    attributes: new Map(),
  };
  const config: RoutingConfig = { version: 1, listeners: [listener], targetGroups: new Map(groups.map((g) => [g.arn, g])) };
  const balancer = createBalancerState();
  const explain = (request: { url?: string; method?: string; headers?: [string, string][]; sourceIp?: string; cookies?: Record<string, string> } = {}) =>
    explainRequest({
      config,
      listener,
      keyRing,
      balancer,
      nowMs: NOW_MS,
      random: () => 0.5,
      request: {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers ?? [],
        sourceIp: request.sourceIp ?? '10.0.0.1',
        cookies: new Map(Object.entries(request.cookies ?? {})),
      },
      ...overrides,
    });
  return { explain, balancer };
}

describe('explainRequest: rules', () => {
  const web = group('web');
  const rules: elbv2.Rule[] = [
    { RuleArn: 'rule/1', Priority: '1', Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }], Actions: forward(web.arn) },
    { RuleArn: 'rule/2', Priority: '2', Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/img/*'] } }], Actions: forward(web.arn) },
    { RuleArn: 'rule/3', Priority: '3', Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['yes'] } }], Actions: forward(web.arn) },
    { RuleArn: 'rule/4', Priority: '4', Conditions: [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } }], Actions: forward(web.arn) },
    { RuleArn: 'rule/5', Priority: '5', Conditions: [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }] } }], Actions: forward(web.arn) },
    { RuleArn: 'rule/6', Priority: '6', Conditions: [{ Field: 'source-ip', SourceIpConfig: { Values: ['192.168.0.0/16'] } }], Actions: forward(web.arn) },
    { RuleArn: 'rule/7', Priority: '7', Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/app*'] } }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'app' } }] },
    { RuleArn: 'rule/8', Priority: '8', Conditions: [], Actions: forward(web.arn) },
    defaultRule(forward(web.arn)),
  ];

  it('lists every rule in priority order with the condition that failed and why', () => {
    const explanation = explainRequest_({ url: '/app?v=1', headers: [['X-Canary', 'no']] });
    expect(explanation.rules.map((rule) => [rule.priority, rule.verdict])).toEqual([
      ['1', 'skipped'],
      ['2', 'skipped'],
      ['3', 'skipped'],
      ['4', 'skipped'],
      ['5', 'skipped'],
      ['6', 'skipped'],
      ['7', 'matched'],
      ['8', 'not-evaluated'],
      ['default', 'not-evaluated'],
    ]);
    expect(explanation.rules.map((rule) => rule.why)).toEqual([
      'host-header: host "web-lb-1.us-east-1.elb.localhost" matches none of "api.example.com"',
      'path-pattern: path "/app" matches none of "/img/*"',
      'http-header: no X-Canary header value matches "yes"',
      'http-request-method: method GET is not one of "POST" (case-sensitive)',
      'query-string: query "v=1" matches none of "v=2"',
      'source-ip: source 10.0.0.1 is in none of "192.168.0.0/16"',
      'every condition holds',
      'a rule with a lower priority number matched first',
      'a rule with a lower priority number matched first',
    ]);
    expect(explanation.rule).toEqual({ priority: '7', ruleArn: 'rule/7' });
    expect(explanation.action).toEqual({ type: 'fixed-response', passedThrough: [], fixedResponse: { statusCode: 200, contentType: 'text/plain', body: 'app' } });
    expect(explanation.outcome).toMatchObject({ answeredBy: 'load-balancer', statusCode: 200 });
    expect(explanation.targetGroupChoice).toBeUndefined();
    expect(explanation.route).toBe('rule=7; action=fixed-response');
  });

  it('takes the Host of an absolute URL, and the default rule when nothing else matches', () => {
    const explanation = explainRequest_({ url: 'http://other.example.com/x', method: 'PUT' });
    expect(explanation.request.host).toBe('other.example.com');
    expect(explanation.rules.at(-2)).toMatchObject({ priority: '8', verdict: 'matched', why: 'no conditions' });
  });

  function explainRequest_(request: Parameters<ReturnType<typeof setup>['explain']>[0]) {
    return setup(rules, [web]).explain(request);
  }
});

describe('explainRequest: redirect', () => {
  it('gives the expanded Location', () => {
    const rule = defaultRule([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]);
    const explanation = setup([rule], []).explain({ url: '/a?b=1', headers: [['Host', 'shop.example.com']] });
    expect(explanation.action?.redirect).toEqual({ statusCode: 301, location: 'https://shop.example.com:443/a?b=1' });
    expect(explanation.route).toBe('rule=default; action=redirect');
  });
});

describe('explainRequest: weighted target groups', () => {
  const blue = group('blue');
  const green = group('green');
  const weighted = (stickiness?: elbv2.TargetGroupStickinessConfig) =>
    defaultRule([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue.arn, Weight: 1 }, { TargetGroupArn: green.arn, Weight: 3 }], ...(stickiness === undefined ? {} : { TargetGroupStickinessConfig: stickiness }) } }]);

  it('says the weights decide, with each group\'s probability and what this draw picked', () => {
    const { explain } = setup([weighted()], [blue, green], { random: () => 0.9 });
    const choice = explain().targetGroupChoice;
    expect(choice?.by).toBe('weights');
    expect(choice?.groups.map((entry) => [entry.name, entry.weight, entry.probability])).toEqual([
      ['blue', 1, 0.25],
      ['green', 3, 0.75],
    ]);
    expect(choice?.chosen?.name).toBe('green');
    expect(choice?.why).toBe('random by weight: this draw picked green, which the weights pick with probability 75%');
  });

  it('follows a valid AWSALBTG over the weights (stickiness hit)', () => {
    const { explain } = setup([weighted({ Enabled: true, DurationSeconds: 3600 })], [blue, green], { random: () => 0.9 });
    const AWSALBTG = sealTargetGroupCookie({ targetGroupId: blue.arn, issuedAtSeconds: NOW_SECONDS - 60, stickySinceSeconds: NOW_SECONDS - 60 }, keyRing, zeroBytes);
    const choice = explain({ cookies: { AWSALBTG } }).targetGroupChoice;
    expect(choice).toMatchObject({ by: 'cookie', chosen: { name: 'blue' }, why: 'the AWSALBTG cookie pins blue; weights are not consulted' });
    expect(choice?.stickiness?.cookie).toMatchObject({ name: 'AWSALBTG', isUsed: true });
  });

  it('says why an AWSALBTG does not bind: its duration ended, or it does not open (stickiness miss)', () => {
    const { explain } = setup([weighted({ Enabled: true, DurationSeconds: 60 })], [blue, green], { random: () => 0.9 });
    const old = sealTargetGroupCookie({ targetGroupId: blue.arn, issuedAtSeconds: NOW_SECONDS - 120, stickySinceSeconds: NOW_SECONDS - 120 }, keyRing, zeroBytes);
    const expired = explain({ cookies: { AWSALBTG: old } }).targetGroupChoice;
    expect(expired?.by).toBe('weights');
    expect(expired?.stickiness?.cookie.why).toBe('AWSALBTG no longer binds: stickiness began 2024-10-02T21:53:48.000Z; DurationSeconds=60 ended it at 2024-10-02T21:54:48.000Z');
    const garbage = explain({ cookies: { AWSALBTG: 'Z2FyYmFnZQ' } }).targetGroupChoice;
    expect(garbage?.stickiness?.cookie.why).toMatch(/^AWSALBTG not used: too short/);
    expect(explain().targetGroupChoice?.stickiness?.cookie.why).toBe('no AWSALBTG cookie: the weights choose, and the response sets one');
  });
});

describe('explainRequest: target', () => {
  it('names the round-robin target next in line without moving the cursor', () => {
    const web = group('web');
    const { explain, balancer } = setup([defaultRule(forward(web.arn))], [web]);
    balancer.setCursor(web.arn, 1);
    const first = explain();
    expect(first.targetChoice).toMatchObject({ algorithm: 'round_robin', by: 'algorithm', chosen: { port: 8002 }, why: 'round_robin: 127.0.0.1:8002 is next in line (candidate 2 of 3)' });
    expect(explain().targetChoice?.chosen?.port).toBe(8002);
    expect(balancer.cursor(web.arn)).toBe(1);
    expect(first.outcome).toEqual({ answeredBy: 'target', statusCode: undefined, why: 'forwarded to 127.0.0.1:8002 in web' });
    expect(first.route).toBe('rule=default; action=forward; target-group=web; target=127.0.0.1:8002');
  });

  it('excludes unhealthy targets, targets in zones not enabled and unreachable ones, saying why', () => {
    const web = group('web', {}, [
      target(8001, { isRoutable: false }),
      target(8002, { availabilityZone: 'us-east-1c', isRoutable: false }),
      target(8003),
      target(8004, { host: undefined, isRoutable: false }),
    ]);
    const health: TargetHealthLookup = (_arn, _id, port) => (port === 8001 ? { state: 'unhealthy', reason: 'Target.FailedHealthChecks' } : undefined);
    const explanation = setup([defaultRule(forward(web.arn))], [web], { targetHealth: health }).explain();
    expect(explanation.targetChoice?.candidates.map((candidate) => [candidate.port, candidate.isCandidate, candidate.excludedBecause])).toEqual([
      [8001, false, 'health unhealthy (Target.FailedHealthChecks)'],
      [8002, false, 'in zone us-east-1c, where the load balancer is not enabled'],
      [8003, true, undefined],
      [8004, false, 'not reachable over HTTP by elbow (a ip target)'],
    ]);
    expect(explanation.targetChoice?.chosen?.port).toBe(8003);
  });

  it('with cross-zone off, leaves out the targets outside the zone of the node the request reached', () => {
    const zonal = group('zonal', { 'load_balancing.cross_zone.enabled': 'false' }, [target(8001, { availabilityZone: 'us-east-1a' }), target(8002, { availabilityZone: 'us-east-1b' })]);
    const explanation = setup([defaultRule(forward(zonal.arn))], [zonal], { random: () => 0 }).explain();
    expect(explanation.targetChoice?.chosen?.port).toBe(8001);
    expect(explanation.targetChoice?.candidates[1]).toMatchObject({
      port: 8002,
      isCandidate: false,
      excludedBecause: 'in zone us-east-1b: cross-zone load balancing is off and the request reached the node in us-east-1a',
    });
  });

  it('lets authentication actions before the forward through, and says so', () => {
    const web = group('web');
    const rule = defaultRule([{ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { Issuer: 'https://idp', AuthorizationEndpoint: 'https://idp/a', TokenEndpoint: 'https://idp/t', UserInfoEndpoint: 'https://idp/u', ClientId: 'c' } }, { Type: 'forward', TargetGroupArn: web.arn, Order: 2 }]);
    expect(setup([rule], [web]).explain().action).toEqual({ type: 'forward', passedThrough: ['authenticate-oidc (not emulated: the request passes)'] });
  });

  it('answers 503 when no target can take the request', () => {
    const web = group('web', {}, [target(8001, { isRoutable: false })]);
    const explanation = setup([defaultRule(forward(web.arn))], [web]).explain();
    expect(explanation.outcome).toEqual({ answeredBy: 'load-balancer', statusCode: 503, why: 'no routable target' });
    expect(explanation.targetChoice?.why).toBe('no target can take the request (1 registered, none routable): the load balancer answers 503');
    expect(explanation.route).toBe('rule=default; action=forward; target-group=web');
  });

  it('gives each candidate its probability under weighted_random and its in-flight count under least_outstanding_requests', () => {
    const random = group('random', { 'load_balancing.algorithm.type': 'weighted_random' }, [target(8001), target(8002)]);
    const randomChoice = setup([defaultRule(forward(random.arn))], [random], { random: () => 0.75 }).explain().targetChoice;
    expect(randomChoice?.candidates.map((candidate) => candidate.probability)).toEqual([0.5, 0.5]);
    expect(randomChoice?.why).toBe('weighted_random: this draw picked 127.0.0.1:8002, each candidate has probability 50%');
    const least = group('least', { 'load_balancing.algorithm.type': 'least_outstanding_requests' }, [target(8001), target(8002)]);
    const { explain, balancer } = setup([defaultRule(forward(least.arn))], [least]);
    balancer.begin(least.arn, target(8001));
    const leastChoice = explain().targetChoice;
    expect(leastChoice?.candidates.map((candidate) => candidate.inFlight)).toEqual([1, 0]);
    expect(leastChoice?.chosen?.port).toBe(8002);
  });

  describe('lb_cookie stickiness', () => {
    const sticky = group('sticky', { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie', 'stickiness.lb_cookie.duration_seconds': '300' }, [target(8001), target(8002, { isRoutable: false })]);
    const awsalb = (port: number) => sealTargetCookie({ targetGroupId: sticky.arn, targetId: '127.0.0.1', port, issuedAtSeconds: NOW_SECONDS - 10, stickySinceSeconds: NOW_SECONDS - 10 }, keyRing, zeroBytes);
    const health: TargetHealthLookup = (_arn, _id, port) => (port === 8002 ? { state: 'unhealthy', reason: 'Target.Timeout' } : undefined);

    it('follows a valid AWSALB to its routable target (stickiness hit)', () => {
      const choice = setup([defaultRule(forward(sticky.arn))], [sticky], { targetHealth: health }).explain({ cookies: { AWSALB: awsalb(8001) } }).targetChoice;
      expect(choice).toMatchObject({ by: 'cookie', chosen: { port: 8001 }, why: 'the sticky cookie pins 127.0.0.1:8001; round_robin is not consulted and no cursor moves' });
      expect(choice?.stickiness).toMatchObject({ type: 'lb_cookie', durationSeconds: 300, cookie: { name: 'AWSALB', isUsed: true, why: 'pins the request to 127.0.0.1:8001' } });
    });

    it('says the pinned target is unhealthy, and lets the algorithm choose (stickiness miss)', () => {
      const choice = setup([defaultRule(forward(sticky.arn))], [sticky], { targetHealth: health }).explain({ cookies: { AWSALBCORS: awsalb(8002) } }).targetChoice;
      expect(choice?.by).toBe('algorithm');
      expect(choice?.chosen?.port).toBe(8001);
      expect(choice?.stickiness?.cookie).toMatchObject({
        name: 'AWSALBCORS',
        isUsed: false,
        why: 'AWSALBCORS not used: its target 127.0.0.1:8002 takes no new requests: health unhealthy (Target.Timeout); the response re-pins to the new target',
      });
    });

    it('says a deregistered (or draining) target is gone', () => {
      const gone = sealTargetCookie({ targetGroupId: sticky.arn, targetId: '10.9.9.9', port: 80, issuedAtSeconds: NOW_SECONDS, stickySinceSeconds: NOW_SECONDS }, keyRing, zeroBytes);
      const choice = setup([defaultRule(forward(sticky.arn))], [sticky]).explain({ cookies: { AWSALB: gone } }).targetChoice;
      expect(choice?.stickiness?.cookie.why).toMatch(/its target 10\.9\.9\.9:80 is no longer registered \(deregistered, or draining/);
    });
  });

  it('follows an AWSALBAPP session only while the application cookie comes with it', () => {
    const app = group('app', { 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'SID', 'stickiness.app_cookie.duration_seconds': '300' }, [target(8001), target(8002)]);
    const [fragment] = sealAppCookie(
      { issuedAtSeconds: NOW_SECONDS, entries: [{ targetGroupId: app.arn, targetId: '127.0.0.1', port: 8002, appCookieName: 'SID', appCookieValue: 's', stickySinceSeconds: NOW_SECONDS }] },
      keyRing,
      zeroBytes,
    ).fragments;
    const { explain } = setup([defaultRule(forward(app.arn))], [app]);
    expect(explain({ cookies: { 'AWSALBAPP-0': fragment ?? '', SID: 's' } }).targetChoice).toMatchObject({ by: 'cookie', chosen: { port: 8002 } });
    const over = explain({ cookies: { 'AWSALBAPP-0': fragment ?? '' } }).targetChoice;
    expect(over?.by).toBe('algorithm');
    expect(over?.stickiness?.cookie.why).toBe('the request does not carry the application cookie SID: the session is over');
  });
});

describe('formatExplanation', () => {
  it('prints each step and the X-Elbow-Route value', () => {
    const web = group('web');
    const rules: elbv2.Rule[] = [
      { RuleArn: 'rule/1', Priority: '1', Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }], Actions: forward(web.arn) },
      defaultRule(forward(web.arn)),
    ];
    const text = formatExplanation(setup(rules, [web]).explain({ url: '/index.html' }));
    expect(text).toContain('Listener HTTP:80 of web-lb');
    expect(text).toContain('   1       skipped        path-pattern: path "/index.html" matches none of "/api/*"');
    expect(text).toContain(' → default matched        no other rule matched: the default rule applies');
    expect(text).toContain('  → 127.0.0.1:8001: round_robin: 127.0.0.1:8001 is next in line (candidate 1 of 3)');
    expect(text.endsWith('X-Elbow-Route: rule=default; action=forward; target-group=web; target=127.0.0.1:8001\n')).toBe(true);
  });
});
