import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openClassicCookie, sealClassicCookie } from '@elbow/cookies';
import { classicStickyCookies, classicStickySessionKey, routeClassicSticky } from './classic-sticky-routing.js';
import type { ClassicStickyRoute } from './classic-sticky-routing.js';
import { classicLoadBalancerRoute, instance } from './testing/classic-routes.js';

const keyRing = { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32).fill(3)]]) };
const loadBalancer = classicLoadBalancerRoute();
const cookieFor = (instanceId: string, instancePort = 8080) => sealClassicCookie({ instanceId, instancePort, issuedAtSeconds: 1 }, keyRing, randomBytes);
const route = (cookies: Record<string, string>, target = loadBalancer) =>
  routeClassicSticky({ loadBalancer: target, instancePort: 8080, requestCookies: new Map(Object.entries(cookies)), keyRing });
const NOW_MS = 1_700_000_000_500;

describe('routeClassicSticky', () => {
  it('pins the instance the AWSELB (or only AWSELBCORS) names', () => {
    expect(route({ AWSELB: cookieFor('i-2') })).toMatchObject({ pinned: { instanceId: 'i-2' }, outcome: { cookie: 'AWSELB', outcome: 'hit' }, isFailover: false });
    expect(route({ AWSELBCORS: cookieFor('i-1') }).pinned?.instanceId).toBe('i-1');
  });

  it('treats no cookie, forged values and another back-end port as no cookie, not a failover', () => {
    expect(route({})).toMatchObject({ pinned: undefined, outcome: { outcome: 'new', reason: 'no cookie' }, isFailover: false });
    expect(route({ AWSELB: 'DEADBEEF' })).toMatchObject({ pinned: undefined, outcome: { outcome: 'miss', reason: 'cookie not valid' }, isFailover: false });
    expect(route({ AWSELB: '<script>' })).toMatchObject({ pinned: undefined, isFailover: false });
    expect(route({ AWSELB: cookieFor('i-1', 9090) })).toMatchObject({ pinned: undefined, outcome: { reason: 'different back-end port' }, isFailover: false });
  });

  it('under an application policy, pins only while the application cookie is sent beside AWSELB', () => {
    const withApp = (cookies: Record<string, string>) =>
      routeClassicSticky({ loadBalancer, instancePort: 8080, requestCookies: new Map(Object.entries(cookies)), keyRing, appCookieName: 'my-app-cookie' });
    expect(withApp({ AWSELB: cookieFor('i-2'), 'my-app-cookie': 'abc' })).toMatchObject({ pinned: { instanceId: 'i-2' }, outcome: { outcome: 'hit' } });
    expect(withApp({ AWSELB: cookieFor('i-2') })).toMatchObject({ pinned: undefined, outcome: { outcome: 'miss', reason: 'no application cookie' }, isFailover: false });
  });

  it('fails over when the named instance may no longer take requests', () => {
    const gone = classicLoadBalancerRoute({ instances: [instance('i-1', 'us-east-1a', { isRoutable: false }), instance('i-2', 'us-east-1b')] });
    expect(route({ AWSELB: cookieFor('i-1') }, gone)).toMatchObject({ pinned: undefined, outcome: { outcome: 'miss', reason: 'instance not routable' }, isFailover: true });
    expect(route({ AWSELB: cookieFor('i-9') })).toMatchObject({ isFailover: true });
  });
});

function cookies(stickyRoute: ClassicStickyRoute, stickiness: Parameters<typeof classicStickyCookies>[0]['stickiness'], responseSetCookies: string[] = [], requestCookies: Record<string, string> = {}) {
  return classicStickyCookies({
    stickiness,
    route: stickyRoute,
    instance: instance('i-2', 'us-east-1b'),
    instancePort: 8080,
    requestCookies: new Map(Object.entries(requestCookies)),
    responseSetCookies,
    nowMs: NOW_MS,
    keyRing,
    randomBytes,
  });
}

