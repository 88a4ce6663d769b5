import { createHash } from 'node:crypto';

/** Hex characters kept: 40 bits, enough that two sessions seen in one inspector rarely share one. */
const FINGERPRINT_LENGTH = 10;

// A session's requests share one key: each is hashed once while the page reads the same rows
// over and over (every chart refresh reads the whole ring).
const MAX_REMEMBERED = 4096;
const recentFingerprints = new Map<string, string>();

/**
 * A short, stable label for the sticky session a request belongs to, so a person can follow one
 * client through the stream without the inspector showing cookie values. It hashes the record's
 * `stickySessionKey`, which the proxies set from what stays fixed over a session (the sealed
 * cookies do not: the ALB reseals AWSALB on every answer); a client's first request carries the
 * key of the session its response started, so it shares the label with the ones after it.
 * Undefined when the request belongs to no sticky session.
 */
export function sessionFingerprint(stickySessionKey: string | undefined): string | undefined {
  if (stickySessionKey === undefined) return undefined;
  let fingerprint = recentFingerprints.get(stickySessionKey);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(stickySessionKey).digest('hex').slice(0, FINGERPRINT_LENGTH);
    if (recentFingerprints.size >= MAX_REMEMBERED) recentFingerprints.clear();
    recentFingerprints.set(stickySessionKey, fingerprint);
  }
  return fingerprint;
}

