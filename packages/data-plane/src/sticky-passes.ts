import { parseCookieHeader, readStickyCookies } from '@elbow/cookies';
import type { CookieKeyRing, StickyCookies } from '@elbow/cookies';
import type { AlbExchange, RequestPass, ResponsePass } from './alb-exchange.js';
import type { AlbPassSlots } from './alb-passes.js';
import { pinnedTarget, pinnedTargetGroup, stickyResponseCookies, stickyResponsePlan, stickySessionKey } from './sticky-routing.js';
import type { GroupPin, StickyResponsePlan, TargetPin } from './sticky-routing.js';

/** What the sticky passes learn about one request, between its request and response passes. */
/**
 * Bench/ profiles put the sticky cookies' AES-256-GCM at about a third of the proxy's CPU: every
 * request opened its AWSALB and every response sealed a new one. Both results are pure functions
 * of their inputs, so they are memoised here, in the impure layer (the pure halves in
 * sticky-routing.ts stay uncached): a request's cookies are read once per distinct `Cookie`
 * header and key ring, and the Set-Cookie lines renewing cookies a request rode validly are
 * built once per second, key ring, target and user agent (a value sealed within the same second
 * carries the same timestamps, so only its IV differed). A fresh choice always gets a newly
 * sealed value, never one another client holds. Both caches are bounded and start over when full.
 */
const MAX_CACHED_ENTRIES = 4096;
// Longer Cookie headers (app cookies of several KB) are read afresh rather than held in memory.
const MAX_CACHED_COOKIE_HEADER_CHARS = 8192;

interface ReadCookies {
  readonly requestCookies: ReadonlyMap<string, string>;
  readonly cookies: StickyCookies;
}

function createReadCookiesCache() {
  let ring: CookieKeyRing | undefined;
  const entries = new Map<string, ReadCookies>();
  return (headerValues: readonly string[], keyRing: CookieKeyRing): ReadCookies => {
    const compute = () => {
      const requestCookies = parseCookieHeader(headerValues);
      return { requestCookies, cookies: readStickyCookies(requestCookies, keyRing) };
    };
    // Several Cookie headers are rare; joined with a character no header value may hold.
    const key = headerValues.length === 1 ? (headerValues[0] as string) : headerValues.join('\n');
    if (key.length > MAX_CACHED_COOKIE_HEADER_CHARS) return compute();
    if (ring !== keyRing || entries.size >= MAX_CACHED_ENTRIES) {
      ring = keyRing;
      entries.clear();
    }
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = compute();
      entries.set(key, entry);
    }
    return entry;
  };
}

/**
 * The cache key of a response's lines, when every cookie they write renews one the request rode
 * (a valid AWSALBTG pin, a valid AWSALB pin); then they depend only on the second, the plan's
 * group and target, HTTPS and the user agent. Undefined: built afresh.
 */
function responseLinesKey(plan: StickyResponsePlan, state: StickyState, isHttps: boolean, userAgent: string | undefined): string | undefined {
  const cookie = plan.targetCookie;
  // app_cookie lines depend on the target's own Set-Cookie lines: never cached.
  if (cookie.type === 'app_cookie') return undefined;
  if (plan.group !== undefined && state.groupPin === undefined) return undefined;
  if (cookie.type === 'lb_cookie' && (state.targetPin.type !== 'lb_cookie' || state.targetPin.target === undefined)) return undefined;
  const group = plan.group === undefined ? '' : `${plan.group.arn}\n${plan.group.stickySinceSeconds}`;
  const target = cookie.type === 'lb_cookie' ? `${cookie.targetGroupArn}\n${cookie.target.id}\n${cookie.target.port}` : '';
  return `${Math.floor(plan.nowMs / 1000)}\n${isHttps ? 1 : 0}\n${group}\n${target}\n${userAgent ?? ''}`;
}

function createResponseLinesCache() {
  let ring: CookieKeyRing | undefined;
  let second = Number.NaN;
  const entries = new Map<string, readonly string[]>();
  return (key: string | undefined, plan: StickyResponsePlan, keyRing: CookieKeyRing, compute: () => string[]): readonly string[] => {
    if (key === undefined) return compute();
    const planSecond = Math.floor(plan.nowMs / 1000);
    if (ring !== keyRing || second !== planSecond || entries.size >= MAX_CACHED_ENTRIES) {
      ring = keyRing;
      second = planSecond;
      entries.clear();
    }
    let lines = entries.get(key);
    if (lines === undefined) {
      lines = compute();
      entries.set(key, lines);
    }
    return lines;
  };
}

