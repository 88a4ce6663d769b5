import type { elbv2 } from '@elbow/api-models';
import {
  isStickinessValid,
  readStickyCookies,
  sealAppCookie,
  sealTargetCookie,
  sealTargetGroupCookie,
  stickyCookieLines,
} from '@elbow/cookies';
import type { AppStickinessEntry, CookieKeyRing, RandomBytes, StickyCookieValues, StickyCookies } from '@elbow/cookies';
import type { TargetGroupRoute, TargetRoute } from './routing-config.js';

/**
 * Sticky sessions of an ALB forward, as cookies.md describes them: the target-group cookie of a
 * weighted forward (AWSALBTG, §4) and the target cookies inside the chosen group (AWSALB for
 * `lb_cookie`, §2; AWSALBAPP-0..3 for `app_cookie`, §3). Two pure halves: `routeSticky` decides
 * where a request goes from its cookies, `stickyResponseCookies` writes the Set-Cookie lines of
 * the response. A cookie that is missing, tampered with, expired, undecodable or names a target
 * that cannot take the request never fails a request: the proxy's own choosers decide and a
 * fresh cookie is issued ([D1]; `NonStickyRequestCount` [D2]).
 */

/** The target-group attribute values stickiness reads (defaults filled by the control plane). */
const ATTRIBUTE = {
  isEnabled: 'stickiness.enabled',
  type: 'stickiness.type',
  lbCookieDurationSeconds: 'stickiness.lb_cookie.duration_seconds',
  appCookieDurationSeconds: 'stickiness.app_cookie.duration_seconds',
  appCookieName: 'stickiness.app_cookie.cookie_name',
} as const;

// The control plane's default for both durations (elbv2 target-group attributes [M1]).
const DEFAULT_DURATION_SECONDS = 86_400;

export interface StickyRoutingInput {
  /** The request's cookies by name (parseCookieHeader). */
  readonly cookies: ReadonlyMap<string, string>;
  /** The forward's target groups: ForwardConfig.TargetGroups, or TargetGroupArn as one tuple. */
  readonly tuples: readonly elbv2.TargetGroupTuple[];
  /** ForwardConfig.TargetGroupStickinessConfig, when the rule has one. */
  readonly groupStickiness: elbv2.TargetGroupStickinessConfig | undefined;
  /** Every target group of the routing snapshot, by ARN. */
  readonly targetGroups: ReadonlyMap<string, TargetGroupRoute>;
  /** When the request arrived. */
  readonly nowMs: number;
  readonly keyRing: CookieKeyRing;
  /** The proxy's weighted choice for a request without a usable AWSALBTG. */
  readonly chooseTargetGroup: (tuples: readonly elbv2.TargetGroupTuple[]) => elbv2.TargetGroupTuple | undefined;
  /** The proxy's algorithm (round robin, ...) for a request without a usable target cookie. */
  readonly chooseTarget: (group: TargetGroupRoute) => TargetRoute | undefined;
}

/** Why the target was chosen, for the request's log line and NonStickyRequestCount [D2]. */
export type StickyReason = 'cookie' | 'fresh' | 'off';

export interface StickyRoute {
  /** Undefined: no group to send to (every weight 0, or the group is gone) — the proxy answers 503. */
  readonly targetGroup: TargetGroupRoute | undefined;
  /** Undefined: no routable target in the group — the proxy answers 503. */
  readonly target: TargetRoute | undefined;
  readonly groupReason: StickyReason;
  readonly targetReason: StickyReason;
  /** What the response side needs; opaque to the proxy. */
  readonly plan: StickyResponsePlan;
}

/** The response side's part of a route, built by `stickyResponsePlan` (or `routeSticky`). */
export interface StickyResponsePlan {
  readonly nowMs: number;
  /** AWSALBTG to write: the group and the start of its stickiness window. */
  readonly group: { readonly arn: string; readonly stickySinceSeconds: number } | undefined;
  readonly targetCookie: TargetCookiePlan;
}

