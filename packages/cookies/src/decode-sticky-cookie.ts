import { APP_COOKIE_FRAGMENT_NAMES, MAX_APP_COOKIE_SEALED_BYTES, REMOVED_FRAGMENT_VALUE, openAppCookie } from './app-cookie.js';
import { decodeCookieBase64 } from './cookie-base64.js';
import { sealedValueFault } from './seal-cookie-value.js';
import type { CookieKeyRing, StickyCookieKind } from './seal-cookie-value.js';
import { STICKY_COOKIE_LIFETIME_SECONDS } from './sticky-cookie-lines.js';
import { openTargetCookie } from './target-cookie.js';
import { openTargetGroupCookie } from './target-group-cookie.js';
import { AWSELB_VALUE_PATTERN, openClassicCookie } from './classic-cookie.js';
import { MAX_COOKIE_VALUE_CHARS } from './cookie-value-limit.js';

/**
 * `elbow decode-cookie` and the inspector's cookie decoder (issue 7): what a sticky cookie value
 * this emulator issued says, and why one does not open. Never throws: garbage gets a reason.
 * The classic load balancer's AWSELB plugs in as one more row of `STICKY_COOKIE_DECODERS`.
 */

/** `unknown`: a name no decoder row claims. */
export type DecodedCookieKind = StickyCookieKind | 'unknown';

export interface DecodedCookieTarget {
  readonly id: string;
  readonly port: number;
}

/** One target group's session inside AWSALBAPP (it carries one per app-cookie group, cookies.md §3). */
export interface DecodedAppSession {
  readonly targetGroupArn: string;
  readonly target: DecodedCookieTarget;
  readonly appCookieName: string;
  readonly stickySince: string;
}

export interface DecodedStickyCookie {
  readonly name: string;
  readonly kind: DecodedCookieKind;
  /** Opens with this emulator's keys, was not issued in the future, and the cookie has not expired. */
  readonly isValid: boolean;
  /** Why it is not valid. */
  readonly reason?: string;
  readonly targetGroupArn?: string;
  readonly target?: DecodedCookieTarget;
  /** ISO 8601: when the value was minted. */
  readonly issuedAt?: string;
  /** ISO 8601: the cookie's own Expires, 7 days after issue (cookies.md §1 [D1]). */
  readonly expiresAt?: string;
  /**
   * ISO 8601: start of the stickiness duration; the target group's duration setting says how
   * long from here it binds (`elbow explain` checks it against the group).
   */
  readonly stickySince?: string;
  /** AWSALBAPP: every target group's session it carries (the first also fills targetGroupArn/target). */
  readonly appSessions?: readonly DecodedAppSession[];
  /** AWSALBAPP: how the value was read (one value, or fragments joined in order). */
  readonly fragments?: string;
}

export interface StickyCookieDecoder {
  readonly kind: StickyCookieKind;
  /** The names it decodes, as the unknown-name message lists them. */
  readonly names: string;
  readonly matches: (name: string) => boolean;
  /** `values`: one value, or (AWSALBAPP) the fragments' values by name in the order given. */
  readonly decode: (name: string, values: ReadonlyMap<string, string>, keyRing: CookieKeyRing, nowMs: number) => DecodedStickyCookie;
}

// A full AWSALBAPP fragment: 3063 sealed bytes as base64 (app-cookie.ts).
const APP_FRAGMENT_CHARS = ((MAX_APP_COOKIE_SEALED_BYTES / APP_COOKIE_FRAGMENT_NAMES.length) / 3) * 4;

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

function invalid(name: string, kind: DecodedCookieKind, reason: string): DecodedStickyCookie {
  return { name, kind, isValid: false, reason };
}

/** Validity of the cookie itself (not of the group's stickiness duration, which needs the group). */
function lifetime(issuedAtSeconds: number, nowMs: number): { isValid: boolean; reason?: string; issuedAt: string; expiresAt: string } {
  const expiresAtSeconds = issuedAtSeconds + STICKY_COOKIE_LIFETIME_SECONDS;
  const dates = { issuedAt: isoSeconds(issuedAtSeconds), expiresAt: isoSeconds(expiresAtSeconds) };
  if (issuedAtSeconds * 1000 > nowMs) return { isValid: false, reason: `issued in the future (${dates.issuedAt}); the load balancer ignores it`, ...dates };
  if (nowMs >= expiresAtSeconds * 1000) return { isValid: false, reason: `expired at ${dates.expiresAt} (7 days after issue)`, ...dates };
  return { isValid: true, ...dates };
}

/** Why an unpadded value does not open, before its payload is read; undefined: it opens. */
function unpaddedFault(kind: StickyCookieKind, value: string, keyRing: CookieKeyRing): string | undefined {
  if (value === '') return 'empty value';
  if (value.length > MAX_COOKIE_VALUE_CHARS) return `longer than ${MAX_COOKIE_VALUE_CHARS} characters`;
  const sealed = decodeCookieBase64(value, { padded: false });
  if (sealed === undefined) {
    return 'not unpadded standard base64 as the load balancer writes it (URL-encoded, URL-safe, padded, or stray characters)';
  }
  return sealedValueFault(kind, sealed, keyRing);
}

