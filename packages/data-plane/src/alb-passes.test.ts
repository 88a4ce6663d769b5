import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import {
  albRequestPasses,
  albResponsePasses,
  createExchange,
  runRequestPasses,
  runResponsePasses,
  splitAbsoluteForm,
  splitRequestTarget,
} from './alb-passes.js';
import type { IncomingAlbRequest, RequestPass, ResponsePass } from './alb-exchange.js';
import { createBalancerState } from './balancer-state.js';
import type { ListenerRoute, RoutingConfig, TargetGroupRoute } from './routing-config.js';

const NOW_MS = Date.UTC(2024, 9, 2, 21, 55, 48);

function group(arn: string, targetPorts: number[], attributes: Record<string, string> = {}): TargetGroupRoute {
  return {
    arn,
    name: arn,
    protocol: 'HTTP',
    port: 80,
    targetType: 'ip',
    attributes: new Map(Object.entries(attributes)),
    targets: targetPorts.map((port) => ({ id: '127.0.0.1', port, host: '127.0.0.1', availabilityZone: 'all', isRoutable: true })),
  };
}

function setup(rules: elbv2.Rule[], groups: TargetGroupRoute[], lbAttributes: Record<string, string> = {}) {
  const listener: ListenerRoute = {
    arn: 'listener/1',
    port: 8080,
    protocol: 'HTTP',
    loadBalancer: {
      arn: 'lb/1',
      name: 'lb',
      type: 'application',
      dnsName: 'lb-1.us-east-1.elb.amazonaws.com',
      accountId: '123456789012',
      region: 'us-east-1',
      availabilityZones: ['us-east-1a'],
      attributes: new Map(Object.entries(lbAttributes)),
    },
    rules,
    certificateArns: [],
    attributes: new Map(),
  };
  const config: RoutingConfig = { version: 1, listeners: [listener], targetGroups: new Map(groups.map((g) => [g.arn, g])) };
  const environment = { random: () => 0.5, randomBytes: (size: number) => new Uint8Array(size).fill(0xab), balancer: createBalancerState() };
  const send = (request: Partial<IncomingAlbRequest> = {}, passes = albRequestPasses()) => {
    const exchange = createExchange(
      { method: 'GET', url: '/', httpVersion: '1.1', headers: [['Host', 'lb-1.us-east-1.elb.amazonaws.com:8080']], clientIp: '127.0.0.1', clientPort: 50000, isUpgrade: false, ...request },
      listener,
      config,
      NOW_MS,
      environment,
    );
    runRequestPasses(passes, exchange);
    return exchange;
  };
  return { send };
}

const forwardTo = (arn: string): elbv2.Rule => ({ Priority: 'default', IsDefault: true, Conditions: [], Actions: [{ Type: 'forward', TargetGroupArn: arn, Order: 1 }] });