type TargetCookiePlan =
  | { readonly type: 'none' }
  | { readonly type: 'lb_cookie'; readonly targetGroupArn: string; readonly target: TargetRoute }
  | {
      readonly type: 'app_cookie';
      readonly targetGroupArn: string;
      readonly appCookieName: string;
      /** The target, when the request rode a live AWSALBAPP entry or failed over from one. */
      readonly keptTarget: TargetRoute | undefined;
      /** The application cookie the client sent with a live session. */
      readonly keptAppCookieValue: string;
      /** The target the response came from (for a new entry when it sets the app cookie). */
      readonly target: TargetRoute | undefined;
      /** Entries of other target groups that are still valid, carried along [D1]. */
      readonly otherEntries: readonly AppStickinessEntry[];
    };

/** A target group held by a valid AWSALBTG of this forward, and its window's start. */
export interface GroupPin {
  readonly targetGroup: TargetGroupRoute;
  readonly stickySinceSeconds: number;
}

export interface PinnedTargetGroupInput {
  readonly cookies: StickyCookies;
  readonly tuples: readonly elbv2.TargetGroupTuple[];
  readonly groupStickiness: elbv2.TargetGroupStickinessConfig | undefined;
  readonly targetGroups: ReadonlyMap<string, TargetGroupRoute>;
  readonly nowMs: number;
}

/**
 * The group a valid AWSALBTG pins the request to (cookies.md §4 [D3]), or undefined: the
 * forward has no group stickiness, the cookie is missing, unreadable or expired, or names a
 * group outside this forward or gone from the snapshot — then the weights decide.
 */
export function pinnedTargetGroup(input: PinnedTargetGroupInput): GroupPin | undefined {
  const pinned = input.cookies.targetGroup;
  if (input.groupStickiness?.Enabled !== true || pinned === undefined) return undefined;
  if (!isStickinessValid(pinned, input.groupStickiness.DurationSeconds ?? 0, input.nowMs)) return undefined;
  // Any group of this forward, whatever its weight: stickiness wins over weights, so a group
  // moved to weight 0 keeps its sticky clients until their duration ends [D3].
  if (!input.tuples.some((tuple) => tuple.TargetGroupArn === pinned.targetGroupId)) return undefined;
  const targetGroup = input.targetGroups.get(pinned.targetGroupId);
  // Decision (unverified): the group window does not slide; it runs from the first choice for
  // DurationSeconds ("the time period during which requests from a client should be routed to
  // the same target group" [M1]), so a blue/green shift drains when it ends.
  return targetGroup === undefined ? undefined : { targetGroup, stickySinceSeconds: pinned.stickySinceSeconds };
}

/** What the chosen group's target stickiness found in the request. */
export type TargetPin =
  | { readonly type: 'none' }
  | { readonly type: 'lb_cookie'; readonly target: TargetRoute | undefined }
  | {
      readonly type: 'app_cookie';
      readonly appCookieName: string;
      /** The session's target, when the session is live and its target can take the request. */
      readonly target: TargetRoute | undefined;
      /** A live session (valid entry, app cookie sent): it follows a failed-over target too [D1]. */
      readonly isSessionLive: boolean;
      /** The application cookie the client sent. */
      readonly appCookieValue: string;
      /** Entries of other target groups that are still valid, carried along [D1]. */
      readonly otherEntries: readonly AppStickinessEntry[];
    };

export interface PinnedTargetInput {
  readonly cookies: StickyCookies;
  /** The request's cookies by name (the application cookie is looked up here). */
  readonly requestCookies: ReadonlyMap<string, string>;
  readonly targetGroup: TargetGroupRoute;
  readonly targetGroups: ReadonlyMap<string, TargetGroupRoute>;
  readonly nowMs: number;
}