const firstValue = (values: ReadonlyMap<string, string>) => values.values().next().value ?? '';

const targetDecoder: StickyCookieDecoder = {
  kind: 'AWSALB',
  names: 'AWSALB, AWSALBCORS',
  matches: (name) => name === 'AWSALB' || name === 'AWSALBCORS',
  decode(name, values, keyRing, nowMs) {
    const value = firstValue(values);
    const fault = unpaddedFault('AWSALB', value, keyRing);
    const payload = fault === undefined ? openTargetCookie(value, keyRing) : undefined;
    if (payload === undefined) return invalid(name, 'AWSALB', fault ?? 'opens, but does not hold an AWSALB payload');
    return {
      name,
      kind: 'AWSALB',
      ...lifetime(payload.issuedAtSeconds, nowMs),
      targetGroupArn: payload.targetGroupId,
      target: { id: payload.targetId, port: payload.port },
      stickySince: isoSeconds(payload.stickySinceSeconds),
    };
  },
};

const targetGroupDecoder: StickyCookieDecoder = {
  kind: 'AWSALBTG',
  names: 'AWSALBTG, AWSALBTGCORS',
  matches: (name) => name === 'AWSALBTG' || name === 'AWSALBTGCORS',
  decode(name, values, keyRing, nowMs) {
    const value = firstValue(values);
    const fault = unpaddedFault('AWSALBTG', value, keyRing);
    const payload = fault === undefined ? openTargetGroupCookie(value, keyRing) : undefined;
    if (payload === undefined) return invalid(name, 'AWSALBTG', fault ?? 'opens, but does not hold an AWSALBTG payload');
    return {
      name,
      kind: 'AWSALBTG',
      ...lifetime(payload.issuedAtSeconds, nowMs),
      targetGroupArn: payload.targetGroupId,
      stickySince: isoSeconds(payload.stickySinceSeconds),
    };
  },
};

const isAppCookieName = (name: string) => name === 'AWSALBAPP' || (APP_COOKIE_FRAGMENT_NAMES as readonly string[]).includes(name);

/**
 * AWSALBAPP: one value (a cookie that fits one fragment, or all fragments' values joined in
 * order), or the fragments as separate pairs (`AWSALBAPP-0=..; AWSALBAPP-1=..`), joined in the
 * order given; `_remove_` fragments carry nothing and are skipped, as the proxy skips them.
 */
const appDecoder: StickyCookieDecoder = {
  kind: 'AWSALBAPP',
  names: 'AWSALBAPP-0..3',
  matches: isAppCookieName,
  decode(name, values, keyRing, nowMs) {
    const parts = [...values].filter(([, value]) => value !== REMOVED_FRAGMENT_VALUE);
    if (parts.length === 0) return invalid(name, 'AWSALBAPP', `'${REMOVED_FRAGMENT_VALUE}' marks an unused fragment; it carries no session`);
    const joined = parts.map(([, value]) => value).join('');
    const fragments = parts.length === 1 ? 'one value' : `joined from ${parts.map(([fragmentName]) => fragmentName).join(', ')}`;
    if (joined.length > APP_FRAGMENT_CHARS * APP_COOKIE_FRAGMENT_NAMES.length) {
      return invalid(name, 'AWSALBAPP', `longer than ${APP_FRAGMENT_CHARS * APP_COOKIE_FRAGMENT_NAMES.length} characters, four full fragments`);
    }
    const sealed = decodeCookieBase64(joined, { padded: true });
    if (sealed === undefined) {
      return invalid(name, 'AWSALBAPP', 'not padded standard base64 as the load balancer writes AWSALBAPP (URL-encoded, URL-safe, or stray characters)');
    }
    const fault = sealedValueFault('AWSALBAPP', sealed, keyRing);
    if (fault !== undefined) {
      const hint = parts.length === 1 && name !== 'AWSALBAPP-0' && name !== 'AWSALBAPP'
        ? '; a fragmented cookie opens only whole: give every fragment from AWSALBAPP-0 on'
        : parts.length === 1 ? '; if the cookie came in fragments, give them all (AWSALBAPP-0=..; AWSALBAPP-1=..) or their values joined in order' : '';
      return { ...invalid(name, 'AWSALBAPP', fault + hint), fragments };
    }
    // Re-split as the proxy receives it, so the proxy's own opener reads it.
    const asSent = new Map<string, string>();
    for (let index = 0; index * APP_FRAGMENT_CHARS < joined.length; index++) {
      asSent.set(APP_COOKIE_FRAGMENT_NAMES[index] as string, joined.slice(index * APP_FRAGMENT_CHARS, (index + 1) * APP_FRAGMENT_CHARS));
    }
    const payload = openAppCookie(asSent, keyRing);
    if (payload === undefined) return { ...invalid(name, 'AWSALBAPP', 'opens, but does not hold an AWSALBAPP payload'), fragments };
    const appSessions = payload.entries.map((entry) => ({
      targetGroupArn: entry.targetGroupId,
      target: { id: entry.targetId, port: entry.port },
      appCookieName: entry.appCookieName,
      stickySince: isoSeconds(entry.stickySinceSeconds),
    }));
    const first = appSessions[0];
    return {
      name,
      kind: 'AWSALBAPP',
      ...lifetime(payload.issuedAtSeconds, nowMs),
      ...(first === undefined ? {} : { targetGroupArn: first.targetGroupArn, target: first.target, stickySince: first.stickySince }),
      appSessions,
      fragments,
    };
  },
};

