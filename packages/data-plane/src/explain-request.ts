import type { elbv2 } from '@elbow/api-models';
import { decodeStickyCookie, isStickinessValid, parseCookieHeader, readStickyCookies } from '@elbow/cookies';
import type { CookieKeyRing, DecodedStickyCookie } from '@elbow/cookies';
import type { BalancerState, PassEnvironment } from './alb-exchange.js';
import { albRequestPasses, createExchange, routableTargets, runRequestPasses, splitAbsoluteForm } from './alb-passes.js';
import type { RandomNumber } from './choose-target-group.js';
import { debugRouteValue, exchangeRouteFacts, targetLabel } from './debug-route-header.js';
import type { ConditionOutcome, HeaderList } from './match-condition.js';
import type { ListenerRoute, RoutingConfig, TargetGroupRoute, TargetRoute } from './routing-config.js';
import { selectRule } from './select-rule.js';
import { slowStartWeights } from './slow-start-weights.js';
import { stickinessPassSlots } from './sticky-passes.js';
import { STICKINESS_ATTRIBUTE, isRoutable, pinnedTarget, pinnedTargetGroup, stickinessDurationSeconds } from './sticky-routing.js';

/**
 * `elbow explain` (issue 7): what the ALB would do with a request, without sending it. The
 * proxy's own request passes run on the request (albRequestPasses with the stickiness slots), so
 * the rule, group, target and answer are the proxy's; the pure functions those passes call
 * (selectRule, pinnedTargetGroup, pinnedTarget, routableTargets, slowStartWeights) are asked
 * again for the why. Nothing changes: round-robin cursors are read, never moved; the random
 * draws are the caller's, not the proxy's (a `--seed` sequence is not consumed).
 */

/** The request to explain, as a client would send it. */
export interface ExplainedRequest {
  readonly method: string;
  /** Origin form `/a?b`, or absolute `http://host[:port]/a?b` (its host is the Host header unless `headers` has one). */
  readonly url: string;
  readonly headers: HeaderList;
  readonly sourceIp: string;
  /** Sent as one more Cookie header. */
  readonly cookies: ReadonlyMap<string, string>;
}

/** Live health of a target, for saying why it is left out (packages/health's monitor). */
export type TargetHealthLookup = (targetGroupArn: string, targetId: string, port: number) => { readonly state: string; readonly reason?: string | undefined } | undefined;

export interface ExplainInput {
  readonly config: RoutingConfig;
  readonly listener: ListenerRoute;
  readonly request: ExplainedRequest;
  readonly keyRing: CookieKeyRing;
  /** The proxy's cursors and in-flight counts; only read. */
  readonly balancer: BalancerState;
  readonly nowMs: number;
  /** Draws for weighted choices (the group, weighted_random, a zone with cross-zone off). */
  readonly random: RandomNumber;
  readonly targetHealth?: TargetHealthLookup;
}

export interface RuleStep {
  readonly priority: string;
  readonly ruleArn: string | undefined;
  readonly verdict: 'matched' | 'skipped' | 'not-evaluated' | 'invalid-priority';
  readonly why: string;
  readonly conditions: readonly ConditionOutcome[];
}

export interface ActionStep {
  readonly type: string;
  /** Actions before the terminal one (authenticate-*), which elbow lets through. */
  readonly passedThrough: readonly string[];
  readonly redirect?: { readonly statusCode: number; readonly location: string };
  readonly fixedResponse?: { readonly statusCode: number; readonly contentType: string | undefined; readonly body: string };
}

/** What a sticky cookie in the request did. */
export interface CookieCheck {
  /** The cookie looked at; undefined: the request has none. */
  readonly name: string | undefined;
  readonly decoded: DecodedStickyCookie | undefined;
  /** Whether it decided the choice. */
  readonly isUsed: boolean;
  readonly why: string;
}

