import { parseCookieHeader } from '@elbow/cookies';
import { forwardedHeaders } from '../forwarded-headers.js';
import type { ForwardedHeaderSettings } from '../forwarded-headers.js';
import { chooseClassicInstance } from './choose-classic-instance.js';
import type { ClassicExchange, ClassicPassEnvironment, ClassicRequestPass, ClassicResponsePass, IncomingClassicRequest } from './classic-exchange.js';
import { classicLoadBalancerKey } from './classic-exchange.js';
import { listenerStickiness } from './classic-policies.js';
import type { ClassicListenerRoute, ClassicLoadBalancerRoute } from './classic-routing-config.js';
import { classicStickyCookies, classicStickySessionKey, routeClassicSticky } from './classic-sticky-routing.js';

/**
 * Classic load balancers append the client to X-Forwarded-For and set X-Forwarded-Proto and
 * X-Forwarded-Port (headers-and-routing.md X-Forwarded-*; Classic LB guide "HTTP headers and
 * Classic Load Balancers"); they have no XFF modes and do not rewrite Host.
 */
const CLASSIC_FORWARDING: ForwardedHeaderSettings = { xffMode: 'append', isXffClientPortEnabled: false, isHostHeaderPreserved: true };

/**
 * Header that ELB adds to responses carrying its sticky cookie: observed in captures of classic
 * load balancers from 2015 to 2025 (classic-elb.md §3 [G8]), undocumented; written only when the
 * instance sent no Cache-Control of its own.
 */
export const CLASSIC_STICKY_CACHE_CONTROL = ['Cache-control', 'no-cache="set-cookie"'] as const;

export function createClassicExchange(
  request: IncomingClassicRequest,
  loadBalancer: ClassicLoadBalancerRoute,
  listener: ClassicListenerRoute,
  nowMs: number,
  environment: ClassicPassEnvironment,
): ClassicExchange {
  const cookieHeaders = request.headers.filter(([name]) => name.toLowerCase() === 'cookie').map(([, value]) => value);
  return {
    request,
    loadBalancer,
    listener,
    nowMs,
    environment,
    requestCookies: parseCookieHeader(cookieHeaders),
    stickiness: listenerStickiness(loadBalancer, listener),
    stickyRoute: undefined,
    stickySessionKey: undefined,
    instance: undefined,
    upstreamHeaders: undefined,
    answer: undefined,
    addedResponseHeaders: [],
    stickinessOutcomes: [],
  };
}

/** X-Forwarded-For/Proto/Port as the instance receives them. */
const forwardedHeadersPass: ClassicRequestPass = {
  name: 'forwarded-headers',
  run(exchange) {
    const { request, listener } = exchange;
    const result = forwardedHeaders(
      { headers: request.headers, clientIp: request.clientIp, clientPort: request.clientPort, listenerProtocol: listener.protocol === 'HTTPS' ? 'HTTPS' : 'HTTP', listenerPort: listener.loadBalancerPort },
      CLASSIC_FORWARDING,
    );
    // The shared helper refuses more than 30 X-Forwarded-For addresses (the ALB's 463); classic
    // has no 463, so that request is refused as malformed (decision, unverified).
    if (result.kind === 'reject') exchange.answer = 400;
    else exchange.upstreamHeaders = result.headers;
  },
};

/**
 * Classic HTTP/HTTPS listeners do not carry WebSockets (TCP listeners do): `Upgrade` and the
 * `upgrade` token of `Connection` are not sent on, so the instance answers an ordinary request
 * (decision, unverified; see UNVERIFIED.md).
 */
const noUpgradePass: ClassicRequestPass = {
  name: 'no-upgrade',
  run(exchange) {
    const headers = exchange.upstreamHeaders;
    if (headers === undefined) return;
    exchange.upstreamHeaders = headers.flatMap(([name, value]): [string, string][] => {
      const lower = name.toLowerCase();
      if (lower === 'upgrade') return [];
      if (lower !== 'connection') return [[name, value]];
      const tokens = value.split(',').map((token) => token.trim()).filter((token) => token !== '' && token.toLowerCase() !== 'upgrade');
      return tokens.length === 0 ? [] : [[name, tokens.join(', ')]];
    });
  },
};

