import { STICKY_COOKIE_LIFETIME_SECONDS } from './sticky-cookie-lines.js';

export interface StickinessStamp {
  readonly issuedAtSeconds: number;
  readonly stickySinceSeconds: number;
}

/**
 * Whether an opened sticky cookie still binds the request. The LB enforces the configured
 * duration from inside the cookie (cookies.md §1 [D1]): stickiness holds from
 * `stickySinceSeconds` for `durationSeconds`. The duration slides: the proxy re-mints the cookie
 * with `stickySinceSeconds = now` on each response ([D1] for app cookies; inferred for lb_cookie).
 * The cookie itself lives 7 days from issue, so a replayed older value is expired too. A stamp
 * from the future (another clock) is refused. An expired stickiness means a fresh target choice,
 * counted as NonStickyRequestCount ([D2]).
 */
export function isStickinessValid(stamp: StickinessStamp, durationSeconds: number, nowMs: number): boolean {
  const nowSeconds = nowMs / 1000;
  if (stamp.issuedAtSeconds > nowSeconds || stamp.stickySinceSeconds > nowSeconds) return false;
  if (nowSeconds >= stamp.issuedAtSeconds + STICKY_COOKIE_LIFETIME_SECONDS) return false;
  return nowSeconds < stamp.stickySinceSeconds + durationSeconds;
}
