import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openClassicCookie, sealClassicCookie } from './classic-cookie.js';
import type { InstanceStickiness } from './classic-cookie.js';
import { sealTargetCookie } from './target-cookie.js';

const keyRing = { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32).fill(7)]]) };
const payload: InstanceStickiness = { instanceId: 'i-0123456789abcdef0', instancePort: 8080, issuedAtSeconds: 1_700_000_000 };

describe('sealClassicCookie / openClassicCookie', () => {
  it('round-trips the payload', () => {
    expect(openClassicCookie(sealClassicCookie(payload, keyRing, randomBytes), keyRing)).toEqual(payload);
  });

  it('writes upper-case hex of 144 characters, in the 138–154 class of real AWSELB values (classic-elb.md §3 [G8])', () => {
    const value = sealClassicCookie(payload, keyRing, randomBytes);
    expect(value).toMatch(/^[0-9A-F]{144}$/);
    expect(sealClassicCookie({ ...payload, instanceId: 'i-12345678' }, keyRing, randomBytes)).toHaveLength(144);
  });

  it('seals with a fresh IV each time, so two values for one instance differ', () => {
    expect(sealClassicCookie(payload, keyRing, randomBytes)).not.toBe(sealClassicCookie(payload, keyRing, randomBytes));
  });

  it('treats forged, truncated, lower-cased, non-hex or foreign values as no cookie', () => {
    const value = sealClassicCookie(payload, keyRing, randomBytes);
    const flipped = (value[20] === 'A' ? 'B' : 'A');
    expect(openClassicCookie(`${value.slice(0, 20)}${flipped}${value.slice(21)}`, keyRing)).toBeUndefined();
    expect(openClassicCookie(value.slice(0, 100), keyRing)).toBeUndefined();
    expect(openClassicCookie(value.toLowerCase(), keyRing)).toBeUndefined();
    expect(openClassicCookie('D3570BC914533D9ACC5FBEA2A258730F', keyRing)).toBeUndefined();
    expect(openClassicCookie('not hex at all', keyRing)).toBeUndefined();
    expect(openClassicCookie('', keyRing)).toBeUndefined();
    expect(openClassicCookie('A'.repeat(5000), keyRing)).toBeUndefined();
    const otherRing = { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32).fill(8)]]) };
    expect(openClassicCookie(value, otherRing)).toBeUndefined();
  });

  it('does not open an ALB cookie sealed with the same key (the kind is authenticated)', () => {
    const alb = sealTargetCookie(
      { targetGroupId: 'tg', targetId: payload.instanceId, port: 80, issuedAtSeconds: 1, stickySinceSeconds: 1 },
      keyRing,
      randomBytes,
    );
    const asHex = Buffer.from(alb.replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('hex').toUpperCase();
    expect(openClassicCookie(asHex, keyRing)).toBeUndefined();
  });
});
