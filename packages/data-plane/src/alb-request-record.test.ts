import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import { albRequestRecord, loadBalancerResourceId } from './alb-request-record.js';
import type { AlbRequestFacts } from './alb-request-record.js';
import { albRequestPasses, createExchange, runRequestPasses } from './alb-passes.js';
import type { IncomingAlbRequest } from './alb-exchange.js';
import { createBalancerState } from './balancer-state.js';
import type { ListenerRoute, RoutingConfig, TargetGroupRoute } from './routing-config.js';

const NOW_MS = Date.UTC(2024, 9, 2, 21, 55, 48);
const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';

const group: TargetGroupRoute = {
  arn: 'tg/a',
  name: 'a',
  protocol: 'HTTP',
  port: 80,
  targetType: 'ip',
  attributes: new Map([['stickiness.type', 'app_cookie'], ['stickiness.app_cookie.cookie_name', 'SESSION']]),
  targets: [{ id: '10.0.0.1', port: 8080, host: '10.0.0.1', availabilityZone: 'all', isRoutable: true }],
};

function exchangeFor(rules: elbv2.Rule[], request: Partial<IncomingAlbRequest> = {}, lbAttributes: Record<string, string> = {}) {
  const listener: ListenerRoute = {
    arn: 'listener/1',
    port: 80,
    protocol: 'HTTP',
    loadBalancer: {
      arn: LB_ARN,
      name: 'web',
      type: 'application',
      dnsName: 'web-1.us-east-1.elb.amazonaws.com',
      accountId: '123456789012',
      region: 'us-east-1',
      availabilityZones: ['us-east-1a'],
      attributes: new Map(Object.entries(lbAttributes)),
    },
    rules,
    certificateArns: [],
    attributes: new Map(),
  };
  const config: RoutingConfig = { version: 1, listeners: [listener], targetGroups: new Map([[group.arn, group]]) };
  const exchange = createExchange(
    { method: 'GET', url: '/x?y=1', httpVersion: '1.1', headers: [['Host', 'www.example.com'], ['User-Agent', 'curl/8']], clientIp: '192.0.2.1', clientPort: 40000, isUpgrade: false, ...request },
    listener,
    config,
    NOW_MS,
    { random: () => 0.5, randomBytes: (size) => new Uint8Array(size).fill(0xab), balancer: createBalancerState() },
  );
  runRequestPasses(albRequestPasses(), exchange);
  return exchange;
}

const facts = (overrides: Partial<AlbRequestFacts> = {}): AlbRequestFacts => ({
  type: 'http',
  receivedAtMs: NOW_MS,
  dispatchedAtMs: NOW_MS + 1,
  targetRespondedAtMs: NOW_MS + 5,
  completedAtMs: NOW_MS + 6,
  elbStatusCode: 200,
  targetStatusCode: 200,
  receivedBytes: 80,
  sentBytes: 120,
  tls: undefined,
  connectionTraceId: 'TID_ab',
  ...overrides,
});

const forwardDefault: elbv2.Rule = { Priority: 'default', IsDefault: true, Conditions: [], Actions: [{ Type: 'forward', TargetGroupArn: 'tg/a', Order: 1 }] };
const redirectRule: elbv2.Rule = {
  Priority: '7',
  IsDefault: false,
  RuleArn: 'rule/7',
  Conditions: [{ Field: 'path-pattern', Values: ['/old*'] }],
  Actions: [{ Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
};

describe('albRequestRecord', () => {
  it('records a forwarded request: target, group, default rule 0, forward, trace id, request facts', () => {
    const exchange = exchangeFor([forwardDefault]);
    const record = albRequestRecord(exchange, facts());
    expect(record).toMatchObject({
      kind: 'alb',
      accountId: '123456789012',
      region: 'us-east-1',
      accessLog: undefined,
      clientIp: '192.0.2.1',
      clientPort: 40000,
      target: { id: '10.0.0.1', host: '10.0.0.1', port: 8080 },
      targetGroupArn: 'tg/a',
      matchedRulePriority: 0,
      actionsExecuted: ['forward'],
      redirectUrl: undefined,
      loadBalancer: { arn: LB_ARN, name: 'web', resourceId: 'app/web/50dc6c495c0c9188' },
      listenerPort: 80,
      http: { method: 'GET', url: '/x?y=1', httpVersion: '1.1', host: 'www.example.com', userAgent: 'curl/8' },
      connectionTraceId: 'TID_ab',
    });
    expect(record.traceId).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('records a redirect: the rule priority, the Location, no target and no target group', () => {
    const exchange = exchangeFor([redirectRule, forwardDefault], { url: '/old/page' });
    const record = albRequestRecord(exchange, facts({ dispatchedAtMs: undefined, targetRespondedAtMs: undefined, targetStatusCode: undefined, elbStatusCode: 301 }));
    expect(record).toMatchObject({ matchedRulePriority: 7, ruleArn: 'rule/7', actionsExecuted: ['redirect'], redirectUrl: 'https://www.example.com:443/old/page', target: undefined, targetGroupArn: undefined });
  });

  it('records a request refused before any rule: no priority, no action', () => {
    const exchange = exchangeFor([forwardDefault], { httpVersion: '1.1', headers: [] });
    const record = albRequestRecord(exchange, facts({ dispatchedAtMs: undefined, elbStatusCode: 400 }));
    expect(record.matchedRulePriority).toBeUndefined();
    expect(record.actionsExecuted).toEqual([]);
  });

  it('keeps the sticky cookies the client presented and says how stickiness decided', () => {
    const exchange = exchangeFor([forwardDefault], {
      headers: [['Host', 'h'], ['Cookie', 'SESSION=abc; other=1; AWSALBAPP-0=xyz; AWSALBAPP-1=_remove_']],
    });
    exchange.notes['stickyTarget'] = 'fresh';
    const record = albRequestRecord(exchange, facts());
    expect(record.sessionCookies).toEqual(['SESSION=abc', 'AWSALBAPP-0=xyz', 'AWSALBAPP-1=_remove_']);
    expect(record.stickiness).toEqual([{ cookie: 'AWSALBAPP', outcome: 'miss', reason: 'cookie not usable' }]);
    exchange.notes['stickyTarget'] = 'cookie';
    expect(albRequestRecord(exchange, facts()).stickiness).toEqual([{ cookie: 'AWSALBAPP', outcome: 'hit', reason: 'cookie chose' }]);
    expect(albRequestRecord(exchange, facts()).stickySessionKey).toBeUndefined();
    exchange.notes['stickySessionKey'] = 'AWSALBAPP SESSION=abc';
    expect(albRequestRecord(exchange, facts()).stickySessionKey).toBe('AWSALBAPP SESSION=abc');
  });

  it('takes the access-log destination from the load balancer attributes', () => {
    const enabled = { 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'logs', 'access_logs.s3.prefix': '/team/web/' };
    expect(albRequestRecord(exchangeFor([forwardDefault], {}, enabled), facts()).accessLog).toEqual({ bucket: 'logs', prefix: 'team/web', intervalMinutes: 5 });
  });

  it('reads the resource id out of the load balancer ARN', () => {
    expect(loadBalancerResourceId(LB_ARN)).toBe('app/web/50dc6c495c0c9188');
  });
});
