import type { elbv2 } from '@elbow/api-models';
import { albErrorResponse } from './alb-error-response.js';
import { albResponse } from './alb-response.js';
import type {
  AlbExchange,
  IncomingAlbRequest,
  PassEnvironment,
  RequestPass,
  ResponsePass,
  TargetResponseHead,
} from './alb-exchange.js';
import { chooseTarget } from './choose-target.js';
import { slowStartWeights } from './slow-start-weights.js';
import { zonalTargets } from './zonal-targets.js';
import { chooseTargetGroup } from './choose-target-group.js';
import { expandRedirect } from './expand-redirect.js';
import { fixedResponse } from './fixed-response.js';
import { forwardedHeaders } from './forwarded-headers.js';
import type { ForwardedHeaderSettings } from './forwarded-headers.js';
import type { HeaderList } from './match-condition.js';
import { redirectResponse } from './redirect-response.js';
import type { ListenerRoute, RoutingConfig, TargetRoute } from './routing-config.js';
import { selectRule } from './select-rule.js';
import { traceIdHeader } from './trace-id.js';

// Header size limits (headers-and-routing.md §6 [D6]): request line 16 K, one header 16 K,
// the whole request header 64 K; above them the ALB answers 400 [D3].
export const MAX_REQUEST_LINE_BYTES = 16 * 1024;
export const MAX_HEADER_FIELD_BYTES = 16 * 1024;
export const MAX_REQUEST_HEADER_BYTES = 64 * 1024;

/** `name: value\r\n` per field: the size the header block had on the wire. */
export function headerBlockBytes(headers: HeaderList): number {
  let total = 0;
  for (const [name, value] of headers) total += Buffer.byteLength(name) + Buffer.byteLength(value) + 4;
  return total;
}

const firstHeader = (headers: HeaderList, lowerName: string): string | undefined =>
  headers.find(([name]) => name.toLowerCase() === lowerName)?.[1];

/**
 * An absolute-form request target (`http://user@host:8080/a?b`, RFC 9112 §3.2.2): its host
 * (port kept, userinfo dropped) and what follows it, as sent; an origin-form target has no host
 * and is the rest as it is. The proxy, explain and the access logs read targets with this.
 */
export function splitAbsoluteForm(url: string): { absoluteFormHost: string | undefined; rest: string } {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  if (absolute === null) return { absoluteFormHost: undefined, rest: url };
  return { absoluteFormHost: (absolute[1] ?? '').replace(/^.*@/, ''), rest: url.slice(absolute[0].length) };
}

/** Splits an origin-form or absolute-form request target. */
export function splitRequestTarget(url: string): { path: string; query: string; absoluteFormHost: string | undefined } {
  const split = splitAbsoluteForm(url);
  const { absoluteFormHost } = split;
  let { rest } = split;
  if (absoluteFormHost !== undefined && !rest.startsWith('/')) rest = `/${rest}`;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  return question < 0
    ? { path: rest, query: '', absoluteFormHost }
    : { path: rest.slice(0, question), query: rest.slice(question + 1), absoluteFormHost };
}

function ownAnswer(exchange: AlbExchange, status: 400 | 501 | 502 | 503 | 504, why: string): void {
  exchange.answer = albErrorResponse(status, exchange.nowMs);
  exchange.notes['answer'] = why;
}

/**
 * `reject-invalid-request`: what the ALB refuses before routing [D3]: Content-Length together
 * with Transfer-Encoding (request smuggling; Node's parser refuses it too, this pass covers
 * clients that reach the proxy another way), an HTTP/1.1 request without Host (400), a
 * Transfer-Encoding other than chunked/identity (501), and header lines or blocks over AWS's
 * limits (400).
 */