/** The AWSELB cookie's instance, when the listener is sticky and the cookie names a routable one. */
const stickyRoutePass: ClassicRequestPass = {
  name: 'sticky-route',
  run(exchange) {
    if (exchange.stickiness === undefined) return;
    const route = routeClassicSticky({
      loadBalancer: exchange.loadBalancer,
      instancePort: exchange.listener.instancePort,
      requestCookies: exchange.requestCookies,
      keyRing: exchange.environment.keyRing,
      appCookieName: exchange.stickiness.kind === 'application' ? exchange.stickiness.cookieName : undefined,
    });
    exchange.stickyRoute = route;
    exchange.stickinessOutcomes.push(route.outcome);
    exchange.instance = route.pinned;
  },
};

/** Least outstanding requests among the routable instances (HTTP/HTTPS); 503 when there is none. */
const chooseInstancePass: ClassicRequestPass = {
  name: 'choose-instance',
  run(exchange) {
    if (exchange.instance !== undefined) return;
    const { environment, loadBalancer } = exchange;
    const key = classicLoadBalancerKey(loadBalancer);
    const choice = chooseClassicInstance({
      loadBalancer,
      protocol: exchange.listener.protocol,
      cursor: environment.cursor(key),
      inFlight: (instanceId) => environment.inFlight(key, instanceId),
      random: environment.random,
    });
    if (choice === undefined) {
      exchange.answer = 503;
      return;
    }
    environment.setCursor(key, choice.cursor);
    exchange.instance = choice.instance;
  },
};

/** AWSELB and AWSELBCORS on the instance's response, per the listener's policy (classic-elb.md §3). */
const stickyCookiesPass: ClassicResponsePass = {
  name: 'sticky-cookies',
  run(exchange, response) {
    const { stickiness, stickyRoute, instance } = exchange;
    if (stickiness === undefined || stickyRoute === undefined || instance === undefined) return;
    const input = {
      stickiness,
      route: stickyRoute,
      instance,
      instancePort: exchange.listener.instancePort,
      requestCookies: exchange.requestCookies,
      responseSetCookies: response.headers.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value),
      nowMs: exchange.nowMs,
      keyRing: exchange.environment.keyRing,
      randomBytes: exchange.environment.randomBytes,
    };
    const lines = classicStickyCookies(input);
    exchange.stickySessionKey = classicStickySessionKey(input, lines);
    if (lines.length === 0) return;
    for (const line of lines) exchange.addedResponseHeaders.push(['Set-Cookie', line]);
    if (!response.headers.some(([name]) => name.toLowerCase() === 'cache-control')) exchange.addedResponseHeaders.push([...CLASSIC_STICKY_CACHE_CONTROL]);
  },
};

/** The request side, in order (STYLE rule 7). */
export const CLASSIC_REQUEST_PASSES: readonly ClassicRequestPass[] = [forwardedHeadersPass, noUpgradePass, stickyRoutePass, chooseInstancePass];
/** The response side, in order. */
export const CLASSIC_RESPONSE_PASSES: readonly ClassicResponsePass[] = [stickyCookiesPass];

export function runClassicRequestPasses(exchange: ClassicExchange, passes: readonly ClassicRequestPass[] = CLASSIC_REQUEST_PASSES): void {
  for (const pass of passes) {
    pass.run(exchange);
    if (exchange.answer !== undefined) return;
  }
}

export function runClassicResponsePasses(
  exchange: ClassicExchange,
  response: Parameters<ClassicResponsePass['run']>[1],
  passes: readonly ClassicResponsePass[] = CLASSIC_RESPONSE_PASSES,
): void {
  for (const pass of passes) pass.run(exchange, response);
}
