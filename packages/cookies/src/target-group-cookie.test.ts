import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openTargetGroupCookie, sealTargetGroupCookie } from './target-group-cookie.js';
import { sealTargetCookie } from './target-cookie.js';

const keyRing = { currentKeyId: 4, keys: new Map([[4, new Uint8Array(32).fill(4)]]) };
const payload = {
  targetGroupId: 'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/blue/0123456789abcdef',
  issuedAtSeconds: 1_727_906_148,
  stickySinceSeconds: 1_727_906_000,
};

describe('sealTargetGroupCookie / openTargetGroupCookie', () => {
  it('round-trips the chosen target group', () => {
    expect(openTargetGroupCookie(sealTargetGroupCookie(payload, keyRing, randomBytes), keyRing)).toEqual(payload);
  });

  it('writes unpadded standard base64 no longer than the 172 characters AWS sends (cookies.md §6)', () => {
    const value = sealTargetGroupCookie(payload, keyRing, randomBytes);
    expect(value).toMatch(/^[A-Za-z0-9+/]+$/);
    expect(value.length).toBeLessThanOrEqual(172);
  });

  it('does not open an AWSALB value presented as AWSALBTG', () => {
    const albValue = sealTargetCookie(
      { targetGroupId: 'x', targetId: 'i-1', port: 80, issuedAtSeconds: 1, stickySinceSeconds: 1 },
      keyRing,
      randomBytes,
    );
    expect(openTargetGroupCookie(albValue, keyRing)).toBeUndefined();
  });

  it('does not open a URL-encoded copy of a valid value (AWS: AWSALBTGCookieInvalid)', () => {
    let value = sealTargetGroupCookie(payload, keyRing, randomBytes);
    while (!/[+/]/.test(value)) value = sealTargetGroupCookie(payload, keyRing, randomBytes);
    expect(openTargetGroupCookie(encodeURIComponent(value), keyRing)).toBeUndefined();
  });

  it.each([[''], ['_remove_'], ['%%%'], ['A'.repeat(5000)]])('answers undefined for %j', (value) => {
    expect(openTargetGroupCookie(value, keyRing)).toBeUndefined();
  });
});
