import { APP_COOKIE_FRAGMENT_NAMES, REMOVED_FRAGMENT_VALUE } from './app-cookie.js';
import { imfFixdate } from './imf-fixdate.js';
import { isChromium80OrLater } from './is-chromium-80-or-later.js';

/** The LB cookie's own expiry: 7 days, not configurable (cookies.md §1 [D1]). */
export const STICKY_COOKIE_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

export interface StickyCookieValues {
  /** Sealed AWSALBTG value, when the rule's forward has target-group stickiness. */
  readonly targetGroupValue?: string;
  /** Sealed AWSALB value, when the chosen target group has `lb_cookie` stickiness. */
  readonly targetValue?: string;
  /**
   * AWSALBAPP fragment values (0–4), when the chosen target group has `app_cookie` stickiness;
   * an empty list still writes all four fragments as `_remove_` (cookies.md §3 [G3-a..c]).
   */
  readonly appFragments?: readonly string[];
}

export interface StickyCookieContext {
  /** When the LB minted the cookie: the request's arrival, not the response (cookies.md §2). */
  readonly nowMs: number;
  /** Listener protocol HTTPS: the CORS twins get `; Secure` (inferred from captures, unverified). */
  readonly isHttps: boolean;
  readonly userAgent: string | undefined;
}

/**
 * The Set-Cookie header values for one response, in AWS's order: AWSALBTG, AWSALBTGCORS [G4];
 * AWSALB, AWSALBCORS [G1]; AWSALBAPP-0..3 ascending [G3]. Target-group cookies before target
 * cookies is the spec's suggestion (cookies.md §5), unverified.
 * Format: `NAME=value; Expires=<IMF-fixdate>; Path=/` — no Domain, HttpOnly or Max-Age [G1].
 */
export function stickyCookieLines(values: StickyCookieValues, context: StickyCookieContext): string[] {
  const expires = imfFixdate(Math.floor(context.nowMs / 1000) * 1000 + STICKY_COOKIE_LIFETIME_SECONDS * 1000);
  const line = (name: string, value: string) => `${name}=${value}; Expires=${expires}; Path=/`;
  const corsAttributes = context.isHttps ? '; SameSite=None; Secure' : '; SameSite=None';
  const lines: string[] = [];
  if (values.targetGroupValue !== undefined) {
    lines.push(line('AWSALBTG', values.targetGroupValue), line('AWSALBTGCORS', values.targetGroupValue) + corsAttributes);
  }
  if (values.targetValue !== undefined) {
    lines.push(line('AWSALB', values.targetValue), line('AWSALBCORS', values.targetValue) + corsAttributes);
  }
  if (values.appFragments !== undefined) {
    if (values.appFragments.length > APP_COOKIE_FRAGMENT_NAMES.length) {
      throw new RangeError(`at most ${APP_COOKIE_FRAGMENT_NAMES.length} AWSALBAPP fragments, got ${values.appFragments.length}`);
    }
    // [D1]: for CORS, `SameSite=None; Secure` only for Chromium 80+; no separate CORS name.
    const appAttributes = isChromium80OrLater(context.userAgent) ? '; SameSite=None; Secure' : '';
    APP_COOKIE_FRAGMENT_NAMES.forEach((name, index) => {
      lines.push(line(name, values.appFragments?.[index] ?? REMOVED_FRAGMENT_VALUE) + appAttributes);
    });
  }
  return lines;
}
