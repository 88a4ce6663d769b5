import type { CookieKeyRing } from '@elbow/cookies';
import type { RandomNumber } from '../choose-target-group.js';
import type { IncomingAlbRequest } from '../alb-exchange.js';
import type { HeaderList } from '../match-condition.js';
import type { StickinessOutcome } from '../request-record.js';
import type { RandomBytes } from '../trace-id.js';
import type { ClassicErrorStatus } from './classic-error-response.js';
import type { ClassicStickiness } from './classic-policies.js';
import type { ClassicInstanceRoute, ClassicListenerRoute, ClassicLoadBalancerRoute } from './classic-routing-config.js';
import type { ClassicStickyRoute } from './classic-sticky-routing.js';

/**
 * One request as the classic HTTP/HTTPS listener received it: what the ALB's passes read (both
 * proxies build it with `incomingRequest`), less the upgrade flag, as classic listeners carry no
 * WebSockets.
 */
export type IncomingClassicRequest = Omit<IncomingAlbRequest, 'isUpgrade'>;

/** Injected effects and per-load-balancer state (STYLE rule 7): the passes read no clock or random source. */
export interface ClassicPassEnvironment {
  readonly random: RandomNumber;
  readonly randomBytes: RandomBytes;
  readonly keyRing: CookieKeyRing;
  /** Round-robin cursor of a load balancer (AWS keeps it per node and never shows it). */
  cursor(loadBalancerKey: string): number;
  setCursor(loadBalancerKey: string, cursor: number): void;
  /** Requests in flight to an instance of a load balancer (least outstanding requests). */
  inFlight(loadBalancerKey: string, instanceId: string): number;
}

/**
 * One request's trip through a classic listener. Request passes fill it in order; the first that
 * sets `answer` ends the list and the load balancer answers on its own.
 */
export interface ClassicExchange {
  readonly request: IncomingClassicRequest;
  readonly loadBalancer: ClassicLoadBalancerRoute;
  readonly listener: ClassicListenerRoute;
  /** When the request arrived (the cookie's issue time). */
  readonly nowMs: number;
  readonly environment: ClassicPassEnvironment;
  readonly requestCookies: ReadonlyMap<string, string>;
  readonly stickiness: ClassicStickiness | undefined;
  stickyRoute: ClassicStickyRoute | undefined;
  /** Set by the sticky-cookies response pass: the session this answer continues or starts (request records). */
  stickySessionKey: string | undefined;
  instance: ClassicInstanceRoute | undefined;
  upstreamHeaders: HeaderList | undefined;
  answer: ClassicErrorStatus | undefined;
  /** Headers added to the instance's response (Set-Cookie, Cache-control). */
  readonly addedResponseHeaders: [name: string, value: string][];
  readonly stickinessOutcomes: StickinessOutcome[];
}

/** The instance's response head as the response passes see it. */
export interface ClassicResponseHead {
  readonly statusCode: number;
  /** Header fields in the instance's order, repeats (Set-Cookie) kept. */
  readonly headers: readonly (readonly [name: string, value: string])[];
}

export interface ClassicRequestPass {
  readonly name: string;
  run(exchange: ClassicExchange): void;
}

export interface ClassicResponsePass {
  readonly name: string;
  run(exchange: ClassicExchange, response: ClassicResponseHead): void;
}

/** The key of a load balancer's balancing state: names are unique per account and region. */
export function classicLoadBalancerKey(loadBalancer: ClassicLoadBalancerRoute): string {
  return `${loadBalancer.accountId}/${loadBalancer.region}/${loadBalancer.name}`;
}
