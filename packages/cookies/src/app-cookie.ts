import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { decodeCookieBase64, encodeCookieBase64 } from './cookie-base64.js';
import { SEAL_OVERHEAD_BYTES, openCookieValue, sealCookieValue } from './seal-cookie-value.js';
import type { CookieKeyRing, RandomBytes } from './seal-cookie-value.js';
import { MAX_COOKIE_VALUE_CHARS } from './cookie-value-limit.js';

/** One target group with application-based stickiness, as carried in AWSALBAPP (cookies.md §3). */
export interface AppStickinessEntry {
  readonly targetGroupId: string;
  readonly targetId: string;
  readonly port: number;
  /** `stickiness.app_cookie.cookie_name`: the LB checks only this name in target responses [D1]. */
  readonly appCookieName: string;
  /**
   * The application cookie's value as the target set it. The LB does not check it [D1]; it is
   * carried because AWS says the LB cookie outgrows 4 KB and shards when the application cookie
   * does ("if the application cookie size is greater than 4K" [D1]), so its size follows the
   * application cookie's as on AWS.
   */
  readonly appCookieValue: string;
  /** Start of the current stickiness duration (epoch seconds); reset by each response [D1]. */
  readonly stickySinceSeconds: number;
}

/** The AWSALBAPP value "captures information for every TG with app stickiness" [D1]. */
export interface AppStickiness {
  readonly issuedAtSeconds: number;
  readonly entries: readonly AppStickinessEntry[];
}

/** `AWSALBAPP-0` … `AWSALBAPP-3` [D1]. */
export const APP_COOKIE_FRAGMENT_NAMES = ['AWSALBAPP-0', 'AWSALBAPP-1', 'AWSALBAPP-2', 'AWSALBAPP-3'] as const;

/** The literal value of an unused fragment (cookies.md §3 [G3]); it is "no fragment". */
export const REMOVED_FRAGMENT_VALUE = '_remove_';

// Browsers keep at least 4096 bytes of name=value per cookie (RFC 6265 §6.1), so each
// fragment's `AWSALBAPP-n=value` fits in 4096 bytes: a value of at most 4084 base64 characters,
// i.e. 3063 sealed bytes (3063 = 3 × 1021, so only the last fragment carries `=` padding).
// Decision: bytes are split first and each fragment is base64 on its own, because every observed
// fragment is padded base64 by itself (cookies.md §6).
const FRAGMENT_NAME_CHARS = 'AWSALBAPP-0='.length;
const FRAGMENT_BYTES = Math.floor((4096 - FRAGMENT_NAME_CHARS) / 4) * 3;
export const MAX_APP_COOKIE_SEALED_BYTES = FRAGMENT_BYTES * APP_COOKIE_FRAGMENT_NAMES.length;

function encodePayload(payload: AppStickiness): Uint8Array {
  const writer = new ByteWriter().uint32(payload.issuedAtSeconds).varuint(payload.entries.length);
  for (const entry of payload.entries) {
    writer
      .string(entry.targetGroupId)
      .string(entry.targetId)
      .uint16(entry.port)
      .string(entry.appCookieName)
      .string(entry.appCookieValue)
      .uint32(entry.stickySinceSeconds);
  }
  return writer.toBytes();
}

export interface SealedAppCookie {
  /** One to four fragment values for AWSALBAPP-0.., or none when nothing is sticky. */
  readonly fragments: readonly string[];
  /** Entries left out to stay within 16 KB (oldest `stickySinceSeconds` first). */
  readonly droppedEntries: readonly AppStickinessEntry[];
}

/**
 * Seals the application-stickiness state into AWSALBAPP fragments. AWS caps the cookie at
 * 16 KB [D1] and does not say what happens beyond. Decision (unverified): drop whole entries,
 * the least recently refreshed first, until the rest fits; those target groups simply lose
 * stickiness on the next request, as after an expired duration.
 */
export function sealAppCookie(payload: AppStickiness, keyRing: CookieKeyRing, randomBytes: RandomBytes): SealedAppCookie {
  const kept = [...payload.entries];
  const droppedEntries: AppStickinessEntry[] = [];
  let plaintext = encodePayload({ issuedAtSeconds: payload.issuedAtSeconds, entries: kept });
  while (kept.length > 0 && plaintext.length + SEAL_OVERHEAD_BYTES > MAX_APP_COOKIE_SEALED_BYTES) {
    let oldest = 0;
    kept.forEach((entry, index) => {
      if (entry.stickySinceSeconds < (kept[oldest]?.stickySinceSeconds ?? Infinity)) oldest = index;
    });
    droppedEntries.push(...kept.splice(oldest, 1));
    plaintext = encodePayload({ issuedAtSeconds: payload.issuedAtSeconds, entries: kept });
  }
  if (kept.length === 0) return { fragments: [], droppedEntries };
  const sealed = sealCookieValue('AWSALBAPP', plaintext, keyRing, randomBytes);
  const fragments: string[] = [];
  for (let offset = 0; offset < sealed.length; offset += FRAGMENT_BYTES) {
    fragments.push(encodeCookieBase64(sealed.subarray(offset, offset + FRAGMENT_BYTES), { padded: true }));
  }
  return { fragments, droppedEntries };
}

/**
 * Reassembles AWSALBAPP-0..3 from the request cookies in order, skipping `_remove_` (and absent
 * fragments), and opens it. Inferred from the captures, unverified (cookies.md §3).
 */
export function openAppCookie(cookies: ReadonlyMap<string, string>, keyRing: CookieKeyRing): AppStickiness | undefined {
  const parts: Uint8Array[] = [];
  for (const name of APP_COOKIE_FRAGMENT_NAMES) {
    const value = cookies.get(name);
    if (value === undefined || value === REMOVED_FRAGMENT_VALUE) continue;
    if (value.length > MAX_COOKIE_VALUE_CHARS) return undefined;
    const bytes = decodeCookieBase64(value, { padded: true });
    if (bytes === undefined) return undefined;
    parts.push(bytes);
  }
  if (parts.length === 0) return undefined;
  const plaintext = openCookieValue('AWSALBAPP', Buffer.concat(parts), keyRing);
  if (plaintext === undefined) return undefined;
  const reader = new ByteReader(plaintext);
  const issuedAtSeconds = reader.uint32();
  const count = reader.varuint();
  if (issuedAtSeconds === undefined || count === undefined) return undefined;
  const entries: AppStickinessEntry[] = [];
  for (let index = 0; index < count; index++) {
    const targetGroupId = reader.string();
    const targetId = reader.string();
    const port = reader.uint16();
    const appCookieName = reader.string();
    const appCookieValue = reader.string();
    const stickySinceSeconds = reader.uint32();
    if (
      targetGroupId === undefined ||
      targetId === undefined ||
      port === undefined ||
      appCookieName === undefined ||
      appCookieValue === undefined ||
      stickySinceSeconds === undefined
    ) {
      return undefined;
    }
    entries.push({ targetGroupId, targetId, port, appCookieName, appCookieValue, stickySinceSeconds });
  }
  return reader.isAtEnd ? { issuedAtSeconds, entries } : undefined;
}