export const rejectInvalidRequest: RequestPass = {
  name: 'reject-invalid-request',
  run(exchange) {
    const { headers, method, url } = exchange.request;
    const transferEncoding = headers.filter(([name]) => name.toLowerCase() === 'transfer-encoding');
    const hasContentLength = headers.some(([name]) => name.toLowerCase() === 'content-length');
    if (transferEncoding.length > 0 && hasContentLength) return ownAnswer(exchange, 400, 'content-length with transfer-encoding');
    // An HTTP/1.1 request without Host: observed `400 Bad Request`, `Server: awselb/2.0`,
    // `Connection: close` (curl -H 'Host: ' against an ALB, 2020 transcript, pages corpus).
    if (exchange.request.httpVersion === '1.1' && !headers.some(([name]) => name.toLowerCase() === 'host')) return ownAnswer(exchange, 400, 'no Host header');
    const codings = transferEncoding.flatMap(([, value]) => value.split(',')).map((coding) => coding.trim().toLowerCase());
    if (codings.some((coding) => coding !== 'chunked' && coding !== 'identity')) return ownAnswer(exchange, 501, 'unsupported transfer-encoding');
    // `METHOD SP target SP HTTP/1.1`
    if (Buffer.byteLength(method) + Buffer.byteLength(url) + 10 > MAX_REQUEST_LINE_BYTES) return ownAnswer(exchange, 400, 'request line over 16 KB');
    for (const [name, value] of headers) {
      if (Buffer.byteLength(name) + Buffer.byteLength(value) + 2 > MAX_HEADER_FIELD_BYTES) return ownAnswer(exchange, 400, 'header over 16 KB');
    }
    if (headerBlockBytes(headers) > MAX_REQUEST_HEADER_BYTES) return ownAnswer(exchange, 400, 'headers over 64 KB');
  },
};

/** `rule-request`: what listener rules look at, from the request as received. */
export const buildRuleRequest: RequestPass = {
  name: 'rule-request',
  run(exchange) {
    const { request } = exchange;
    const { path, query, absoluteFormHost } = splitRequestTarget(request.url);
    exchange.ruleRequest = {
      method: request.method,
      // Rules use the first Host header [D2]; an absolute-form target names the host instead.
      host: absoluteFormHost ?? firstHeader(request.headers, 'host'),
      path,
      query,
      headers: request.headers,
      sourceIp: request.clientIp,
    };
  },
};

/** `select-rule`: priority order, then the default rule (headers-and-routing.md §2). */
export const selectRulePass: RequestPass = {
  name: 'select-rule',
  run(exchange) {
    if (exchange.ruleRequest === undefined) return;
    const { rule } = selectRule(exchange.listener.rules, exchange.ruleRequest);
    exchange.rule = rule;
    if (rule === undefined) return ownAnswer(exchange, 503, 'listener has no default rule');
    exchange.notes['rule'] = rule.Priority ?? '';
  },
};

const TERMINAL_ACTIONS: readonly elbv2.ActionTypeEnum[] = ['forward', 'redirect', 'fixed-response'];

/**
 * `run-action`: the rule's last action is its forward, redirect or fixed-response [D4];
 * authentication actions before it (authenticate-oidc, authenticate-cognito, jwt-validation)
 * are not emulated and let the request through — a decision recorded in UNVERIFIED.md.
 */
