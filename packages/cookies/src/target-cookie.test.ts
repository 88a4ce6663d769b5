import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealTargetCookie, openTargetCookie } from './target-cookie.js';
import { sealTargetGroupCookie } from './target-group-cookie.js';
import type { TargetStickiness } from './target-cookie.js';

const keyRing = { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32).fill(9)]]) };
const payload: TargetStickiness = {
  targetGroupId: '73e2d6bc24d8a067',
  targetId: 'i-0123456789abcdef0',
  port: 8080,
  issuedAtSeconds: 1_665_681_478,
  stickySinceSeconds: 1_665_681_478,
};

describe('sealTargetCookie / openTargetCookie', () => {
  it('round-trips the payload', () => {
    expect(openTargetCookie(sealTargetCookie(payload, keyRing, randomBytes), keyRing)).toEqual(payload);
  });

  it('round-trips an IP target and a full ARN', () => {
    const ipTarget = {
      ...payload,
      targetGroupId: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
      targetId: '2001:db8::1',
      port: 1,
    };
    expect(openTargetCookie(sealTargetCookie(ipTarget, keyRing, randomBytes), keyRing)).toEqual(ipTarget);
  });

  it('writes unpadded standard base64 close to the 124 characters AWS sends (cookies.md §6)', () => {
    const value = sealTargetCookie(payload, keyRing, randomBytes);
    expect(value).toMatch(/^[A-Za-z0-9+/]+$/);
    expect(value.length).toBeGreaterThan(80);
    expect(value.length).toBeLessThanOrEqual(124);
  });

  it('does not open an AWSALBTG value presented as AWSALB', () => {
    const tgValue = sealTargetGroupCookie(
      { targetGroupId: payload.targetGroupId, issuedAtSeconds: 1, stickySinceSeconds: 1 },
      keyRing,
      randomBytes,
    );
    expect(openTargetCookie(tgValue, keyRing)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not a cookie'],
    ['URL-encoded', 'GECRtKYo4Oap5HWDgGcRGKlGKdSkOyGPInt6fjfbtc22KUza18ngvYCaTVMczxX%2FX52%2BiCwVtPdxRxkpnMVorQAp3ZH1'],
    ['a real AWS value (other key)', 'GECRtKYo4Oap5HWDgGcRGKlGKdSkOyGPInt6fjfbtc22KUza18ngvYCaTVMczxX/X52+iCwVtPdxRxkpnMVorQAp3ZH1DpLpxpalHrOiAjQlcLugD/yZQFZe1WP+'],
    ['oversized', 'A'.repeat(100_000)],
    ['_remove_', '_remove_'],
  ])('answers undefined for a %s value', (_label, value) => {
    expect(openTargetCookie(value, keyRing)).toBeUndefined();
  });

  it('answers undefined for a truncated value', () => {
    const value = sealTargetCookie(payload, keyRing, randomBytes);
    expect(openTargetCookie(value.slice(0, -4), keyRing)).toBeUndefined();
  });
});
