import { randomBytes } from 'node:crypto';
import type { elbv2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import type { IncomingAlbRequest, TargetResponseHead } from './alb-exchange.js';
import { albRequestPasses, albResponsePasses, createExchange, runRequestPasses, runResponsePasses } from './alb-passes.js';
import { createBalancerState } from './balancer-state.js';
import type { ListenerRoute, RoutingConfig, TargetGroupRoute } from './routing-config.js';
import { stickinessPassSlots } from './sticky-passes.js';

const NOW_MS = Date.UTC(2024, 9, 2, 21, 55, 48);
const EXPIRES = 'Expires=Wed, 09 Oct 2024 21:55:48 GMT; Path=/';
const keyRing = { currentKeyId: 0, keys: new Map([[0, new Uint8Array(randomBytes(32))]]) };

function group(arn: string, attributes: Record<string, string>): TargetGroupRoute {
  return {
    arn,
    name: arn,
    protocol: 'HTTP',
    port: 80,
    targetType: 'ip',
    attributes: new Map(Object.entries(attributes)),
    targets: [1001, 1002, 1003].map((port) => ({ id: '127.0.0.1', port, host: '127.0.0.1', availabilityZone: 'all', isRoutable: true })),
  };
}

function alb(action: elbv2.Action, groups: TargetGroupRoute[], protocol: 'HTTP' | 'HTTPS' = 'HTTP') {
  const listener: ListenerRoute = {
    arn: 'listener/1',
    port: 8080,
    protocol,
    loadBalancer: {
      arn: 'lb/1',
      name: 'lb',
      type: 'application',
      dnsName: 'lb-1.us-east-1.elb.amazonaws.com',
      accountId: '123456789012',
      region: 'us-east-1',
      availabilityZones: ['us-east-1a'],
      attributes: new Map(),
    },
    rules: [{ Priority: 'default', IsDefault: true, Conditions: [], Actions: [action] }],
    certificateArns: [],
    attributes: new Map(),
  };
  const config: RoutingConfig = { version: 1, listeners: [listener], targetGroups: new Map(groups.map((g) => [g.arn, g])) };
  const environment = { random: () => 0.5, randomBytes, balancer: createBalancerState() };
  const slots = stickinessPassSlots(() => keyRing);
  const requestPasses = albRequestPasses(slots);
  const responsePasses = albResponsePasses(slots);
  let jar = new Map<string, string>();
  /** One request/response with a client that keeps cookies (unless told not to). */
  const send = (options: { setCookies?: string[]; keepCookies?: boolean; headers?: [string, string][] } = {}) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const request: IncomingAlbRequest = {
      method: 'GET',
      url: '/',
      httpVersion: '1.1',
      headers: [['Host', 'lb'], ...(cookie === '' ? [] : [['Cookie', cookie] as [string, string]]), ...(options.headers ?? [])],
      clientIp: '127.0.0.1',
      clientPort: 50000,
      isUpgrade: false,
    };
    const exchange = createExchange(request, listener, config, NOW_MS, environment);
    runRequestPasses(requestPasses, exchange);
    const response: TargetResponseHead = {
      statusCode: 200,
      statusMessage: 'OK',
      headers: [['Content-Type', 'text/plain'], ...(options.setCookies ?? []).map((line) => ['Set-Cookie', line] as [string, string])],
    };
    runResponsePasses(responsePasses, exchange, response);
    if (options.keepCookies !== false) {
      const next = new Map(jar);
      for (const [name, value] of response.headers) {
        if (name !== 'Set-Cookie') continue;
        const pair = value.split(';', 1)[0] ?? '';
        next.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      jar = next;
    }
    return { exchange, response };
  };
  return { send, clearCookies: () => (jar = new Map()) };
}

const LB_COOKIE = { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie', 'stickiness.lb_cookie.duration_seconds': '86400' };

describe('stickinessPassSlots in the ALB pass list', () => {
  it('lb_cookie: a cookie-keeping client stays on one target; the lines follow the target headers', () => {
    const { send } = alb({ Type: 'forward', TargetGroupArn: 'tg/a' }, [group('tg/a', LB_COOKIE)]);
    const first = send();
    expect(first.exchange.target?.port).toBe(1001);
    expect(first.exchange.notes['stickyTarget']).toBe('fresh');
    const names = first.response.headers.map(([name, value]) => (name === 'Set-Cookie' ? value.split('=', 1)[0] : name));
    expect(names).toEqual(['Content-Type', 'AWSALB', 'AWSALBCORS']);
    expect(first.response.headers[2]?.[1]).toMatch(new RegExp(`^AWSALBCORS=[A-Za-z0-9+/]+; ${EXPIRES}; SameSite=None$`));
    const sessionKey = first.exchange.notes['stickySessionKey'];
    expect(sessionKey).toEqual(expect.stringContaining('tg/a'));
    for (let request = 0; request < 5; request++) {
      const next = send();
      expect(next.exchange.target?.port).toBe(1001);
      expect(next.exchange.notes['stickyTarget']).toBe('cookie');
      expect(next.exchange.notes['stickySessionKey']).toBe(sessionKey);
    }
  });

  it('a client without cookies rotates and still gets a cookie each time', () => {
    const { send } = alb({ Type: 'forward', TargetGroupArn: 'tg/a' }, [group('tg/a', LB_COOKIE)]);
    const ports = [1, 2, 3].map(() => send({ keepCookies: false }).exchange.target?.port);
    expect(ports).toEqual([1001, 1002, 1003]);
  });

  it('group stickiness pins a weighted forward to its group; AWSALBTG lines come before AWSALB', () => {
    const action: elbv2.Action = {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: 'tg/blue', Weight: 100 },
          { TargetGroupArn: 'tg/green', Weight: 0 },
        ],
        TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
      },
    };
    const { send } = alb(action, [group('tg/blue', LB_COOKIE), group('tg/green', {})], 'HTTPS');
    const first = send();
    expect(first.exchange.targetGroup?.arn).toBe('tg/blue');
    const cookieNames = first.response.headers.filter(([name]) => name === 'Set-Cookie').map(([, value]) => value.split('=', 1)[0]);
    expect(cookieNames).toEqual(['AWSALBTG', 'AWSALBTGCORS', 'AWSALB', 'AWSALBCORS']);
    expect(first.response.headers.filter(([, value]) => value.endsWith('; SameSite=None; Secure'))).toHaveLength(2);
    expect(send().exchange.notes['stickyGroup']).toBe('cookie');
  });

  it('app_cookie: four fragment lines every response; the session follows the target that set the app cookie', () => {
    const app = {
      'stickiness.enabled': 'true',
      'stickiness.type': 'app_cookie',
      'stickiness.app_cookie.cookie_name': 'APP_SESSION_ID',
      'stickiness.app_cookie.duration_seconds': '86400',
    };
    const { send } = alb({ Type: 'forward', TargetGroupArn: 'tg/app' }, [group('tg/app', app)]);
    const first = send({ setCookies: ['APP_SESSION_ID=s1; Path=/'] });
    const lines = first.response.headers.filter(([name]) => name === 'Set-Cookie').map(([, value]) => value);
    expect(lines[0]).toBe('APP_SESSION_ID=s1; Path=/');
    expect(lines.slice(2)).toEqual([1, 2, 3].map((n) => `AWSALBAPP-${n}=_remove_; ${EXPIRES}`));
    expect(lines[1]).toMatch(/^AWSALBAPP-0=[A-Za-z0-9+/]+={0,2}; /);
    for (let request = 0; request < 5; request++) expect(send().exchange.target?.port).toBe(1001);
  });

  it('a forward without stickiness writes nothing; non-forward actions skip the passes', () => {
    const { send } = alb({ Type: 'forward', TargetGroupArn: 'tg/a' }, [group('tg/a', {})]);
    expect(send().response.headers).toEqual([['Content-Type', 'text/plain']]);
    const fixed = alb({ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }, []);
    const { exchange } = fixed.send();
    expect(exchange.answer?.statusCode).toBe(200);
    expect(exchange.addedResponseHeaders).toEqual([]);
  });
});
