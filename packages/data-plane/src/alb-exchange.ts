import type { elbv2 } from '@elbow/api-models';
import type { AlbResponse } from './alb-response.js';
import type { RandomNumber } from './choose-target-group.js';
import type { HeaderList, RuleRequest } from './match-condition.js';
import type { ListenerRoute, RoutingConfig, TargetGroupRoute, TargetRoute } from './routing-config.js';
import type { RandomBytes } from './trace-id.js';

/**
 * What the proxy knows about one incoming request before any pass runs: values only, no
 * sockets, so every pass stays a pure function of the exchange (STYLE rule 7).
 */
export interface IncomingAlbRequest {
  readonly method: string;
  /** The request target as sent: origin form `/a?b`, or absolute form `http://host/a?b`. */
  readonly url: string;
  readonly httpVersion: string;
  /** Header fields in arrival order, repeats kept (Node's rawHeaders, paired). */
  readonly headers: HeaderList;
  /** The TCP peer. */
  readonly clientIp: string;
  readonly clientPort: number;
  /** Whether the client asked for a protocol upgrade (WebSocket). */
  readonly isUpgrade: boolean;
}

/** A forward action reduced to what the target-group choice needs. */
export interface ForwardDecision {
  readonly action: elbv2.Action;
  /** `ForwardConfig.TargetGroups`, or the single `TargetGroupArn` as one tuple of weight 1. */
  readonly tuples: readonly elbv2.TargetGroupTuple[];
  /** `ForwardConfig.TargetGroupStickinessConfig` (AWSALBTG), when the rule has one. */
  readonly groupStickiness: elbv2.TargetGroupStickinessConfig | undefined;
}

/** Round-robin cursors and in-flight counts, per target group, kept in memory by the proxy. */
export interface BalancerState {
  cursor(targetGroupArn: string): number;
  setCursor(targetGroupArn: string, cursor: number): void;
  /** In-flight requests per target, index-aligned with `targets`. */
  inFlight(targetGroupArn: string, targets: readonly TargetRoute[]): number[];
}

/** Injected effects (STYLE rule 7): the passes never read a clock or a random source themselves. */
export interface PassEnvironment {
  readonly random: RandomNumber;
  readonly randomBytes: RandomBytes;
  readonly balancer: BalancerState;
}

/**
 * One request's trip through the ALB. Request passes fill it in order; the first pass that sets
 * `answer` ends the list and the ALB answers on its own. When every pass ran, `target` and
 * `upstreamHeaders` say where and what the proxy sends.
 */
export interface AlbExchange {
  readonly request: IncomingAlbRequest;
  readonly listener: ListenerRoute;
  readonly config: RoutingConfig;
  /** When the request arrived (cookies' Expires and trace ids are computed from it). */
  readonly nowMs: number;
  readonly environment: PassEnvironment;
  ruleRequest: RuleRequest | undefined;
  rule: elbv2.Rule | undefined;
  forward: ForwardDecision | undefined;
  /** Set by `choose-target-group`, or before it by a stickiness pass (AWSALBTG). */
  targetGroup: TargetGroupRoute | undefined;
  /** Set by `choose-target`, or before it by a stickiness pass (AWSALB, AWSALBAPP). */
  target: TargetRoute | undefined;
  /** The request headers as the target receives them. */
  upstreamHeaders: HeaderList | undefined;
  /** The ALB's own answer (fixed response, redirect, 4xx/5xx); set → no later pass runs. */
  answer: AlbResponse | undefined;
  /**
   * Headers the ALB adds to whatever answer the client gets (Set-Cookie lines of the sticky
   * passes), appended after the target's own headers.
   */
  readonly addedResponseHeaders: [name: string, value: string][];
  /** Facts for the one debug log line of this request. */
  readonly notes: Record<string, string | number | boolean>;
}

/** The target's response head as the response passes see and change it. */
export interface TargetResponseHead {
  statusCode: number;
  statusMessage: string;
  /** Header fields in the target's order, repeats (Set-Cookie) kept. */
  headers: [name: string, value: string][];
}

/** A named step of the request side; it reads and fills the exchange (http-proxy-3's web-incoming shape). */
export interface RequestPass {
  readonly name: string;
  /** Runs even when an earlier pass answered (the `afterRequest` slot: headers on every answer). */
  readonly runsAfterAnswer?: boolean;
  run(exchange: AlbExchange): void;
}

/** A named step on the target's response head before it is written to the client (web-outgoing shape). */
export interface ResponsePass {
  readonly name: string;
  run(exchange: AlbExchange, response: TargetResponseHead): void;
}