export const runAction: RequestPass = {
  name: 'run-action',
  run(exchange) {
    const actions = [...(exchange.rule?.Actions ?? [])].sort((a, b) => (a.Order ?? 50001) - (b.Order ?? 50001));
    const action = actions.find((candidate) => TERMINAL_ACTIONS.includes(candidate.Type));
    if (action === undefined || exchange.ruleRequest === undefined) return ownAnswer(exchange, 503, 'rule has no terminal action');
    exchange.notes['action'] = action.Type;
    switch (action.Type) {
      case 'fixed-response': {
        if (action.FixedResponseConfig === undefined) return ownAnswer(exchange, 503, 'fixed-response without config');
        exchange.answer = fixedResponse(action.FixedResponseConfig, exchange.nowMs);
        return;
      }
      case 'redirect': {
        if (action.RedirectConfig === undefined) return ownAnswer(exchange, 503, 'redirect without config');
        const { path, query } = exchange.ruleRequest;
        const redirect = expandRedirect(action.RedirectConfig, {
          protocol: listenerProtocol(exchange.listener),
          host: exchange.ruleRequest.host ?? exchange.listener.loadBalancer.dnsName ?? '',
          port: exchange.listener.port,
          path,
          query,
        });
        exchange.answer = redirectResponse(redirect, exchange.nowMs);
        return;
      }
      default: {
        const tuples = action.ForwardConfig?.TargetGroups ?? (action.TargetGroupArn === undefined ? [] : [{ TargetGroupArn: action.TargetGroupArn, Weight: 1 }]);
        exchange.forward = { action, tuples, groupStickiness: action.ForwardConfig?.TargetGroupStickinessConfig };
      }
    }
  },
};

/**
 * `choose-target-group`: by weight among the forward's groups [D4]. A stickiness pass placed
 * before it may already have chosen (AWSALBTG); then this pass leaves the choice alone.
 */
export const chooseTargetGroupPass: RequestPass = {
  name: 'choose-target-group',
  run(exchange) {
    const { forward } = exchange;
    if (forward === undefined || exchange.targetGroup !== undefined) return;
    // One group is always the one, whatever its weight.
    const tuple = forward.tuples.length === 1 ? forward.tuples[0] : chooseTargetGroup(forward.tuples, exchange.environment.random);
    const group = tuple?.TargetGroupArn === undefined ? undefined : exchange.config.targetGroups.get(tuple.TargetGroupArn);
    if (group === undefined) return ownAnswer(exchange, 503, 'no target group to forward to');
    exchange.targetGroup = group;
  },
};

/** Targets the proxy may send new requests to: routable and reachable over HTTP. */
export function routableTargets(targets: readonly TargetRoute[]): TargetRoute[] {
  return targets.filter((target) => target.isRoutable && target.host !== undefined);
}

/**
 * `choose-target`: the group's `load_balancing.algorithm.type` among its routable targets
 * [D7]; none → 503 [D3]. A stickiness pass placed before it may already have chosen (AWSALB,
 * AWSALBAPP); then this pass leaves the choice alone and no cursor moves.
 */
export const chooseTargetPass: RequestPass = {
  name: 'choose-target',
  run(exchange) {
    const group = exchange.targetGroup;
    if (group === undefined || exchange.target !== undefined) return;
    const { balancer, random } = exchange.environment;
    const algorithm = group.attributes.get('load_balancing.algorithm.type') ?? 'round_robin';
    let targets = routableTargets(group.targets);
    // Cross-zone off (issue 5): one node, picked as DNS would, routes within its own zone; the
    // round-robin cursor is kept per node. With no zone serving, all targets stay candidates.
    let cursorKey = group.arn;
    if (group.attributes.get('load_balancing.cross_zone.enabled') === 'false') {
      const zonal = zonalTargets(targets, exchange.listener.loadBalancer.availabilityZones, random);
      if (zonal !== undefined) {
        targets = zonal.targets;
        cursorKey = `${group.arn} ${zonal.zone}`;
      }
    }
    // Slow start (round_robin and weighted_random only [D7]): while a target ramps, choices are
    // weighted by its elapsed window; round robin's cursor waits meanwhile.
    const rampWeights = algorithm === 'least_outstanding_requests' ? undefined : slowStartWeights(targets, exchange.nowMs);
    const choice = rampWeights !== undefined
      ? chooseTarget({ algorithm: 'weighted_random', targets, random, weights: rampWeights })
      : algorithm === 'weighted_random'
        ? chooseTarget({ algorithm, targets, random })
        : algorithm === 'least_outstanding_requests'
          ? chooseTarget({ algorithm, targets, cursor: balancer.cursor(cursorKey), inFlight: balancer.inFlight(group.arn, targets) })
          : chooseTarget({ algorithm: 'round_robin', targets, cursor: balancer.cursor(cursorKey) });
    if (choice === undefined) return ownAnswer(exchange, 503, 'no routable target');
    if (algorithm !== 'weighted_random' && rampWeights === undefined) balancer.setCursor(cursorKey, choice.cursor);
    exchange.target = choice.target;
  },
};

