import { createHash } from 'node:crypto';

/** Names the load balancer itself sets: AWSALB, AWSALBCORS, AWSALBAPP-<n>, AWSALBTG, AWSALBTGCORS, AWSELB. */
const LOAD_BALANCER_COOKIE = /^AWS(ALB|ELB)/;

/** Hex characters kept: 40 bits, enough that two sessions seen in one inspector rarely share one. */
const FINGERPRINT_LENGTH = 10;

/**
 * A short, stable label for the session a request belongs to, from the sticky cookies it
 * presented (`name=value`), so a person can follow one client through the stream without the
 * inspector keeping cookie values. The load balancer reseals its AWSALB* cookies on every answer
 * (packages/data-plane sticky-passes.ts), so their values change from request to request; an
 * application's own cookie (app_cookie stickiness) does not, so when one is present only it
 * counts. Undefined when the request presented no sticky cookie.
 */
export function sessionFingerprint(sessionCookies: readonly string[]): string | undefined {
  if (sessionCookies.length === 0) return undefined;
  const nameOf = (cookie: string) => (cookie.includes('=') ? cookie.slice(0, cookie.indexOf('=')) : '');
  const applicationCookies = sessionCookies.filter((cookie) => !LOAD_BALANCER_COOKIE.test(nameOf(cookie)));
  const counted = applicationCookies.length > 0 ? applicationCookies : sessionCookies;
  // Sorted: the order a client sends its cookies in is not part of the session.
  return createHash('sha256').update([...counted].sort().join('\n')).digest('hex').slice(0, FINGERPRINT_LENGTH);
}