/** The target a valid AWSALB or AWSALBAPP entry pins the request to inside its group (cookies.md §2, §3). */
export function pinnedTarget(input: PinnedTargetInput): TargetPin {
  const { targetGroup, cookies, nowMs } = input;
  const attributes = targetGroup.attributes;
  const stickinessType = attributes.get(ATTRIBUTE.isEnabled) === 'true' ? attributes.get(ATTRIBUTE.type) : undefined;

  if (stickinessType === 'lb_cookie') {
    const stuck = cookies.target;
    const duration = durationSeconds(attributes.get(ATTRIBUTE.lbCookieDurationSeconds));
    const isLive = stuck !== undefined && stuck.targetGroupId === targetGroup.arn && isStickinessValid(stuck, duration, nowMs);
    return { type: 'lb_cookie', target: isLive ? routableTarget(targetGroup, stuck.targetId, stuck.port) : undefined };
  }

  if (stickinessType === 'app_cookie') {
    const appCookieName = attributes.get(ATTRIBUTE.appCookieName) ?? '';
    const app = cookies.app;
    const issuedAtSeconds = app?.issuedAtSeconds ?? 0;
    const isLive = (entry: AppStickinessEntry, group: TargetGroupRoute) =>
      group.attributes.get(ATTRIBUTE.isEnabled) === 'true' &&
      group.attributes.get(ATTRIBUTE.type) === 'app_cookie' &&
      entry.appCookieName === group.attributes.get(ATTRIBUTE.appCookieName) &&
      isStickinessValid(
        { issuedAtSeconds, stickySinceSeconds: entry.stickySinceSeconds },
        durationSeconds(group.attributes.get(ATTRIBUTE.appCookieDurationSeconds)),
        nowMs,
      );
    const otherEntries = (app?.entries ?? []).filter((entry) => {
      if (entry.targetGroupId === targetGroup.arn) return false;
      const other = input.targetGroups.get(entry.targetGroupId);
      return other !== undefined && isLive(entry, other);
    });
    const own = app?.entries.find((entry) => entry.targetGroupId === targetGroup.arn);
    // The client must send the application's cookie back with the LB's [D1]; without it the
    // session is over and the request is balanced afresh.
    const appCookieValue = input.requestCookies.get(appCookieName);
    const isSessionLive = own !== undefined && appCookieValue !== undefined && isLive(own, targetGroup);
    return {
      type: 'app_cookie',
      appCookieName,
      target: isSessionLive ? routableTarget(targetGroup, own.targetId, own.port) : undefined,
      isSessionLive,
      appCookieValue: appCookieValue ?? '',
      otherEntries,
    };
  }
  return { type: 'none' };
}

export interface StickyResponsePlanInput {
  readonly nowMs: number;
  readonly groupStickiness: elbv2.TargetGroupStickinessConfig | undefined;
  readonly groupPin: GroupPin | undefined;
  readonly targetPin: TargetPin;
  /** The group and target that serve the request, however they were chosen. */
  readonly targetGroup: TargetGroupRoute;
  readonly target: TargetRoute;
}

/** What the response side writes for a request that reached a target. */
export function stickyResponsePlan(input: StickyResponsePlanInput): StickyResponsePlan {
  const { nowMs, targetGroup, target, targetPin } = input;
  const group =
    input.groupStickiness?.Enabled === true
      ? { arn: targetGroup.arn, stickySinceSeconds: input.groupPin?.stickySinceSeconds ?? Math.floor(nowMs / 1000) }
      : undefined;
  switch (targetPin.type) {
    case 'none':
      return { nowMs, group, targetCookie: { type: 'none' } };
    case 'lb_cookie':
      // Written for whatever target serves the request, so a failed-over session stays on its
      // new target when the old one comes back [D1].
      return { nowMs, group, targetCookie: { type: 'lb_cookie', targetGroupArn: targetGroup.arn, target } };
    case 'app_cookie':
      return {
        nowMs,
        group,
        targetCookie: {
          type: 'app_cookie',
          targetGroupArn: targetGroup.arn,
          appCookieName: targetPin.appCookieName,
          // A live session whose target can no longer take it moves to the new target and stays
          // there, even when the old one comes back [D1].
          keptTarget: targetPin.isSessionLive ? target : undefined,
          keptAppCookieValue: targetPin.appCookieValue,
          target,
          otherEntries: targetPin.otherEntries,
        },
      };
  }
}

