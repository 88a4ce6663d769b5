import type { AppSetCookie } from './classic-app-set-cookie.js';

/** How the listener's stickiness policy shapes the AWSELB cookie (classic-elb.md §3). */
export type ClassicCookieAttributes =
  /** LBCookieStickinessPolicyType: undefined period → a session cookie (no MAX-AGE), inferred from [D2]. */
  | { readonly kind: 'duration'; readonly expirationPeriodSeconds: number | undefined }
  /** AppCookieStickinessPolicyType: the app cookie's attributes are copied [D2][M2]. */
  | { readonly kind: 'application'; readonly appCookie: AppSetCookie };

/**
 * The app-cookie attributes ELB copies onto AWSELB, by lower-case name, written upper-case like
 * the attributes of every captured AWSELB line (`PATH`, `MAX-AGE`, `SECURE`, `SAMESITE` [G8]).
 * The list is the API reference's (CreateAppCookieStickinessPolicy, [M2]); others are dropped.
 */
const COPIED_ATTRIBUTES = new Set(['path', 'port', 'domain', 'secure', 'httponly', 'discard', 'max-age', 'expires', 'version', 'comment', 'commenturl', 'samesite']);
/** The CORS twin's own attributes: `SECURE;SAMESITE=None` last, as captured [G8]. */
const CORS_ATTRIBUTES = ['SECURE', 'SAMESITE=None'];

/** ELB "URI-encodes `_` as `%5F`" in the cookie path for browser compatibility [D2]. */
const encodePath = (path: string) => path.replaceAll('_', '%5F');

function attributeList(attributes: ClassicCookieAttributes): string[] {
  if (attributes.kind === 'duration') {
    return attributes.expirationPeriodSeconds === undefined ? ['PATH=/'] : ['PATH=/', `MAX-AGE=${attributes.expirationPeriodSeconds}`];
  }
  // PATH first as on every captured line; `/` when the app gave none (decision, unverified).
  let path = '/';
  const others: string[] = [];
  for (const [name, value] of attributes.appCookie.attributes) {
    const lower = name.toLowerCase();
    if (!COPIED_ATTRIBUTES.has(lower)) continue;
    if (lower === 'path') path = value === undefined || value === '' ? '/' : value;
    else others.push(value === undefined ? lower.toUpperCase() : `${lower.toUpperCase()}=${value}`);
  }
  return [`PATH=${encodePath(path)}`, ...others];
}

/**
 * The two Set-Cookie values ELB sends when it inserts a sticky cookie: AWSELB, then AWSELBCORS
 * with the same value plus `SECURE;SAMESITE=None` [D2][G8]. Wire format as captured: no space
 * after `;`, upper-case attribute names:
 * `AWSELB=<HEX>;PATH=/;MAX-AGE=900`, `AWSELBCORS=<HEX>;PATH=/;MAX-AGE=900;SECURE;SAMESITE=None`.
 */
export function classicStickyCookieLines(value: string, attributes: ClassicCookieAttributes): [awselb: string, awselbCors: string] {
  const list = attributeList(attributes);
  const corsList = list.filter((attribute) => !/^(SECURE|SAMESITE)(=|$)/.test(attribute));
  return [['AWSELB=' + value, ...list].join(';'), ['AWSELBCORS=' + value, ...corsList, ...CORS_ATTRIBUTES].join(';')];
}
