import { parseCookieHeader, readStickyCookies } from '@elbow/cookies';
import type { CookieKeyRing, StickyCookies } from '@elbow/cookies';
import type { AlbExchange, RequestPass, ResponsePass } from './alb-exchange.js';
import type { AlbPassSlots } from './alb-passes.js';
import { pinnedTarget, pinnedTargetGroup, stickyResponseCookies, stickyResponsePlan } from './sticky-routing.js';
import type { GroupPin, TargetPin } from './sticky-routing.js';

/** What the sticky passes learn about one request, between its request and response passes. */
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

  const stickyTargetGroup: RequestPass = {
    name: 'sticky-target-group',
    run(exchange) {
      const { forward } = exchange;
      if (forward === undefined) return;
      const ring = keyRing();
      const requestCookies = parseCookieHeader(
        exchange.request.headers.filter(([name]) => name.toLowerCase() === 'cookie').map(([, value]) => value),
      );
      const cookies = readStickyCookies(requestCookies, ring);
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
      const lines = stickyResponseCookies({
        plan,
        responseSetCookies: response.headers.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value),
        isHttps: exchange.listener.protocol === 'HTTPS',
        userAgent: exchange.request.headers.find(([name]) => name.toLowerCase() === 'user-agent')?.[1],
        keyRing: state.keyRing,
        randomBytes: exchange.environment.randomBytes,
      });
      for (const line of lines) exchange.addedResponseHeaders.push(['Set-Cookie', line]);
    },
  };

  return { beforeChooseTargetGroup: [stickyTargetGroup], beforeChooseTarget: [stickyTarget], finaliseResponse: [stickyCookies] };
}