function listenerProtocol(listener: ListenerRoute): 'HTTP' | 'HTTPS' {
  return listener.protocol === 'HTTPS' ? 'HTTPS' : 'HTTP';
}

export function forwardedHeaderSettings(attributes: ReadonlyMap<string, string>): ForwardedHeaderSettings {
  const mode = attributes.get('routing.http.xff_header_processing.mode');
  return {
    xffMode: mode === 'preserve' || mode === 'remove' ? mode : 'append',
    isXffClientPortEnabled: attributes.get('routing.http.xff_client_port.enabled') === 'true',
    isHostHeaderPreserved: attributes.get('routing.http.preserve_host_header.enabled') === 'true',
  };
}

// Hop-by-hop fields (RFC 9110 §7.6.1) are the connection's, not the request's; the proxy's own
// connection to the target sets them. Upgrade requests keep Connection/Upgrade.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'upgrade', 'proxy-authorization']);

/**
 * `forwarded-headers`: X-Forwarded-For/Proto/Port and Host as the target sees them
 * (headers-and-routing.md §1); more than 30 XFF addresses → 463 [D3].
 */
export const forwardedHeadersPass: RequestPass = {
  name: 'forwarded-headers',
  run(exchange) {
    if (exchange.target === undefined) return;
    const { request, listener } = exchange;
    const result = forwardedHeaders(
      {
        headers: request.isUpgrade ? request.headers : request.headers.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
        clientIp: request.clientIp,
        clientPort: request.clientPort,
        listenerProtocol: listenerProtocol(listener),
        listenerPort: listener.port,
        ...(exchange.ruleRequest?.host !== undefined && splitRequestTarget(request.url).absoluteFormHost !== undefined
          ? { absoluteFormHost: exchange.ruleRequest.host }
          : {}),
      },
      forwardedHeaderSettings(listener.loadBalancer.attributes),
    );
    if (result.kind === 'reject') {
      // 463's page is not captured: the ALB template with the bare code (decision, UNVERIFIED.md).
      const title = String(result.statusCode);
      const body = ['<html>', `<head><title>${title}</title></head>`, '<body>', `<center><h1>${title}</h1></center>`, '</body>', '</html>', ''].join('\r\n');
      exchange.answer = albResponse(result.statusCode, '', 'text/html', body, exchange.nowMs);
      exchange.notes['answer'] = 'more than 30 X-Forwarded-For addresses';
      return;
    }
    exchange.upstreamHeaders = result.headers;
  },
};

/** `trace-id`: X-Amzn-Trace-Id added or extended, in place of the client's (headers-and-routing.md §1 [D5]). */
export const traceIdPass: RequestPass = {
  name: 'trace-id',
  run(exchange) {
    const headers = exchange.upstreamHeaders;
    if (headers === undefined) return;
    const value = traceIdHeader({
      header: firstHeader(exchange.request.headers, 'x-amzn-trace-id'),
      nowMs: exchange.nowMs,
      randomBytes: exchange.environment.randomBytes,
      requestHeaderBytes: headerBlockBytes(exchange.request.headers),
    });
    const index = headers.findIndex(([name]) => name.toLowerCase() === 'x-amzn-trace-id');
    const rest = headers.filter(([name]) => name.toLowerCase() !== 'x-amzn-trace-id');
    if (index < 0) rest.push(['X-Amzn-Trace-Id', value]);
    else rest.splice(index, 0, ['X-Amzn-Trace-Id', value]);
    exchange.upstreamHeaders = rest;
    exchange.notes['trace'] = value;
  },
};