/**
 * AWSELB (classic ELB, classic-elb.md §3): upper-case hex naming the instance and its port. The
 * load balancer never checks its age (the browser drops it at MAX-AGE), so an AWSELB that opens is
 * valid; it has no Expires of its own to report.
 */
const classicDecoder: StickyCookieDecoder = {
  kind: 'AWSELB',
  names: 'AWSELB, AWSELBCORS',
  matches: (name) => name === 'AWSELB' || name === 'AWSELBCORS',
  decode(name, values, keyRing, nowMs) {
    const value = firstValue(values);
    if (value === '') return invalid(name, 'AWSELB', 'empty value');
    if (value.length > MAX_COOKIE_VALUE_CHARS) return invalid(name, 'AWSELB', `longer than ${MAX_COOKIE_VALUE_CHARS} characters`);
    if (!AWSELB_VALUE_PATTERN.test(value)) return invalid(name, 'AWSELB', 'not upper-case hex of whole bytes as the load balancer writes AWSELB');
    const fault = sealedValueFault('AWSELB', Buffer.from(value, 'hex'), keyRing);
    const payload = fault === undefined ? openClassicCookie(value, keyRing) : undefined;
    if (payload === undefined) return invalid(name, 'AWSELB', fault ?? 'opens, but does not hold an AWSELB payload');
    const issuedAt = isoSeconds(payload.issuedAtSeconds);
    if (payload.issuedAtSeconds * 1000 > nowMs) return { ...invalid(name, 'AWSELB', `issued in the future (${issuedAt}); the load balancer ignores it`), issuedAt };
    return { name, kind: 'AWSELB', isValid: true, issuedAt, target: { id: payload.instanceId, port: payload.instancePort } };
  },
};

/** One row per cookie family; the first row whose `matches` claims the name decodes it. */
export const STICKY_COOKIE_DECODERS: readonly StickyCookieDecoder[] = [targetDecoder, targetGroupDecoder, appDecoder, classicDecoder];

// Attributes of a pasted Set-Cookie line (RFC 6265 §5.2), ignored after its pair.
const SET_COOKIE_ATTRIBUTES = new Set(['expires', 'max-age', 'domain', 'path', 'secure', 'httponly', 'samesite', 'partitioned']);

/**
 * Decodes `NAME=VALUE` (a Set-Cookie line's attributes are ignored; AWSALBAPP fragments may come
 * as several `;`-separated pairs). `nowMs` decides expiry.
 */
export function decodeStickyCookie(nameValue: string, keyRing: CookieKeyRing, nowMs: number): DecodedStickyCookie {
  const pairs: [string, string][] = [];
  for (const segment of nameValue.split(';')) {
    const trimmed = segment.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    const pairName = (equals < 0 ? trimmed : trimmed.slice(0, equals)).trim();
    if (pairs.length > 0 && SET_COOKIE_ATTRIBUTES.has(pairName.toLowerCase())) continue;
    if (equals < 0) return invalid(pairName, 'unknown', `expected NAME=VALUE, got '${truncate(trimmed)}'`);
    pairs.push([pairName, trimmed.slice(equals + 1).trim()]);
  }
  const [first] = pairs;
  if (first === undefined) return invalid('', 'unknown', 'expected NAME=VALUE, got nothing');
  const [name] = first;
  const decoder = STICKY_COOKIE_DECODERS.find((row) => row.matches(name));
  if (decoder === undefined) {
    return invalid(name, 'unknown', `'${truncate(name)}' is not a load balancer cookie (${STICKY_COOKIE_DECODERS.map((row) => row.names).join(', ')})`);
  }
  const isFragmentList = decoder.kind === 'AWSALBAPP' && pairs.every(([pairName]) => isAppCookieName(pairName));
  if (pairs.length > 1 && !isFragmentList) return invalid(name, decoder.kind, 'one cookie at a time (several pairs only for AWSALBAPP-0..3 fragments)');
  const values = new Map<string, string>();
  for (const [pairName, value] of pairs) {
    if (values.has(pairName)) return invalid(name, decoder.kind, `${pairName} given twice`);
    values.set(pairName, value);
  }
  return decoder.decode(name, values, keyRing, nowMs);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