describe('the ALB request passes', () => {
  it('spread requests round robin over the routable targets of the forward group', () => {
    const { send } = setup([forwardTo('tg/a')], [group('tg/a', [1001, 1002, 1003])]);
    expect([1, 2, 3, 4].map(() => send().target?.port)).toEqual([1001, 1002, 1003, 1001]);
  });

  it('answer 503 with the ALB page when the group has no registered target', () => {
    const exchange = send503();
    expect(exchange.answer?.statusCode).toBe(503);
    expect(exchange.answer?.headers[0]).toEqual(['Server', 'awselb/2.0']);
    expect(exchange.notes['answeredBy']).toBe('choose-target');
    function send503() {
      return setup([forwardTo('tg/a')], [group('tg/a', [])]).send();
    }
  });

  it('answer 400 to a request with both Content-Length and Transfer-Encoding before routing', () => {
    const { send } = setup([forwardTo('tg/a')], [group('tg/a', [1001])]);
    const exchange = send({ method: 'POST', headers: [['Host', 'x'], ['Content-Length', '3'], ['Transfer-Encoding', 'chunked']] });
    expect(exchange.answer?.statusCode).toBe(400);
    expect(exchange.rule).toBeUndefined();
  });

  it('answer 400 to an HTTP/1.1 request without Host, and route an HTTP/1.0 one', () => {
    const { send } = setup([forwardTo('tg/a')], [group('tg/a', [1001])]);
    expect(send({ headers: [] }).answer?.statusCode).toBe(400);
    expect(send({ headers: [], httpVersion: '1.0' }).target?.port).toBe(1001);
  });

  it('answer a fixed-response rule with its body and a redirect rule with its Location', () => {
    const rules: elbv2.Rule[] = [
      { Priority: '1', Conditions: [{ Field: 'path-pattern', Values: ['/fixed'] }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain', MessageBody: 'teapot' } }] },
      { Priority: '2', Conditions: [{ Field: 'path-pattern', Values: ['/old/*'] }], Actions: [{ Type: 'redirect', RedirectConfig: { Path: '/new/#{path}', StatusCode: 'HTTP_302' } }] },
      forwardTo('tg/a'),
    ];
    const { send } = setup(rules, [group('tg/a', [1001])]);
    expect(send({ url: '/fixed' }).answer).toMatchObject({ statusCode: 418, body: 'teapot' });
    const redirect = send({ url: '/old/page?x=1' }).answer;
    expect(redirect?.statusCode).toBe(302);
    expect(redirect?.headers).toContainEqual(['Location', 'http://lb-1.us-east-1.elb.amazonaws.com:8080/new/old/page?x=1']);
  });

  it('let a pass in the beforeChooseTarget slot pick the target without moving the round-robin cursor', () => {
    const { send } = setup([forwardTo('tg/a')], [group('tg/a', [1001, 1002])]);
    const pinned: RequestPass = {
      name: 'pin-second',
      run(exchange) {
        exchange.target = exchange.targetGroup?.targets[1];
      },
    };
    expect(send({}, albRequestPasses({ beforeChooseTarget: [pinned] })).target?.port).toBe(1002);
    expect(send().target?.port).toBe(1001);
  });

  it('add X-Forwarded-* and a trace id, and append the ALB headers after the target response headers', () => {
    const { send } = setup([forwardTo('tg/a')], [group('tg/a', [1001])]);
    const exchange = send({ headers: [['Host', 'app.example.com'], ['Connection', 'keep-alive']] });
    expect(exchange.upstreamHeaders).toEqual([
      ['Host', 'app.example.com:8080'],
      ['X-Forwarded-For', '127.0.0.1'],
      ['X-Forwarded-Proto', 'http'],
      ['X-Forwarded-Port', '8080'],
      ['X-Amzn-Trace-Id', `Root=1-${(NOW_MS / 1000).toString(16)}-${'ab'.repeat(12)}`],
    ]);
    const cookie: ResponsePass = { name: 'cookie', run: (ex) => void ex.addedResponseHeaders.push(['Set-Cookie', 'AWSALB=x; Path=/']) };
    const head = { statusCode: 200, statusMessage: 'OK', headers: [['Content-Type', 'text/plain'], ['Connection', 'close']] as [string, string][] };
    runResponsePasses(albResponsePasses({ finaliseResponse: [cookie] }), exchange, head);
    expect(head.headers).toEqual([['Content-Type', 'text/plain'], ['Set-Cookie', 'AWSALB=x; Path=/']]);
  });

  it('split origin-form and absolute-form request targets', () => {
    expect(splitRequestTarget('/a/b?c=1#f')).toEqual({ path: '/a/b', query: 'c=1', absoluteFormHost: undefined });
    expect(splitRequestTarget('http://dns.example/x?y')).toEqual({ path: '/x', query: 'y', absoluteFormHost: 'dns.example' });
    expect(splitAbsoluteForm('HTTP://user@dns.example:8080?q#f')).toEqual({ absoluteFormHost: 'dns.example:8080', rest: '?q#f' });
    expect(splitAbsoluteForm('/a?b')).toEqual({ absoluteFormHost: undefined, rest: '/a?b' });
  });
});
