import { openAppCookie } from './app-cookie.js';
import type { AppStickiness } from './app-cookie.js';
import type { CookieKeyRing } from './seal-cookie-value.js';
import { openTargetCookie } from './target-cookie.js';
import type { TargetStickiness } from './target-cookie.js';
import { openTargetGroupCookie } from './target-group-cookie.js';
import type { TargetGroupStickiness } from './target-group-cookie.js';

export interface StickyCookies {
  readonly target?: TargetStickiness;
  readonly targetGroup?: TargetGroupStickiness;
  readonly app?: AppStickiness;
}

/**
 * Opens the ALB cookies a request carries. A cross-site request may carry only the CORS twin
 * (`SameSite=None`), which holds the same value as its base cookie (cookies.md §2, §4), so
 * AWSALBCORS / AWSALBTGCORS are read when the base cookie is absent or does not open.
 * Anything that does not open is simply missing: the LB then chooses afresh [D1].
 */
export function readStickyCookies(cookies: ReadonlyMap<string, string>, keyRing: CookieKeyRing): StickyCookies {
  const open = <T>(names: readonly string[], opener: (value: string, ring: CookieKeyRing) => T | undefined) => {
    for (const name of names) {
      const value = cookies.get(name);
      const payload = value === undefined ? undefined : opener(value, keyRing);
      if (payload !== undefined) return payload;
    }
    return undefined;
  };
  const target = open(['AWSALB', 'AWSALBCORS'], openTargetCookie);
  const targetGroup = open(['AWSALBTG', 'AWSALBTGCORS'], openTargetGroupCookie);
  const app = openAppCookie(cookies, keyRing);
  return {
    ...(target === undefined ? {} : { target }),
    ...(targetGroup === undefined ? {} : { targetGroup }),
    ...(app === undefined ? {} : { app }),
  };
}