const duration = { kind: 'duration', policyName: 'd', expirationPeriodSeconds: 60 } as const;
const application = { kind: 'application', policyName: 'a', cookieName: 'my-app-cookie' } as const;
const fresh: ClassicStickyRoute = { pinned: undefined, outcome: { cookie: 'AWSELB', outcome: 'new', reason: 'no cookie' }, isFailover: false };
const hit: ClassicStickyRoute = { pinned: instance('i-2', 'us-east-1b'), outcome: { cookie: 'AWSELB', outcome: 'hit', reason: 'cookie' }, isFailover: false };
const failover: ClassicStickyRoute = { pinned: undefined, outcome: { cookie: 'AWSELB', outcome: 'miss', reason: 'instance not routable' }, isFailover: true };

describe('classicStickyCookies', () => {
  it('duration-based: inserts AWSELB/AWSELBCORS for the chosen instance when the request had no usable cookie', () => {
    const [awselb, cors] = cookies(fresh, duration);
    const value = /^AWSELB=([0-9A-F]+);PATH=\/;MAX-AGE=60$/.exec(awselb ?? '')?.[1] ?? '';
    expect(openClassicCookie(value, keyRing)).toEqual({ instanceId: 'i-2', instancePort: 8080, issuedAtSeconds: 1_700_000_000 });
    expect(cors).toBe(`AWSELBCORS=${value};PATH=/;MAX-AGE=60;SECURE;SAMESITE=None`);
    expect(cookies(failover, duration)).toHaveLength(2);
  });

  it('duration-based: never refreshes a cookie that stuck', () => {
    expect(cookies(hit, duration)).toEqual([]);
  });

  it('application-controlled: inserts only when the response sets a new app cookie, mirroring its attributes', () => {
    expect(cookies(fresh, application)).toEqual([]);
    expect(cookies(hit, application, ['my-app-cookie=same; Path=/'], { 'my-app-cookie': 'same' })).toEqual([]);
    const [awselb] = cookies(hit, application, ['my-app-cookie=new; Path=/my_app; Secure; HttpOnly'], { 'my-app-cookie': 'old' });
    expect(awselb).toMatch(/^AWSELB=[0-9A-F]{144};PATH=\/my%5Fapp;SECURE;HTTPONLY$/);
  });

  it('application-controlled: ignores an app cookie whose Set-Cookie ends with a semicolon', () => {
    expect(cookies(fresh, application, ['my-app-cookie=new; Path=/;'])).toEqual([]);
  });

  it('application-controlled: re-issues the cookie for the new instance after a failover', () => {
    expect(cookies(failover, application)[0]).toMatch(/^AWSELB=[0-9A-F]{144};PATH=\/$/);
  });
});

describe('classicStickySessionKey', () => {
  const keyOf = (stickyRoute: ClassicStickyRoute, stickiness: Parameters<typeof classicStickyCookies>[0]['stickiness'], responseSetCookies: string[] = [], requestCookies: Record<string, string> = {}) => {
    const input = {
      stickiness,
      route: stickyRoute,
      instance: instance('i-2', 'us-east-1b'),
      instancePort: 8080,
      requestCookies: new Map(Object.entries(requestCookies)),
      responseSetCookies,
      nowMs: NOW_MS,
      keyRing,
      randomBytes,
    };
    return classicStickySessionKey(input, classicStickyCookies(input));
  };

  it('duration-based: the first request takes the AWSELB its response issues; later ones ride that same value', () => {
    const first = keyOf(fresh, duration);
    expect(first).toMatch(/^AWSELB=[0-9A-F]{144}$/);
    const issued = first!.slice('AWSELB='.length);
    expect(keyOf(hit, duration, [], { AWSELB: issued })).toBe(first);
  });

  it('application-controlled: the app cookie the response sets, then the one the client sends; none without one', () => {
    expect(keyOf(fresh, application, ['my-app-cookie=abc; Path=/'])).toBe('my-app-cookie=abc');
    expect(keyOf(hit, application, [], { 'my-app-cookie': 'abc', AWSELB: cookieFor('i-2') })).toBe('my-app-cookie=abc');
    expect(keyOf(fresh, application)).toBeUndefined();
  });
});