export interface TargetGroupStep {
  readonly by: 'only-group' | 'cookie' | 'weights';
  readonly groups: readonly { readonly arn: string; readonly name: string | undefined; readonly weight: number; readonly probability: number }[];
  /** TargetGroupStickinessConfig: undefined when the forward has none enabled. */
  readonly stickiness: { readonly durationSeconds: number; readonly cookie: CookieCheck } | undefined;
  readonly chosen: { readonly arn: string; readonly name: string } | undefined;
  readonly why: string;
}

export interface TargetCandidate {
  readonly id: string;
  readonly port: number;
  readonly host: string | undefined;
  readonly availabilityZone: string | undefined;
  readonly isCandidate: boolean;
  readonly excludedBecause?: string;
  /** least_outstanding_requests: requests in flight now. */
  readonly inFlight?: number;
  /** weighted_random, or slow start: the chance of this target. */
  readonly probability?: number;
}

export interface TargetStep {
  readonly targetGroup: { readonly arn: string; readonly name: string };
  readonly algorithm: string;
  readonly by: 'cookie' | 'algorithm';
  readonly stickiness: { readonly type: 'lb_cookie' | 'app_cookie'; readonly durationSeconds: number; readonly cookie: CookieCheck } | undefined;
  readonly candidates: readonly TargetCandidate[];
  readonly chosen: { readonly id: string; readonly port: number; readonly host: string | undefined } | undefined;
  readonly why: string;
}

export interface RequestExplanation {
  readonly listener: { readonly arn: string; readonly protocol: string; readonly port: number; readonly loadBalancerName: string; readonly loadBalancerArn: string };
  readonly request: { readonly method: string; readonly host: string | undefined; readonly path: string; readonly query: string; readonly sourceIp: string };
  readonly rules: readonly RuleStep[];
  readonly rule: { readonly priority: string; readonly ruleArn: string | undefined } | undefined;
  readonly action: ActionStep | undefined;
  readonly targetGroupChoice: TargetGroupStep | undefined;
  readonly targetChoice: TargetStep | undefined;
  readonly outcome: { readonly answeredBy: 'target' | 'load-balancer'; readonly statusCode: number | undefined; readonly why: string };
  /** What `--debug-headers` would put in X-Elbow-Route for this request. */
  readonly route: string;
}

const priorityOf = (rule: elbv2.Rule) => (rule.IsDefault === true ? 'default' : (rule.Priority ?? '?'));
const percent = (probability: number) => `${Math.round(probability * 1000) / 10}%`;
const TERMINAL_ACTIONS = new Set(['forward', 'redirect', 'fixed-response']);

/** The request as the proxy would receive it: origin form, a Host header, the cookies in a Cookie header. */
function incomingHeaders(request: ExplainedRequest, listener: ListenerRoute): { url: string; headers: [string, string][] } {
  const headers: [string, string][] = request.headers.map(([name, value]) => [name, value]);
  const { absoluteFormHost, rest } = splitAbsoluteForm(request.url);
  let host = absoluteFormHost;
  let url = absoluteFormHost === undefined ? rest : rest || '/';
  if (!url.startsWith('/')) url = `/${url}`;
  if (!headers.some(([name]) => name.toLowerCase() === 'host')) {
    const defaultPort = listener.protocol === 'HTTPS' ? 443 : 80;
    host ??= `${listener.loadBalancer.dnsName ?? ''}${listener.port === defaultPort ? '' : `:${listener.port}`}`;
    headers.unshift(['Host', host]);
  }
  if (request.cookies.size > 0) headers.push(['Cookie', [...request.cookies].map(([name, value]) => `${name}=${value}`).join('; ')]);
  return { url, headers };
}

