import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import { albRequestPasses, createExchange, runRequestPasses } from './alb-passes.js';
import type { IncomingAlbRequest } from './alb-exchange.js';
import { createBalancerState } from './balancer-state.js';
import { debugRouteSlots, debugRouteValue, targetLabel } from './debug-route-header.js';
import type { ListenerRoute, RoutingConfig, TargetGroupRoute } from './routing-config.js';

const NOW_MS = Date.UTC(2024, 9, 2, 21, 55, 48);
const group: TargetGroupRoute = {
  arn: 'arn:tg/web',
  name: 'web',
  protocol: 'HTTP',
  port: 80,
  targetType: 'ip',
  attributes: new Map(),
  targets: [{ id: '127.0.0.1', port: 8081, host: '127.0.0.1', availabilityZone: 'all', isRoutable: true }],
};
const emptyGroup: TargetGroupRoute = { ...group, arn: 'arn:tg/empty', name: 'empty', targets: [] };
const rules: elbv2.Rule[] = [
  { Priority: '5', Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/fixed'] } }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418' } }] },
  { Priority: '7', Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/old'] } }], Actions: [{ Type: 'redirect', RedirectConfig: { Path: '/new', StatusCode: 'HTTP_301' } }] },
  { Priority: '9', Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/empty'] } }], Actions: [{ Type: 'forward', TargetGroupArn: emptyGroup.arn }] },
  { Priority: 'default', IsDefault: true, Conditions: [], Actions: [{ Type: 'forward', TargetGroupArn: group.arn }] },
];
const listener: ListenerRoute = {
  arn: 'listener/1',
  port: 80,
  protocol: 'HTTP',
  loadBalancer: { arn: 'lb/1', name: 'lb', type: 'application', dnsName: 'lb-1.elb', accountId: '123456789012', region: 'us-east-1', availabilityZones: ['us-east-1a'], attributes: new Map() },
  rules,
  certificateArns: [],
  attributes: new Map(),
};
const config: RoutingConfig = { version: 1, listeners: [listener], targetGroups: new Map([[group.arn, group], [emptyGroup.arn, emptyGroup]]) };

function routeHeaders(request: Partial<IncomingAlbRequest>) {
  const environment = { random: () => 0.5, randomBytes: (size: number) => new Uint8Array(size), balancer: createBalancerState() };
  const exchange = createExchange(
    { method: 'GET', url: '/', httpVersion: '1.1', headers: [['Host', 'lb-1.elb']], clientIp: '10.0.0.1', clientPort: 5000, isUpgrade: false, ...request },
    listener,
    config,
    NOW_MS,
    environment,
  );
  runRequestPasses(albRequestPasses(debugRouteSlots()), exchange);
  return { exchange, headers: exchange.addedResponseHeaders.filter(([name]) => name === 'X-Elbow-Route').map(([, value]) => value) };
}

describe('the debug-route-header pass', () => {
  it('names the rule, group and target of a forwarded request', () => {
    const { exchange, headers } = routeHeaders({ url: '/app' });
    expect(exchange.answer).toBeUndefined();
    expect(headers).toEqual(['rule=default; action=forward; target-group=web; target=127.0.0.1:8081']);
  });

  it('runs after a pass answered: fixed response, redirect, 503, 400 before any rule', () => {
    expect(routeHeaders({ url: '/fixed' }).headers).toEqual(['rule=5; action=fixed-response']);
    expect(routeHeaders({ url: '/old' }).headers).toEqual(['rule=7; action=redirect']);
    const unroutable = routeHeaders({ url: '/empty' });
    expect(unroutable.exchange.answer?.statusCode).toBe(503);
    expect(unroutable.headers).toEqual(['rule=9; action=forward; target-group=empty']);
    const noHost = routeHeaders({ headers: [] });
    expect(noHost.exchange.answer?.statusCode).toBe(400);
    expect(noHost.exchange.notes['answeredBy']).toBe('reject-invalid-request');
    expect(noHost.headers).toEqual(['rule=none']);
  });

  it('is absent unless its slot is filled', () => {
    const environment = { random: () => 0.5, randomBytes: (size: number) => new Uint8Array(size), balancer: createBalancerState() };
    const exchange = createExchange(
      { method: 'GET', url: '/', httpVersion: '1.1', headers: [['Host', 'lb-1.elb']], clientIp: '10.0.0.1', clientPort: 5000, isUpgrade: false },
      listener,
      config,
      NOW_MS,
      environment,
    );
    runRequestPasses(albRequestPasses(), exchange);
    expect(exchange.addedResponseHeaders).toEqual([]);
  });

  it('writes IPv6 target ids in brackets', () => {
    expect(targetLabel({ id: '2001:db8::1', port: 80 })).toBe('[2001:db8::1]:80');
    expect(debugRouteValue({ rule: undefined, actionType: undefined, targetGroup: undefined, target: undefined })).toBe('rule=none');
  });
});
