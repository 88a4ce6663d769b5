export { imfFixdate } from './imf-fixdate.js';
export { sealCookieValue, openCookieValue, sealedValueFault, SEAL_OVERHEAD_BYTES } from './seal-cookie-value.js';
export type { StickyCookieKind, CookieKeyRing, RandomBytes } from './seal-cookie-value.js';
export { encodeCookieBase64, decodeCookieBase64 } from './cookie-base64.js';
export { sealTargetCookie, openTargetCookie } from './target-cookie.js';
export type { TargetStickiness } from './target-cookie.js';
export { sealTargetGroupCookie, openTargetGroupCookie } from './target-group-cookie.js';
export type { TargetGroupStickiness } from './target-group-cookie.js';
export {
  sealAppCookie,
  openAppCookie,
  APP_COOKIE_FRAGMENT_NAMES,
  REMOVED_FRAGMENT_VALUE,
  MAX_APP_COOKIE_SEALED_BYTES,
} from './app-cookie.js';
export type { AppStickiness, AppStickinessEntry, SealedAppCookie } from './app-cookie.js';
export { stickyCookieLines, STICKY_COOKIE_LIFETIME_SECONDS } from './sticky-cookie-lines.js';
export type { StickyCookieValues, StickyCookieContext } from './sticky-cookie-lines.js';
export { isChromium80OrLater } from './is-chromium-80-or-later.js';
export { parseCookieHeader } from './parse-cookie-header.js';
export { isStickinessValid } from './is-stickiness-valid.js';
export type { StickinessStamp } from './is-stickiness-valid.js';
export { readStickyCookies } from './read-sticky-cookies.js';
export type { StickyCookies } from './read-sticky-cookies.js';
export { sealClassicCookie, openClassicCookie } from './classic-cookie.js';
export type { InstanceStickiness } from './classic-cookie.js';
export { classicStickyCookieLines } from './classic-cookie-lines.js';
export type { ClassicCookieAttributes } from './classic-cookie-lines.js';
export { findAppSetCookie } from './classic-app-set-cookie.js';
export type { AppSetCookie } from './classic-app-set-cookie.js';
export { decodeStickyCookie, STICKY_COOKIE_DECODERS } from './decode-sticky-cookie.js';
export type { DecodedStickyCookie, DecodedCookieKind, DecodedCookieTarget, DecodedAppSession, StickyCookieDecoder } from './decode-sticky-cookie.js';