function ruleSteps(listener: ListenerRoute, exchangeRequest: Parameters<typeof selectRule>[1]): RuleStep[] {
  return selectRule(listener.rules, exchangeRequest).evaluations.map((evaluation) => {
    const failing = evaluation.conditions.filter((condition) => !condition.isMatch);
    const base = { priority: priorityOf(evaluation.rule), ruleArn: evaluation.rule.RuleArn, conditions: evaluation.conditions };
    switch (evaluation.verdict) {
      case 'matched':
        return { ...base, verdict: 'matched', why: evaluation.priority === 'default' ? 'no other rule matched: the default rule applies' : evaluation.conditions.length === 0 ? 'no conditions' : 'every condition holds' };
      case 'conditions-not-met':
        return { ...base, verdict: 'skipped', why: failing.map((condition) => `${condition.field}: ${condition.reason}`).join('; ') };
      case 'not-evaluated':
        return { ...base, verdict: 'not-evaluated', why: 'a rule with a lower priority number matched first' };
      case 'invalid-priority':
        return { ...base, verdict: 'invalid-priority', why: `priority ${JSON.stringify(evaluation.rule.Priority)} is not a number: never evaluated` };
    }
  });
}

/** The first present of `names`, decoded; the first that opens wins (expired or not), as readStickyCookies reads them. */
function findCookie(names: readonly string[], cookies: ReadonlyMap<string, string>, keyRing: CookieKeyRing, nowMs: number) {
  const present = names.flatMap((name) => {
    const value = cookies.get(name);
    return value === undefined ? [] : [{ name, decoded: decodeStickyCookie(`${name}=${value}`, keyRing, nowMs) }];
  });
  return present.find(({ decoded }) => decoded.issuedAt !== undefined) ?? present[0];
}