// Response hop-by-hop fields: Node writes its own framing and connection fields to the client.
const RESPONSE_HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** `strip-hop-by-hop`: the target's connection fields stay on the target's connection. */
export const stripHopByHop: ResponsePass = {
  name: 'strip-hop-by-hop',
  run(_exchange, response) {
    response.headers = response.headers.filter(([name]) => !RESPONSE_HOP_BY_HOP.has(name.toLowerCase()));
  },
};

/** `append-alb-headers`: the ALB's additions (sticky Set-Cookie lines) after the target's own headers. */
export const appendAlbHeaders: ResponsePass = {
  name: 'append-alb-headers',
  run(exchange, response) {
    response.headers.push(...exchange.addedResponseHeaders);
  },
};

/**
 * Where other concerns plug into the pass list. Stickiness (packages/data-plane sticky-*.ts)
 * fills these slots; everything else in the list is fixed.
 */
export interface AlbPassSlots {
  /** Run right before `choose-target-group`; may set `exchange.targetGroup` (AWSALBTG). */
  readonly beforeChooseTargetGroup?: readonly RequestPass[];
  /** Run right before `choose-target`; may set `exchange.target` (AWSALB, AWSALBAPP). */
  readonly beforeChooseTarget?: readonly RequestPass[];
  /**
   * Run on the target's response head after hop-by-hop fields are gone and before the ALB's
   * added headers are appended: read the target's Set-Cookie (app cookie), push Set-Cookie
   * lines onto `exchange.addedResponseHeaders` (or edit `response.headers` directly).
   */
  readonly finaliseResponse?: readonly ResponsePass[];
  /**
   * Run last, whether the request goes to a target or a pass answered (fixed-response, redirect,
   * 503, ...): may push onto `exchange.addedResponseHeaders`, which every answer carries.
   * Each pass must set `runsAfterAnswer`.
   */
  readonly afterRequest?: readonly RequestPass[];
}

/** The request side, in order (STYLE rule 7). */
export function albRequestPasses(slots: AlbPassSlots = {}): readonly RequestPass[] {
  return [
    rejectInvalidRequest,
    buildRuleRequest,
    selectRulePass,
    runAction,
    ...(slots.beforeChooseTargetGroup ?? []),
    chooseTargetGroupPass,
    ...(slots.beforeChooseTarget ?? []),
    chooseTargetPass,
    forwardedHeadersPass,
    traceIdPass,
    ...(slots.afterRequest ?? []),
  ];
}

/** The response side, in order. */
export function albResponsePasses(slots: AlbPassSlots = {}): readonly ResponsePass[] {
  return [stripHopByHop, ...(slots.finaliseResponse ?? []), appendAlbHeaders];
}

export function createExchange(
  request: IncomingAlbRequest,
  listener: ListenerRoute,
  config: RoutingConfig,
  nowMs: number,
  environment: PassEnvironment,
): AlbExchange {
  return {
    request,
    listener,
    config,
    nowMs,
    environment,
    ruleRequest: undefined,
    rule: undefined,
    forward: undefined,
    targetGroup: undefined,
    target: undefined,
    upstreamHeaders: undefined,
    answer: undefined,
    addedResponseHeaders: [],
    notes: {},
  };
}

/**
 * Runs the request passes in order; after the first one that answers, only those that run after
 * an answer (`runsAfterAnswer`) still run.
 */
export function runRequestPasses(passes: readonly RequestPass[], exchange: AlbExchange): void {
  for (const pass of passes) {
    if (exchange.answer !== undefined && pass.runsAfterAnswer !== true) continue;
    const wasAnswered = exchange.answer !== undefined;
    pass.run(exchange);
    if (!wasAnswered && exchange.answer !== undefined) exchange.notes['answeredBy'] = pass.name;
  }
}

export function runResponsePasses(passes: readonly ResponsePass[], exchange: AlbExchange, response: TargetResponseHead): void {
  for (const pass of passes) pass.run(exchange, response);
}
