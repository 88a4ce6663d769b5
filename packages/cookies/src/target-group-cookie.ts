import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { decodeCookieBase64, encodeCookieBase64 } from './cookie-base64.js';
import { openCookieValue, sealCookieValue } from './seal-cookie-value.js';
import type { CookieKeyRing, RandomBytes } from './seal-cookie-value.js';
import { MAX_COOKIE_VALUE_CHARS } from './cookie-value-limit.js';

/**
 * What AWSALBTG (and AWSALBTGCORS) carries: the target group a weighted forward chose, for
 * `TargetGroupStickinessConfig` (cookies.md §4 [D3]).
 */
export interface TargetGroupStickiness {
  /** Whatever identifies the target group to the proxy (ARN or its trailing id). */
  readonly targetGroupId: string;
  readonly issuedAtSeconds: number;
  readonly stickySinceSeconds: number;
}


export function sealTargetGroupCookie(
  payload: TargetGroupStickiness,
  keyRing: CookieKeyRing,
  randomBytes: RandomBytes,
): string {
  const plaintext = new ByteWriter()
    .string(payload.targetGroupId)
    .uint32(payload.issuedAtSeconds)
    .uint32(payload.stickySinceSeconds)
    .toBytes();
  return encodeCookieBase64(sealCookieValue('AWSALBTG', plaintext, keyRing, randomBytes), { padded: false });
}

/** The payload of an AWSALBTG/AWSALBTGCORS value, or undefined (AWS: `AWSALBTGCookieInvalid`). */
export function openTargetGroupCookie(value: string, keyRing: CookieKeyRing): TargetGroupStickiness | undefined {
  if (value.length > MAX_COOKIE_VALUE_CHARS) return undefined;
  const sealed = decodeCookieBase64(value, { padded: false });
  const plaintext = sealed && openCookieValue('AWSALBTG', sealed, keyRing);
  if (plaintext === undefined) return undefined;
  const reader = new ByteReader(plaintext);
  const targetGroupId = reader.string();
  const issuedAtSeconds = reader.uint32();
  const stickySinceSeconds = reader.uint32();
  if (targetGroupId === undefined || issuedAtSeconds === undefined || stickySinceSeconds === undefined || !reader.isAtEnd) {
    return undefined;
  }
  return { targetGroupId, issuedAtSeconds, stickySinceSeconds };
}
