import { classicStickyCookieLines, findAppSetCookie, openClassicCookie, sealClassicCookie } from '@elbow/cookies';
import type { CookieKeyRing, RandomBytes } from '@elbow/cookies';
import type { StickinessOutcome } from '../request-record.js';
import { routableInstances } from './choose-classic-instance.js';
import type { ClassicStickiness } from './classic-policies.js';
import type { ClassicInstanceRoute, ClassicLoadBalancerRoute } from './classic-routing-config.js';

export interface ClassicStickyRoute {
  /** The instance the client's AWSELB names, when it may take the request. */
  readonly pinned: ClassicInstanceRoute | undefined;
  readonly outcome: StickinessOutcome;
  /** The cookie named an instance that can no longer take requests: the session moves (fails over). */
  readonly isFailover: boolean;
}

export interface ClassicStickyRoutingInput {
  readonly loadBalancer: ClassicLoadBalancerRoute;
  /** The listener's back-end port: a cookie minted for another one does not stick [D2]. */
  readonly instancePort: number;
  readonly requestCookies: ReadonlyMap<string, string>;
  readonly keyRing: CookieKeyRing;
  /** Under an application-controlled policy, its cookie name: AWSELB pins only beside that cookie. */
  readonly appCookieName?: string | undefined;
}

const outcome = (kind: StickinessOutcome['outcome'], reason: string): StickinessOutcome => ({ cookie: 'AWSELB', outcome: kind, reason });

/**
 * Where the client's AWSELB (or, when a browser sent only the CORS twin, AWSELBCORS) sends the
 * request. A value this key ring did not seal counts as no cookie (never an error). Expiry is not
 * checked: ELB leaves that to the browser [D2].
 */
export function routeClassicSticky(input: ClassicStickyRoutingInput): ClassicStickyRoute {
  const value = input.requestCookies.get('AWSELB') ?? input.requestCookies.get('AWSELBCORS');
  if (value === undefined) return { pinned: undefined, outcome: outcome('new', 'no cookie'), isFailover: false };
  // Application-controlled: "if the application cookie is explicitly removed or expires, the
  // session stops being sticky until a new application cookie is issued" (classic-elb.md §3 [D2]).
  if (input.appCookieName !== undefined && !input.requestCookies.has(input.appCookieName)) {
    return { pinned: undefined, outcome: outcome('miss', 'no application cookie'), isFailover: false };
  }
  const stickiness = openClassicCookie(value, input.keyRing);
  if (stickiness === undefined) return { pinned: undefined, outcome: outcome('miss', 'cookie not valid'), isFailover: false };
  if (stickiness.instancePort !== input.instancePort) {
    return { pinned: undefined, outcome: outcome('miss', 'different back-end port'), isFailover: false };
  }
  const pinned = routableInstances(input.loadBalancer).find((instance) => instance.instanceId === stickiness.instanceId);
  if (pinned === undefined) return { pinned: undefined, outcome: outcome('miss', 'instance not routable'), isFailover: true };
  return { pinned, outcome: outcome('hit', 'cookie'), isFailover: false };
}

export interface ClassicStickyCookiesInput {
  readonly stickiness: ClassicStickiness;
  readonly route: ClassicStickyRoute;
  /** The instance that got the request. */
  readonly instance: ClassicInstanceRoute;
  readonly instancePort: number;
  readonly requestCookies: ReadonlyMap<string, string>;
  /** The instance's Set-Cookie header values, in order. */
  readonly responseSetCookies: readonly string[];
  readonly nowMs: number;
  readonly keyRing: CookieKeyRing;
  readonly randomBytes: RandomBytes;
}

/**
 * The Set-Cookie values ELB adds to the instance's response (AWSELB, AWSELBCORS), or none
 * (classic-elb.md §3 [D2]):
 * - duration-based: only when the request brought no usable cookie, so the expiry set when the
 *   session began is never refreshed; after a failover the request is routed "as if there is no
 *   cookie", hence a new one;
 * - application-controlled: when the response sets a *new* application cookie (a value other than
 *   the one the client sent), with the app cookie's attributes; and after a failover, so the
 *   session stays on the new instance even when the old one comes back (decision: the docs state
 *   the outcome, not the means; the re-issued cookie is a session cookie on `PATH=/`).
 */
export function classicStickyCookies(input: ClassicStickyCookiesInput): string[] {
  const seal = () =>
    sealClassicCookie(
      { instanceId: input.instance.instanceId, instancePort: input.instancePort, issuedAtSeconds: Math.floor(input.nowMs / 1000) },
      input.keyRing,
      input.randomBytes,
    );
  const { stickiness, route } = input;
  if (stickiness.kind === 'duration') {
    return route.outcome.outcome === 'hit' ? [] : classicStickyCookieLines(seal(), { kind: 'duration', expirationPeriodSeconds: stickiness.expirationPeriodSeconds });
  }
  const appCookie = findAppSetCookie(input.responseSetCookies, stickiness.cookieName);
  if (appCookie !== undefined && appCookie.value !== input.requestCookies.get(stickiness.cookieName)) {
    return classicStickyCookieLines(seal(), { kind: 'application', appCookie });
  }
  if (route.isFailover) return classicStickyCookieLines(seal(), { kind: 'application', appCookie: { value: '', attributes: [] } });
  return [];
}

/**
 * A label for the sticky session a response continues or starts, the same for all its requests
 * (the inspector's "follow one client"): under a duration policy the AWSELB value, which is not
 * re-issued while it sticks (so the one the client rides, or the one this response issues);
 * under an application policy the application cookie, the one the response sets or else the one
 * the client sent. Undefined when the request belongs to no session.
 */
export function classicStickySessionKey(input: ClassicStickyCookiesInput, issuedLines: readonly string[]): string | undefined {
  if (input.stickiness.kind === 'application') {
    const value = findAppSetCookie(input.responseSetCookies, input.stickiness.cookieName)?.value ?? input.requestCookies.get(input.stickiness.cookieName);
    return value === undefined || value === '' ? undefined : `${input.stickiness.cookieName}=${value}`;
  }
  const issued = issuedLines.find((line) => line.startsWith('AWSELB='))?.split(';', 1)[0]?.slice('AWSELB='.length);
  const ridden = input.route.outcome.outcome === 'hit' ? (input.requestCookies.get('AWSELB') ?? input.requestCookies.get('AWSELBCORS')) : undefined;
  const value = issued ?? ridden;
  return value === undefined ? undefined : `AWSELB=${value}`;
}