/** The whole request side in one call: pins first, the proxy's choosers for the rest. */
export function routeSticky(input: StickyRoutingInput): StickyRoute {
  const cookies = readStickyCookies(input.cookies, input.keyRing);
  const groupPin = pinnedTargetGroup({ ...input, cookies });
  const groupReason: StickyReason =
    input.groupStickiness?.Enabled !== true ? 'off' : groupPin === undefined ? 'fresh' : 'cookie';
  let targetGroup = groupPin?.targetGroup;
  if (targetGroup === undefined) {
    const tuple = input.chooseTargetGroup(input.tuples);
    targetGroup = tuple?.TargetGroupArn === undefined ? undefined : input.targetGroups.get(tuple.TargetGroupArn);
  }
  const none: StickyResponsePlan = { nowMs: input.nowMs, group: undefined, targetCookie: { type: 'none' } };
  if (targetGroup === undefined) return { targetGroup, target: undefined, groupReason, targetReason: 'off', plan: none };
  const targetPin = pinnedTarget({
    cookies,
    requestCookies: input.cookies,
    targetGroup,
    targetGroups: input.targetGroups,
    nowMs: input.nowMs,
  });
  const pinned = targetPin.type === 'none' ? undefined : targetPin.target;
  const target = pinned ?? input.chooseTarget(targetGroup);
  const targetReason: StickyReason = targetPin.type === 'none' ? 'off' : pinned === undefined ? 'fresh' : 'cookie';
  if (target === undefined) return { targetGroup, target, groupReason, targetReason, plan: none };
  const plan = stickyResponsePlan({
    nowMs: input.nowMs,
    groupStickiness: input.groupStickiness,
    groupPin,
    targetPin,
    targetGroup,
    target,
  });
  return { targetGroup, target, groupReason, targetReason, plan };
}

export interface StickyResponseInput {
  readonly plan: StickyResponsePlan;
  /** The target response's Set-Cookie header values (app_cookie watches for its cookie name). */
  readonly responseSetCookies: readonly string[];
  readonly isHttps: boolean;
  readonly userAgent: string | undefined;
  readonly keyRing: CookieKeyRing;
  readonly randomBytes: RandomBytes;
}

/**
 * The Set-Cookie lines the ALB adds to a target's response, whatever its status (cookies.md §2:
 * seen on 200, 301, 429), in AWS's order. Every response re-mints the values: the cookies' own
 * Expires moves to 7 days from this request [D1], and the target stickiness window restarts
 * (app_cookie [D1]; lb_cookie inferred, cookies.md §1).
 */