interface StickyState {
  readonly keyRing: CookieKeyRing;
  readonly requestCookies: ReadonlyMap<string, string>;
  readonly cookies: StickyCookies;
  readonly groupPin: GroupPin | undefined;
  targetPin: TargetPin;
}

/**
 * The stickiness passes in the proxy's slots (alb-passes.ts `AlbPassSlots`):
 * `sticky-target-group` before `choose-target-group` (AWSALBTG), `sticky-target` before
 * `choose-target` (AWSALB, AWSALBAPP), `sticky-cookies` on the target's response head. A pin
 * sets the exchange's choice and the proxy's choosers leave it alone; otherwise they choose as
 * without stickiness, and the response writes a cookie for whatever served the request.
 * `keyRing` is asked once per request (it rotates by the emulator's clock).
 */
export function stickinessPassSlots(keyRing: () => CookieKeyRing): AlbPassSlots {
  const states = new WeakMap<AlbExchange, StickyState>();
  const readCookies = createReadCookiesCache();
  const responseLines = createResponseLinesCache();

  const stickyTargetGroup: RequestPass = {
    name: 'sticky-target-group',
    run(exchange) {
      const { forward } = exchange;
      if (forward === undefined) return;
      const ring = keyRing();
      const { requestCookies, cookies } = readCookies(
        exchange.request.headers.filter(([name]) => name.toLowerCase() === 'cookie').map(([, value]) => value),
        ring,
      );
      const groupPin = pinnedTargetGroup({
        cookies,
        tuples: forward.tuples,
        groupStickiness: forward.groupStickiness,
        targetGroups: exchange.config.targetGroups,
        nowMs: exchange.nowMs,
      });
      states.set(exchange, { keyRing: ring, requestCookies, cookies, groupPin, targetPin: { type: 'none' } });
      if (forward.groupStickiness?.Enabled === true) exchange.notes['stickyGroup'] = groupPin === undefined ? 'fresh' : 'cookie';
      if (groupPin !== undefined) exchange.targetGroup = groupPin.targetGroup;
    },
  };

  const stickyTarget: RequestPass = {
    name: 'sticky-target',
    run(exchange) {
      const state = states.get(exchange);
      const targetGroup = exchange.targetGroup;
      if (state === undefined || targetGroup === undefined) return;
      state.targetPin = pinnedTarget({
        cookies: state.cookies,
        requestCookies: state.requestCookies,
        targetGroup,
        targetGroups: exchange.config.targetGroups,
        nowMs: exchange.nowMs,
      });
      if (state.targetPin.type === 'none') return;
      // NonStickyRequestCount counts the 'fresh' ones [D2].
      exchange.notes['stickyTarget'] = state.targetPin.target === undefined ? 'fresh' : 'cookie';
      if (state.targetPin.target !== undefined) exchange.target = state.targetPin.target;
    },
  };

  const stickyCookies: ResponsePass = {
    name: 'sticky-cookies',
    run(exchange, response) {
      const state = states.get(exchange);
      const { targetGroup, target } = exchange;
      if (state === undefined || targetGroup === undefined || target === undefined) return;
      const plan = stickyResponsePlan({
        nowMs: exchange.nowMs,
        groupStickiness: exchange.forward?.groupStickiness,
        groupPin: state.groupPin,
        targetPin: state.targetPin,
        targetGroup,
        target,
      });
      const isHttps = exchange.listener.protocol === 'HTTPS';
      const userAgent = exchange.request.headers.find(([name]) => name.toLowerCase() === 'user-agent')?.[1];
      const responseSetCookies = response.headers.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value);
      // For the request record (alb-request-record.ts): the session this answer continues or starts.
      const sessionKey = stickySessionKey(plan, responseSetCookies);
      if (sessionKey !== undefined) exchange.notes['stickySessionKey'] = sessionKey;
      const lines = responseLines(responseLinesKey(plan, state, isHttps, userAgent), plan, state.keyRing, () =>
        stickyResponseCookies({
          plan,
          responseSetCookies,
          isHttps,
          userAgent,
          keyRing: state.keyRing,
          randomBytes: exchange.environment.randomBytes,
        }),
      );
      for (const line of lines) exchange.addedResponseHeaders.push(['Set-Cookie', line]);
    },
  };

  return { beforeChooseTargetGroup: [stickyTargetGroup], beforeChooseTarget: [stickyTarget], finaliseResponse: [stickyCookies] };
}
