import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealClassicCookie } from '@elbow/cookies';
import type { ClassicPassEnvironment, IncomingClassicRequest } from './classic-exchange.js';
import { CLASSIC_REQUEST_PASSES, CLASSIC_RESPONSE_PASSES, createClassicExchange, runClassicRequestPasses, runClassicResponsePasses } from './classic-passes.js';
import { classicLoadBalancerRoute, httpListener, instance } from './testing/classic-routes.js';

const keyRing = { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32).fill(5)]]) };
const policies = [{ name: 'duration', typeName: 'LBCookieStickinessPolicyType', attributes: [['CookieExpirationPeriod', '60']] as const }];

function environment(): ClassicPassEnvironment {
  const cursors = new Map<string, number>();
  return {
    random: () => 0,
    randomBytes,
    keyRing,
    cursor: (key) => cursors.get(key) ?? 0,
    setCursor: (key, cursor) => void cursors.set(key, cursor),
    inFlight: () => 0,
  };
}

const request = (headers: [string, string][] = [['Host', 'example.com']]): IncomingClassicRequest => ({
  method: 'GET',
  url: '/',
  httpVersion: '1.1',
  headers,
  clientIp: '::ffff:192.0.2.10',
  clientPort: 50000,
});

describe('classic passes', () => {
  it('run in the documented order', () => {
    expect(CLASSIC_REQUEST_PASSES.map((pass) => pass.name)).toEqual(['forwarded-headers', 'no-upgrade', 'sticky-route', 'choose-instance']);
    expect(CLASSIC_RESPONSE_PASSES.map((pass) => pass.name)).toEqual(['sticky-cookies']);
  });

  it('append the client to X-Forwarded-For, set Proto and Port, and keep Host as sent', () => {
    const exchange = createClassicExchange(request([['Host', 'example.com:8080'], ['X-Forwarded-For', '203.0.113.1']]), classicLoadBalancerRoute(), httpListener(), 0, environment());
    runClassicRequestPasses(exchange);
    expect(exchange.upstreamHeaders).toEqual([
      ['Host', 'example.com:8080'],
      ['X-Forwarded-For', '203.0.113.1, 192.0.2.10'],
      ['X-Forwarded-Proto', 'http'],
      ['X-Forwarded-Port', '80'],
    ]);
    expect(exchange.instance?.instanceId).toBe('i-1');
  });

  it('do not send an upgrade on to the instance', () => {
    const exchange = createClassicExchange(
      request([['Host', 'example.com'], ['Connection', 'keep-alive, Upgrade'], ['Upgrade', 'websocket']]),
      classicLoadBalancerRoute(),
      httpListener(),
      0,
      environment(),
    );
    runClassicRequestPasses(exchange);
    expect(exchange.upstreamHeaders?.slice(0, 2)).toEqual([
      ['Host', 'example.com'],
      ['Connection', 'keep-alive'],
    ]);
    expect(exchange.upstreamHeaders?.some(([name]) => name === 'Upgrade')).toBe(false);
  });

  it('answer 503 when no instance is routable', () => {
    const loadBalancer = classicLoadBalancerRoute({ instances: [instance('i-1', 'us-east-1a', { isRoutable: false })] });
    const exchange = createClassicExchange(request(), loadBalancer, httpListener(), 0, environment());
    runClassicRequestPasses(exchange);
    expect(exchange.answer).toBe(503);
  });

  it('follow the AWSELB cookie, and add no cookie on the response that stuck', () => {
    const loadBalancer = classicLoadBalancerRoute({ policies });
    const cookie = sealClassicCookie({ instanceId: 'i-2', instancePort: 8080, issuedAtSeconds: 1 }, keyRing, randomBytes);
    const exchange = createClassicExchange(request([['Cookie', `AWSELB=${cookie}`]]), loadBalancer, httpListener({ policyNames: ['duration'] }), 0, environment());
    runClassicRequestPasses(exchange);
    expect(exchange.instance?.instanceId).toBe('i-2');
    runClassicResponsePasses(exchange, { statusCode: 200, headers: [] });
    expect(exchange.addedResponseHeaders).toEqual([]);
    expect(exchange.stickinessOutcomes).toEqual([{ cookie: 'AWSELB', outcome: 'hit', reason: 'cookie' }]);
  });

  it('insert the cookie pair and Cache-control when a new session starts, unless the instance set Cache-Control', () => {
    const loadBalancer = classicLoadBalancerRoute({ policies });
    const exchange = createClassicExchange(request(), loadBalancer, httpListener({ policyNames: ['duration'] }), 0, environment());
    runClassicRequestPasses(exchange);
    runClassicResponsePasses(exchange, { statusCode: 200, headers: [] });
    expect(exchange.addedResponseHeaders.map(([name]) => name)).toEqual(['Set-Cookie', 'Set-Cookie', 'Cache-control']);
    expect(exchange.addedResponseHeaders[2]).toEqual(['Cache-control', 'no-cache="set-cookie"']);
    const withOwn = createClassicExchange(request(), loadBalancer, httpListener({ policyNames: ['duration'] }), 0, environment());
    runClassicRequestPasses(withOwn);
    runClassicResponsePasses(withOwn, { statusCode: 200, headers: [['Cache-Control', 'max-age=5']] });
    expect(withOwn.addedResponseHeaders.map(([name]) => name)).toEqual(['Set-Cookie', 'Set-Cookie']);
  });

  it('refuse more than 30 X-Forwarded-For addresses as a malformed request (400)', () => {
    const many = Array.from({ length: 31 }, (_, index) => `10.0.0.${index}`).join(', ');
    const exchange = createClassicExchange(request([['X-Forwarded-For', many]]), classicLoadBalancerRoute(), httpListener(), 0, environment());
    runClassicRequestPasses(exchange);
    expect(exchange.answer).toBe(400);
  });
});
