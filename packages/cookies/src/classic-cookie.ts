import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { openCookieValue, sealCookieValue, SEAL_OVERHEAD_BYTES } from './seal-cookie-value.js';
import type { CookieKeyRing, RandomBytes } from './seal-cookie-value.js';
import { MAX_COOKIE_VALUE_CHARS } from './cookie-value-limit.js';

/**
 * What AWSELB (and its twin AWSELBCORS) carries: the instance a classic sticky session is bound
 * to (classic-elb.md §3). The instance port is inside because "switching to a listener with a
 * different back-end port" loses stickiness [D2]; the issue time is kept for the inspector, never
 * checked: ELB "does not check expiry" of the duration-based cookie [D2].
 */
export interface InstanceStickiness {
  readonly instanceId: string;
  readonly instancePort: number;
  /** When this value was minted (epoch seconds). */
  readonly issuedAtSeconds: number;
}

/**
 * Real AWSELB values are upper-case hex of 138–154 characters (classic-elb.md §3 [G8]). The
 * payload of an `i-` + 17-hex instance id is ~27 bytes; it is zero-padded to this many bytes so
 * the sealed value is 144 hex characters, in that length class. Longer ids are not padded.
 */
const PADDED_PLAINTEXT_BYTES = 72 - SEAL_OVERHEAD_BYTES;
/** How the load balancer writes AWSELB: upper-case hex of whole bytes (classic-elb.md §3 [G8]). */
export const AWSELB_VALUE_PATTERN = /^(?:[0-9A-F]{2})+$/;

export function sealClassicCookie(payload: InstanceStickiness, keyRing: CookieKeyRing, randomBytes: RandomBytes): string {
  const fields = new ByteWriter().string(payload.instanceId).uint16(payload.instancePort).uint32(payload.issuedAtSeconds).toBytes();
  const plaintext = new Uint8Array(Math.max(fields.length, PADDED_PLAINTEXT_BYTES));
  plaintext.set(fields);
  return Buffer.from(sealCookieValue('AWSELB', plaintext, keyRing, randomBytes)).toString('hex').toUpperCase();
}

/** The payload of an AWSELB/AWSELBCORS value, or undefined for anything this ring did not seal. */
export function openClassicCookie(value: string, keyRing: CookieKeyRing): InstanceStickiness | undefined {
  if (value.length > MAX_COOKIE_VALUE_CHARS || !AWSELB_VALUE_PATTERN.test(value)) return undefined;
  const plaintext = openCookieValue('AWSELB', Buffer.from(value, 'hex'), keyRing);
  if (plaintext === undefined) return undefined;
  const reader = new ByteReader(plaintext);
  const instanceId = reader.string();
  const instancePort = reader.uint16();
  const issuedAtSeconds = reader.uint32();
  if (instanceId === undefined || instancePort === undefined || issuedAtSeconds === undefined) return undefined;
  for (let padding = reader.uint8(); padding !== undefined; padding = reader.uint8()) {
    if (padding !== 0) return undefined;
  }
  return { instanceId, instancePort, issuedAtSeconds };
}