export function stickyResponseCookies(input: StickyResponseInput): string[] {
  const { plan, keyRing, randomBytes } = input;
  const nowSeconds = Math.floor(plan.nowMs / 1000);
  const values: { -readonly [K in keyof StickyCookieValues]: StickyCookieValues[K] } = {};
  if (plan.group !== undefined) {
    values.targetGroupValue = sealTargetGroupCookie(
      { targetGroupId: plan.group.arn, issuedAtSeconds: nowSeconds, stickySinceSeconds: plan.group.stickySinceSeconds },
      keyRing,
      randomBytes,
    );
  }
  const cookie = plan.targetCookie;
  if (cookie.type === 'lb_cookie') {
    values.targetValue = sealTargetCookie(
      {
        targetGroupId: cookie.targetGroupArn,
        targetId: cookie.target.id,
        port: cookie.target.port,
        issuedAtSeconds: nowSeconds,
        stickySinceSeconds: nowSeconds,
      },
      keyRing,
      randomBytes,
    );
  } else if (cookie.type === 'app_cookie') {
    const setAppCookie =
      cookie.appCookieName === ''
        ? undefined
        : input.responseSetCookies.map(parseSetCookie).findLast((pair) => pair?.name === cookie.appCookieName);
    // The target that sets the application cookie becomes the session's target [D1]; a live
    // session keeps its target whether or not this response sets the cookie again.
    const sessionTarget = setAppCookie === undefined ? cookie.keptTarget : cookie.target;
    const entries: AppStickinessEntry[] = [...cookie.otherEntries];
    if (sessionTarget !== undefined) {
      entries.push({
        targetGroupId: cookie.targetGroupArn,
        targetId: sessionTarget.id,
        port: sessionTarget.port,
        appCookieName: cookie.appCookieName,
        appCookieValue: setAppCookie?.value ?? cookie.keptAppCookieValue,
        stickySinceSeconds: nowSeconds,
      });
    }
    values.appFragments =
      entries.length === 0 ? [] : sealAppCookie({ issuedAtSeconds: nowSeconds, entries }, keyRing, randomBytes).fragments;
  }
  return stickyCookieLines(values, { nowMs: plan.nowMs, isHttps: input.isHttps, userAgent: input.userAgent });
}

/** Name and value of a Set-Cookie header value (RFC 6265 §5.2: the pair before the first `;`). */
function parseSetCookie(line: string): { readonly name: string; readonly value: string } | undefined {
  const pair = line.split(';', 1)[0] ?? '';
  const equals = pair.indexOf('=');
  return equals < 0 ? undefined : { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim() };
}

function durationSeconds(value: string | undefined): number {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_DURATION_SECONDS;
}

/** The registered target with this id and port, when it may take new requests. */
function routableTarget(group: TargetGroupRoute, targetId: string, port: number): TargetRoute | undefined {
  return group.targets.find((target) => target.id === targetId && target.port === port && isRoutable(target));
}

/** A target the proxy can send to: routable (registered, later healthy) and reachable over HTTP. */
export function isRoutable(target: TargetRoute): boolean {
  return target.isRoutable && target.host !== undefined;
}

// For `explainRequest` (explain-request.ts): the same attribute names and duration default, so
// its account of why a cookie no longer binds is the rule above, not a copy.
export { ATTRIBUTE as STICKINESS_ATTRIBUTE, durationSeconds as stickinessDurationSeconds };

/**
 * A label for the sticky session a response continues or starts, the same for every request of
 * it, so the inspector can follow one client (issue 7). The sealed cookies cannot serve: the ALB
 * reseals AWSALB/AWSALBTG on every answer. So: AWSALBTG's target group and sticky-since (fixed
 * while the session lives); AWSALB's target group and target (its sticky-since slides with each
 * response); app_cookie's application cookie, the one this response sets or else the one the
 * client sent. A first request, which brought no cookie, gets the key of the session its response
 * starts. Undefined when nothing is sticky.
 */
export function stickySessionKey(plan: StickyResponsePlan, responseSetCookies: readonly string[]): string | undefined {
  const parts: string[] = [];
  if (plan.group !== undefined) parts.push(`AWSALBTG ${plan.group.arn} ${plan.group.stickySinceSeconds}`);
  const cookie = plan.targetCookie;
  if (cookie.type === 'lb_cookie') parts.push(`AWSALB ${cookie.targetGroupArn} ${cookie.target.id}:${cookie.target.port}`);
  if (cookie.type === 'app_cookie' && cookie.appCookieName !== '') {
    const value = responseSetCookies.map(parseSetCookie).findLast((pair) => pair?.name === cookie.appCookieName)?.value ?? cookie.keptAppCookieValue;
    if (value !== '') parts.push(`AWSALBAPP ${cookie.appCookieName}=${value}`);
  }
  return parts.length === 0 ? undefined : parts.join('\n');
}