function appCookieFinding(cookies: ReadonlyMap<string, string>, keyRing: CookieKeyRing, nowMs: number) {
  const fragments = ['AWSALBAPP-0', 'AWSALBAPP-1', 'AWSALBAPP-2', 'AWSALBAPP-3'].flatMap((name) => {
    const value = cookies.get(name);
    return value === undefined ? [] : [`${name}=${value}`];
  });
  if (fragments.length === 0) return undefined;
  return { name: 'AWSALBAPP', decoded: decodeStickyCookie(fragments.join('; '), keyRing, nowMs) };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const stickySinceSeconds = (decoded: DecodedStickyCookie) => (decoded.stickySince === undefined ? 0 : Date.parse(decoded.stickySince) / 1000);
const issuedSeconds = (decoded: DecodedStickyCookie) => (decoded.issuedAt === undefined ? 0 : Date.parse(decoded.issuedAt) / 1000);

function durationEnded(since: number, durationSeconds: number, setting: string): string {
  return `stickiness began ${iso(since)}; ${setting}=${durationSeconds} ended it at ${iso(since + durationSeconds)}`;
}

function groupStep(input: ExplainInput, tuples: readonly elbv2.TargetGroupTuple[], groupStickiness: elbv2.TargetGroupStickinessConfig | undefined, cookies: ReadonlyMap<string, string>, chosenGroup: TargetGroupRoute | undefined): TargetGroupStep {
  const { config, keyRing, nowMs } = input;
  const weights = tuples.map((tuple) => Math.max(0, tuple.Weight ?? 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const groups = tuples.map((tuple, index) => ({
    arn: tuple.TargetGroupArn ?? '',
    name: config.targetGroups.get(tuple.TargetGroupArn ?? '')?.name,
    weight: weights[index] ?? 0,
    probability: tuples.length === 1 ? 1 : total === 0 ? 0 : (weights[index] ?? 0) / total,
  }));
  const chosen = chosenGroup === undefined ? undefined : { arn: chosenGroup.arn, name: chosenGroup.name };
  const pin = pinnedTargetGroup({ cookies: readStickyCookies(cookies, keyRing), tuples, groupStickiness, targetGroups: config.targetGroups, nowMs });
  let stickiness: TargetGroupStep['stickiness'];
  if (groupStickiness?.Enabled === true) {
    const durationSeconds = groupStickiness.DurationSeconds ?? 0;
    const found = findCookie(['AWSALBTG', 'AWSALBTGCORS'], cookies, keyRing, nowMs);
    let why: string;
    if (pin !== undefined) why = `pins the request to ${pin.targetGroup.name} (stickiness since ${iso(pin.stickySinceSeconds)}, DurationSeconds=${durationSeconds})`;
    else if (found === undefined) why = 'no AWSALBTG cookie: the weights choose, and the response sets one';
    else if (!found.decoded.isValid) why = `${found.name} not used: ${found.decoded.reason ?? 'does not open'}`;
    else if (!tuples.some((tuple) => tuple.TargetGroupArn === found.decoded.targetGroupArn)) why = `${found.name} names ${found.decoded.targetGroupArn ?? '?'}, not a group of this forward`;
    else if (!isStickinessValid({ issuedAtSeconds: issuedSeconds(found.decoded), stickySinceSeconds: stickySinceSeconds(found.decoded) }, durationSeconds, nowMs)) {
      why = `${found.name} no longer binds: ${durationEnded(stickySinceSeconds(found.decoded), durationSeconds, 'DurationSeconds')}`;
    } else why = `${found.name} names a target group that no longer exists`;
    stickiness = { durationSeconds, cookie: { name: found?.name, decoded: found?.decoded, isUsed: pin !== undefined, why } };
  }
  if (tuples.length === 1) return { by: 'only-group', groups, stickiness, chosen, why: `the forward's only target group${chosen === undefined ? ', which no longer exists' : ''}` };
  if (pin !== undefined) return { by: 'cookie', groups, stickiness, chosen, why: `the AWSALBTG cookie pins ${pin.targetGroup.name}; weights are not consulted` };
  if (chosen === undefined) return { by: 'weights', groups, stickiness, chosen, why: total === 0 ? 'every weight is 0: no group takes new requests' : 'the group the weights chose no longer exists' };
  const probability = groups.find((group) => group.arn === chosen.arn)?.probability ?? 0;
  return { by: 'weights', groups, stickiness, chosen, why: `random by weight: this draw picked ${chosen.name}, which the weights pick with probability ${percent(probability)}` };
}

/** Why a registered target takes no new requests; undefined: it is routable. */
function exclusion(group: TargetGroupRoute, target: TargetRoute, zones: readonly string[], health: TargetHealthLookup | undefined): string | undefined {
  if (isRoutable(target)) return undefined;
  if (target.host === undefined) return `not reachable over HTTP by elbow (a ${group.targetType} target)`;
  const zone = target.availabilityZone;
  if (zone !== 'all' && (zone === undefined || !zones.includes(zone))) return `in zone ${zone ?? '(none)'}, where the load balancer is not enabled`;
  const status = health?.(group.arn, target.id, target.port);
  if (status !== undefined) return `health ${status.state}${status.reason === undefined ? '' : ` (${status.reason})`}`;
  return 'not routable (the instance is not running)';
}

function targetStep(input: ExplainInput, group: TargetGroupRoute, cookies: ReadonlyMap<string, string>, chosen: TargetRoute | undefined): TargetStep {
  const { keyRing, nowMs, balancer } = input;
  const zones = input.listener.loadBalancer.availabilityZones;
  const attributes = group.attributes;
  const algorithm = attributes.get('load_balancing.algorithm.type') ?? 'round_robin';
  const routable = routableTargets(group.targets);
  // Cross-zone off: the proxy picked one node's zone; targets elsewhere were not candidates.
  const isZonal = attributes.get('load_balancing.cross_zone.enabled') === 'false';
  const chosenZone = chosen?.availabilityZone;
  const inChosenZone = (target: TargetRoute) => !isZonal || chosenZone === undefined || chosenZone === 'all' || target.availabilityZone === 'all' || target.availabilityZone === chosenZone;
  const pool = routable.filter(inChosenZone);
  const rampWeights = algorithm === 'least_outstanding_requests' ? undefined : slowStartWeights(pool, nowMs);
  const weights = rampWeights ?? (algorithm === 'weighted_random' ? pool.map(() => 1) : undefined);
  const weightTotal = weights?.reduce((sum, weight) => sum + weight, 0) ?? 0;
  const inFlight = algorithm === 'least_outstanding_requests' ? balancer.inFlight(group.arn, pool) : undefined;
  const candidates: TargetCandidate[] = group.targets.map((target) => {
    const base = { id: target.id, port: target.port, host: target.host, availabilityZone: target.availabilityZone };
    const excluded = exclusion(group, target, zones, input.targetHealth);
    if (excluded !== undefined) return { ...base, isCandidate: false, excludedBecause: excluded };
    const index = pool.indexOf(target);
    if (index < 0) return { ...base, isCandidate: false, excludedBecause: `in zone ${target.availabilityZone ?? '?'}: cross-zone load balancing is off and the request reached the node in ${chosenZone ?? '?'}` };
    return {
      ...base,
      isCandidate: true,
      ...(inFlight === undefined ? {} : { inFlight: inFlight[index] ?? 0 }),
      ...(weights === undefined ? {} : { probability: weightTotal === 0 ? 0 : (weights[index] ?? 0) / weightTotal }),
    };
  });

  const stickinessType = attributes.get(STICKINESS_ATTRIBUTE.isEnabled) === 'true' ? attributes.get(STICKINESS_ATTRIBUTE.type) : undefined;
  const pin = pinnedTarget({ cookies: readStickyCookies(cookies, keyRing), requestCookies: cookies, targetGroup: group, targetGroups: input.config.targetGroups, nowMs });
  const pinned = pin.type === 'none' ? undefined : pin.target;
  let stickiness: TargetStep['stickiness'];
  const notRoutable = (id: string, port: number) => {
    const registered = group.targets.find((target) => target.id === id && target.port === port);
    return registered === undefined
      ? `its target ${targetLabel({ id, port })} is no longer registered (deregistered, or draining: draining targets take no new requests)`
      : `its target ${targetLabel(registered)} takes no new requests: ${exclusion(group, registered, zones, input.targetHealth) ?? 'not routable'}`;
  };
  if (stickinessType === 'lb_cookie') {
    const durationSeconds = stickinessDurationSeconds(attributes.get(STICKINESS_ATTRIBUTE.lbCookieDurationSeconds));
    const found = findCookie(['AWSALB', 'AWSALBCORS'], cookies, keyRing, nowMs);
    let why: string;
    if (pinned !== undefined) why = `pins the request to ${targetLabel(pinned)}`;
    else if (found === undefined) why = `no AWSALB cookie: ${algorithm} chooses, and the response sets one`;
    else if (!found.decoded.isValid) why = `${found.name} not used: ${found.decoded.reason ?? 'does not open'}`;
    else if (found.decoded.targetGroupArn !== group.arn) why = `${found.name} was issued for target group ${found.decoded.targetGroupArn ?? '?'}, not this one`;
    else if (!isStickinessValid({ issuedAtSeconds: issuedSeconds(found.decoded), stickySinceSeconds: stickySinceSeconds(found.decoded) }, durationSeconds, nowMs)) {
      why = `${found.name} no longer binds: ${durationEnded(stickySinceSeconds(found.decoded), durationSeconds, 'stickiness.lb_cookie.duration_seconds')}`;
    } else why = `${found.name} not used: ${notRoutable(found.decoded.target?.id ?? '', found.decoded.target?.port ?? 0)}; the response re-pins to the new target`;
    stickiness = { type: 'lb_cookie', durationSeconds, cookie: { name: found?.name, decoded: found?.decoded, isUsed: pinned !== undefined, why } };
  } else if (stickinessType === 'app_cookie' && pin.type === 'app_cookie') {
    const durationSeconds = stickinessDurationSeconds(attributes.get(STICKINESS_ATTRIBUTE.appCookieDurationSeconds));
    const found = appCookieFinding(cookies, keyRing, nowMs);
    const session = found?.decoded.appSessions?.find((entry) => entry.targetGroupArn === group.arn);
    let why: string;
    if (pinned !== undefined) why = `the session of application cookie ${pin.appCookieName} pins the request to ${targetLabel(pinned)}`;
    else if (found === undefined) why = `no AWSALBAPP cookie: ${algorithm} chooses; a response setting ${pin.appCookieName} starts a session`;
    else if (!found.decoded.isValid) why = `AWSALBAPP not used: ${found.decoded.reason ?? 'does not open'}`;
    else if (session === undefined) why = 'AWSALBAPP holds no session for this target group';
    else if (!cookies.has(pin.appCookieName)) why = `the request does not carry the application cookie ${pin.appCookieName}: the session is over`;
    else if (session.appCookieName !== pin.appCookieName) why = `AWSALBAPP's session is for application cookie ${session.appCookieName}, the group now uses ${pin.appCookieName}`;
    else if (!isStickinessValid({ issuedAtSeconds: issuedSeconds(found.decoded), stickySinceSeconds: Date.parse(session.stickySince) / 1000 }, durationSeconds, nowMs)) {
      why = `AWSALBAPP no longer binds: ${durationEnded(Date.parse(session.stickySince) / 1000, durationSeconds, 'stickiness.app_cookie.duration_seconds')}`;
    } else why = `AWSALBAPP not used: ${notRoutable(session.target.id, session.target.port)}; the session moves to the new target`;
    stickiness = { type: 'app_cookie', durationSeconds, cookie: { name: found?.name, decoded: found?.decoded, isUsed: pinned !== undefined, why } };
  }

  const groupRef = { arn: group.arn, name: group.name };
  const chosenRef = chosen === undefined ? undefined : { id: chosen.id, port: chosen.port, host: chosen.host };
  const base = { targetGroup: groupRef, algorithm, stickiness, candidates, chosen: chosenRef };
  if (pinned !== undefined) return { ...base, by: 'cookie', why: `the sticky cookie pins ${targetLabel(pinned)}; ${algorithm} is not consulted and no cursor moves` };
  if (chosen === undefined) {
    return { ...base, by: 'algorithm', why: `no target can take the request (${group.targets.length} registered, none routable): the load balancer answers 503` };
  }
  const position = `${pool.indexOf(chosen) + 1} of ${pool.length}`;
  const probability = candidates.find((candidate) => candidate.id === chosen.id && candidate.port === chosen.port)?.probability;
  if (rampWeights !== undefined) {
    return { ...base, by: 'algorithm', why: `slow start: targets still ramping weigh less; random by weight picked ${targetLabel(chosen)} (probability ${percent(probability ?? 0)})` };
  }
  switch (algorithm) {
    case 'weighted_random':
      return { ...base, by: 'algorithm', why: `weighted_random: this draw picked ${targetLabel(chosen)}, each candidate has probability ${percent(probability ?? 0)}` };
    case 'least_outstanding_requests':
      return { ...base, by: 'algorithm', why: `least_outstanding_requests: ${targetLabel(chosen)} has the fewest requests in flight (ties go round robin), candidate ${position}` };
    default:
      return { ...base, by: 'algorithm', why: `round_robin: ${targetLabel(chosen)} is next in line (candidate ${position})` };
  }
}

function actionStep(rule: elbv2.Rule, answer: { statusCode: number; headers: readonly (readonly [string, string])[]; body: string } | undefined): ActionStep | undefined {
  const actions = [...(rule.Actions ?? [])].sort((a, b) => (a.Order ?? 50001) - (b.Order ?? 50001));
  const terminal = actions.find((action) => TERMINAL_ACTIONS.has(action.Type));
  if (terminal === undefined) return undefined;
  const passedThrough = actions.slice(0, actions.indexOf(terminal)).map((action) => `${action.Type} (not emulated: the request passes)`);
  const header = (name: string) => answer?.headers.find(([headerName]) => headerName.toLowerCase() === name)?.[1];
  if (terminal.Type === 'redirect' && answer !== undefined) {
    return { type: 'redirect', passedThrough, redirect: { statusCode: answer.statusCode, location: header('location') ?? '' } };
  }
  if (terminal.Type === 'fixed-response' && answer !== undefined) {
    return { type: 'fixed-response', passedThrough, fixedResponse: { statusCode: answer.statusCode, contentType: header('content-type'), body: answer.body } };
  }
  return { type: terminal.Type, passedThrough };
}

export function explainRequest(input: ExplainInput): RequestExplanation {
  const { listener, request } = input;
  const { url, headers } = incomingHeaders(request, listener);
  // Reads the proxy's state, never moves it.
  const balancer: BalancerState = {
    cursor: (key) => input.balancer.cursor(key),
    setCursor: () => undefined,
    inFlight: (arn, targets) => input.balancer.inFlight(arn, targets),
  };
  const environment: PassEnvironment = { random: input.random, randomBytes: (size) => new Uint8Array(size), balancer };
  const exchange = createExchange(
    { method: request.method, url, httpVersion: '1.1', headers, clientIp: request.sourceIp, clientPort: 0, isUpgrade: false },
    listener,
    input.config,
    input.nowMs,
    environment,
  );
  runRequestPasses(albRequestPasses(stickinessPassSlots(() => input.keyRing)), exchange);

  const ruleRequest = exchange.ruleRequest;
  const rules = ruleRequest === undefined ? [] : ruleSteps(listener, ruleRequest);
  const rule = exchange.rule === undefined ? undefined : { priority: priorityOf(exchange.rule), ruleArn: exchange.rule.RuleArn };
  const action = exchange.rule === undefined ? undefined : actionStep(exchange.rule, exchange.answer);
  const cookies = parseCookieHeader(headers.filter(([name]) => name.toLowerCase() === 'cookie').map(([, value]) => value));
  const forward = exchange.forward;
  const targetGroupChoice = forward === undefined ? undefined : groupStep(input, forward.tuples, forward.groupStickiness, cookies, exchange.targetGroup);
  const targetChoice = exchange.targetGroup === undefined ? undefined : targetStep(input, exchange.targetGroup, cookies, exchange.target);

  const answer = exchange.answer;
  const outcome: RequestExplanation['outcome'] =
    answer === undefined && exchange.target !== undefined
      ? { answeredBy: 'target', statusCode: undefined, why: `forwarded to ${targetLabel(exchange.target)}${exchange.target.host === exchange.target.id ? '' : ` (at ${exchange.target.host ?? '?'})`} in ${exchange.targetGroup?.name ?? '?'}` }
      : {
          answeredBy: 'load-balancer',
          statusCode: answer?.statusCode ?? 503,
          why: String(exchange.notes['answer'] ?? (action?.type === 'redirect' ? 'redirect action' : action?.type === 'fixed-response' ? 'fixed-response action' : 'no target')),
        };
  return {
    listener: { arn: listener.arn, protocol: listener.protocol, port: listener.port, loadBalancerName: listener.loadBalancer.name, loadBalancerArn: listener.loadBalancer.arn },
    request: { method: request.method, host: ruleRequest?.host, path: ruleRequest?.path ?? url, query: ruleRequest?.query ?? '', sourceIp: request.sourceIp },
    rules,
    rule,
    action,
    targetGroupChoice,
    targetChoice,
    outcome,
    route: debugRouteValue(exchangeRouteFacts(exchange)),
  };
}
