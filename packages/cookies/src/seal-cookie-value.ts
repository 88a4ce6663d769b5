import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * The three ALB cookie payload kinds and the classic AWSELB. The CORS twins (AWSALBCORS,
 * AWSALBTGCORS, AWSELBCORS) carry the same value as their base cookie in every capture
 * (cookies.md §2 [G1], §4; classic-elb.md §3 [G8]), so they open as their base kind.
 */
export type StickyCookieKind = 'AWSALB' | 'AWSALBTG' | 'AWSALBAPP' | 'AWSELB';

/**
 * Keys for AES-256-GCM, by a one-byte id. New cookies are sealed with `currentKeyId`; any key
 * still in `keys` opens older cookies, so rotation never breaks live sessions. AWS rotates its
 * key too (cookies.md §1 [D1]); how often is not documented.
 */
export interface CookieKeyRing {
  readonly currentKeyId: number;
  readonly keys: ReadonlyMap<number, Uint8Array>;
}

/** Injected randomness (STYLE rule 7): returns `size` random bytes. */
export type RandomBytes = (size: number) => Uint8Array;

// Layout: format (1) | key id (1) | IV (12) | ciphertext | GCM tag (16).
const FORMAT = 1;
const HEADER_BYTES = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const SEAL_OVERHEAD_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

// The cookie kind and the header are GCM additional data: a value sealed for AWSALBTG fails
// authentication when presented as AWSALB, and a key id swapped by hand fails too.
function additionalData(kind: StickyCookieKind, keyId: number): Buffer {
  return Buffer.concat([Buffer.from(kind, 'ascii'), Buffer.of(FORMAT, keyId)]);
}

export function sealCookieValue(
  kind: StickyCookieKind,
  plaintext: Uint8Array,
  keyRing: CookieKeyRing,
  randomBytes: RandomBytes,
): Uint8Array {
  const keyId = keyRing.currentKeyId;
  const key = keyRing.keys.get(keyId);
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 0xff) throw new RangeError(`key id must be 0..255: ${keyId}`);
  if (key === undefined) throw new Error(`the key ring has no key ${keyId}`);
  if (key.length !== KEY_BYTES) throw new RangeError(`key ${keyId} must be ${KEY_BYTES} bytes, is ${key.length}`);
  const iv = randomBytes(IV_BYTES);
  if (iv.length !== IV_BYTES) throw new RangeError(`randomBytes returned ${iv.length} bytes, ${IV_BYTES} asked`);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(kind, keyId));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT, keyId), iv, ciphertext, cipher.getAuthTag()]);
}

/** Opens a sealed value; anything that is not a value this ring sealed for `kind` is undefined. */
export function openCookieValue(kind: StickyCookieKind, sealed: Uint8Array, keyRing: CookieKeyRing): Uint8Array | undefined {
  if (sealed.length < SEAL_OVERHEAD_BYTES || sealed[0] !== FORMAT) return undefined;
  const keyId = sealed[1] ?? -1;
  const key = keyRing.keys.get(keyId);
  if (key === undefined || key.length !== KEY_BYTES) return undefined;
  const iv = sealed.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  const ciphertext = sealed.subarray(HEADER_BYTES + IV_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(kind, keyId));
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    // Authentication failure: tampered, truncated, wrong kind or wrong key.
    return undefined;
  }
}

/**
 * Why `openCookieValue` refuses a sealed value, in words for a person reading a cookie
 * (`elbow decode-cookie`); undefined when it opens. Same layout checks, same order.
 */
export function sealedValueFault(kind: StickyCookieKind, sealed: Uint8Array, keyRing: CookieKeyRing): string | undefined {
  if (sealed.length < SEAL_OVERHEAD_BYTES) return `too short: ${sealed.length} bytes, a sealed value has at least ${SEAL_OVERHEAD_BYTES}`;
  if (sealed[0] !== FORMAT) return `unknown format byte ${sealed[0] ?? 0} (elbow writes ${FORMAT})`;
  const keyId = sealed[1] ?? -1;
  if (!keyRing.keys.has(keyId)) return `sealed with key ${keyId}, which this emulator does not hold (rotated out, reset, or another emulator's cookie)`;
  if (openCookieValue(kind, sealed, keyRing) === undefined) return `does not authenticate as ${kind}: tampered with, truncated, or sealed for another cookie kind`;
  return undefined;
}
