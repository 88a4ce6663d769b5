import { parseCookieHeader } from '@elbow/cookies';
import type { AlbExchange } from './alb-exchange.js';
import type { ListenerRoute } from './routing-config.js';
import { albAccessLogDestination } from './access-log-destination.js';
import type { AlbRequestRecord, StickinessOutcome, TlsRecord } from './request-record.js';

/** What the proxy measured about one request, beside what its exchange decided. */
export interface AlbRequestFacts {
  readonly type: AlbRequestRecord['type'];
  readonly receivedAtMs: number;
  /** Undefined: the request never went to a target (the ALB answered itself). */
  readonly dispatchedAtMs: number | undefined;
  readonly targetRespondedAtMs: number | undefined;
  readonly completedAtMs: number;
  readonly elbStatusCode: number | undefined;
  readonly targetStatusCode: number | undefined;
  readonly receivedBytes: number;
  readonly sentBytes: number;
  readonly tls: TlsRecord | undefined;
  readonly connectionTraceId: string | undefined;
}

/** `app/<name>/<id16>`: the load balancer ARN's resource part, the log's `elb` field [D1]. */
export function loadBalancerResourceId(arn: string): string {
  const marker = ':loadbalancer/';
  const index = arn.indexOf(marker);
  return index < 0 ? arn : arn.slice(index + marker.length);
}

const ALB_COOKIE = /^(AWSALB|AWSALBCORS|AWSALBTG|AWSALBTGCORS|AWSALBAPP-\d)$/;

/** The sticky cookies the client presented (`name=value`): AWSALB*, and the group's app cookie. */
function sessionCookies(exchange: AlbExchange): string[] {
  const cookieHeaders = exchange.request.headers.filter(([name]) => name.toLowerCase() === 'cookie').map(([, value]) => value);
  if (cookieHeaders.length === 0) return [];
  const appCookieName = exchange.targetGroup?.attributes.get('stickiness.app_cookie.cookie_name');
  const kept: string[] = [];
  for (const [name, value] of parseCookieHeader(cookieHeaders)) {
    if (ALB_COOKIE.test(name) || (appCookieName !== undefined && appCookieName !== '' && name === appCookieName)) kept.push(`${name}=${value}`);
  }
  return kept;
}

/**
 * How stickiness decided, from the sticky passes' notes (`stickyTarget`/`stickyGroup`:
 * `cookie` or `fresh`) and whether the client sent the cookie: a cookie that chose is a `hit`,
 * one sent but not usable (expired, other key, target gone or unhealthy) a `miss`, none `new`.
 */
function stickinessOutcomes(exchange: AlbExchange, presented: readonly string[]): StickinessOutcome[] {
  const outcomes: StickinessOutcome[] = [];
  const sent = (pattern: RegExp) => presented.some((cookie) => pattern.test(cookie));
  const decide = (cookie: StickinessOutcome['cookie'], note: unknown, wasSent: boolean) => {
    if (note === 'cookie') outcomes.push({ cookie, outcome: 'hit', reason: 'cookie chose' });
    else if (note === 'fresh') outcomes.push(wasSent ? { cookie, outcome: 'miss', reason: 'cookie not usable' } : { cookie, outcome: 'new', reason: 'no cookie' });
  };
  decide('AWSALBTG', exchange.notes['stickyGroup'], sent(/^AWSALBTG(CORS)?=/));
  const isApp = exchange.targetGroup?.attributes.get('stickiness.type') === 'app_cookie';
  decide(isApp ? 'AWSALBAPP' : 'AWSALB', exchange.notes['stickyTarget'], isApp ? sent(/^AWSALBAPP-0=/) : sent(/^AWSALB(CORS)?=/));
  return outcomes;
}

function header(headers: readonly (readonly [string, string])[], lowerName: string): string | undefined {
  return headers.find(([name]) => name.toLowerCase() === lowerName)?.[1];
}

/**
 * The record of one finished ALB request (or WebSocket connection): the exchange says what was
 * decided (rule, actions, target group, answer), the facts what was measured.
 */
export function albRequestRecord(exchange: AlbExchange, facts: AlbRequestFacts): AlbRequestRecord {
  const listener: ListenerRoute = exchange.listener;
  const { loadBalancer } = listener;
  const { request, rule } = exchange;
  const isDispatched = facts.dispatchedAtMs !== undefined;
  const action = exchange.notes['action'];
  const presented = sessionCookies(exchange);
  const answer = exchange.answer;
  return {
    kind: 'alb',
    type: facts.type,
    accountId: loadBalancer.accountId,
    region: loadBalancer.region,
    accessLog: albAccessLogDestination(loadBalancer.attributes),
    receivedAtMs: facts.receivedAtMs,
    dispatchedAtMs: facts.dispatchedAtMs,
    targetRespondedAtMs: facts.targetRespondedAtMs,
    completedAtMs: facts.completedAtMs,
    clientIp: request.clientIp,
    clientPort: request.clientPort,
    target: isDispatched && exchange.target?.host !== undefined ? { id: exchange.target.id, host: exchange.target.host, port: exchange.target.port } : undefined,
    elbStatusCode: facts.elbStatusCode,
    targetStatusCode: facts.targetStatusCode,
    receivedBytes: facts.receivedBytes,
    sentBytes: facts.sentBytes,
    http: {
      method: request.method,
      url: request.url,
      httpVersion: request.httpVersion,
      host: header(request.headers, 'host'),
      userAgent: header(request.headers, 'user-agent'),
    },
    tls: facts.tls,
    stickiness: stickinessOutcomes(exchange, presented),
    sessionCookies: presented,
    stickySessionKey: typeof exchange.notes['stickySessionKey'] === 'string' ? exchange.notes['stickySessionKey'] : undefined,
    loadBalancer: { arn: loadBalancer.arn, name: loadBalancer.name, resourceId: loadBalancerResourceId(loadBalancer.arn) },
    listenerArn: listener.arn,
    listenerPort: listener.port,
    targetGroupArn: exchange.targetGroup?.arn,
    traceId: typeof exchange.notes['trace'] === 'string' ? exchange.notes['trace'] : undefined,
    // The default rule logs 0, others their priority [D1]; no rule evaluated (request refused first): none.
    matchedRulePriority: rule === undefined ? undefined : rule.IsDefault === true || rule.Priority === 'default' ? 0 : Number(rule.Priority),
    ruleArn: rule?.RuleArn,
    actionsExecuted: typeof action === 'string' ? [action] : [],
    redirectUrl: answer !== undefined && action === 'redirect' ? header(answer.headers, 'location') : undefined,
    errorReason: undefined,
    classification: undefined,
    connectionTraceId: facts.connectionTraceId,
  };
}
