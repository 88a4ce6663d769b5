import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { decodeCookieBase64, encodeCookieBase64 } from './cookie-base64.js';
import { openCookieValue, sealCookieValue } from './seal-cookie-value.js';
import type { CookieKeyRing, RandomBytes } from './seal-cookie-value.js';
import { MAX_COOKIE_VALUE_CHARS } from './cookie-value-limit.js';

/**
 * What AWSALB (and its twin AWSALBCORS) carries: the target a duration-based sticky session
 * is bound to (cookies.md §2). The LB enforces the configured duration "from information inside
 * the cookie" [D1], hence the two timestamps.
 */
export interface TargetStickiness {
  /** Whatever identifies the target group to the proxy (ARN or its trailing id). */
  readonly targetGroupId: string;
  readonly targetId: string;
  readonly port: number;
  /** When this cookie value was minted (epoch seconds); bounds the 7-day cookie lifetime. */
  readonly issuedAtSeconds: number;
  /** Start of the current stickiness duration (epoch seconds); slides with each response. */
  readonly stickySinceSeconds: number;
}


export function sealTargetCookie(payload: TargetStickiness, keyRing: CookieKeyRing, randomBytes: RandomBytes): string {
  const plaintext = new ByteWriter()
    .string(payload.targetGroupId)
    .string(payload.targetId)
    .uint16(payload.port)
    .uint32(payload.issuedAtSeconds)
    .uint32(payload.stickySinceSeconds)
    .toBytes();
  return encodeCookieBase64(sealCookieValue('AWSALB', plaintext, keyRing, randomBytes), { padded: false });
}

/** The payload of an AWSALB/AWSALBCORS value, or undefined for anything this ring did not seal. */
export function openTargetCookie(value: string, keyRing: CookieKeyRing): TargetStickiness | undefined {
  if (value.length > MAX_COOKIE_VALUE_CHARS) return undefined;
  const sealed = decodeCookieBase64(value, { padded: false });
  const plaintext = sealed && openCookieValue('AWSALB', sealed, keyRing);
  if (plaintext === undefined) return undefined;
  const reader = new ByteReader(plaintext);
  const targetGroupId = reader.string();
  const targetId = reader.string();
  const port = reader.uint16();
  const issuedAtSeconds = reader.uint32();
  const stickySinceSeconds = reader.uint32();
  if (
    targetGroupId === undefined ||
    targetId === undefined ||
    port === undefined ||
    issuedAtSeconds === undefined ||
    stickySinceSeconds === undefined ||
    !reader.isAtEnd
  ) {
    return undefined;
  }
  return { targetGroupId, targetId, port, issuedAtSeconds, stickySinceSeconds };
}
