import { describe, expect, it } from 'vitest';
import { sealAppCookie } from './app-cookie.js';
import { decodeStickyCookie } from './decode-sticky-cookie.js';
import { sealTargetCookie } from './target-cookie.js';
import { sealTargetGroupCookie } from './target-group-cookie.js';
import { sealClassicCookie } from './classic-cookie.js';

const keyRing = { currentKeyId: 3, keys: new Map([[3, new Uint8Array(32).fill(7)]]) };
const otherRing = { currentKeyId: 9, keys: new Map([[9, new Uint8Array(32).fill(8)]]) };
// Deterministic IVs: the tests never depend on randomness.
const zeroBytes = (size: number) => new Uint8Array(size);
const GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
const ISSUED = 1_700_000_000;
const NOW_MS = (ISSUED + 60) * 1000;
const awsalb = sealTargetCookie(
  { targetGroupId: GROUP, targetId: '10.0.0.5', port: 8080, issuedAtSeconds: ISSUED, stickySinceSeconds: ISSUED + 1 },
  keyRing,
  zeroBytes,
);

describe('decodeStickyCookie', () => {
  it('reads an AWSALB value: group, target, issue, 7-day expiry, stickiness start', () => {
    expect(decodeStickyCookie(`AWSALB=${awsalb}`, keyRing, NOW_MS)).toEqual({
      name: 'AWSALB',
      kind: 'AWSALB',
      isValid: true,
      targetGroupArn: GROUP,
      target: { id: '10.0.0.5', port: 8080 },
      issuedAt: '2023-11-14T22:13:20.000Z',
      expiresAt: '2023-11-21T22:13:20.000Z',
      stickySince: '2023-11-14T22:13:21.000Z',
    });
  });

  it('reads the CORS twin as its base kind, and ignores a pasted Set-Cookie line\'s attributes', () => {
    const decoded = decodeStickyCookie(`AWSALBCORS=${awsalb}; Expires=Tue, 21 Nov 2023 22:13:20 GMT; Path=/; SameSite=None`, keyRing, NOW_MS);
    expect(decoded).toMatchObject({ name: 'AWSALBCORS', kind: 'AWSALB', isValid: true, target: { id: '10.0.0.5', port: 8080 } });
  });

  it('reads an AWSALBTG value', () => {
    const value = sealTargetGroupCookie({ targetGroupId: GROUP, issuedAtSeconds: ISSUED, stickySinceSeconds: ISSUED }, keyRing, zeroBytes);
    const decoded = decodeStickyCookie(`AWSALBTG=${value}`, keyRing, NOW_MS);
    expect(decoded).toEqual({
      name: 'AWSALBTG',
      kind: 'AWSALBTG',
      isValid: true,
      targetGroupArn: GROUP,
      issuedAt: '2023-11-14T22:13:20.000Z',
      expiresAt: '2023-11-21T22:13:20.000Z',
      stickySince: '2023-11-14T22:13:20.000Z',
    });
    expect(decodeStickyCookie(`AWSALBTGCORS=${value}`, keyRing, NOW_MS)).toMatchObject({ kind: 'AWSALBTG', isValid: true });
  });

  it('reads an AWSALBAPP value with every target group session it carries', () => {
    const entries = [
      { targetGroupId: GROUP, targetId: 'i-1', port: 80, appCookieName: 'SID', appCookieValue: 'a', stickySinceSeconds: ISSUED },
      { targetGroupId: `${GROUP}2`, targetId: 'i-2', port: 81, appCookieName: 'JSESSIONID', appCookieValue: 'b', stickySinceSeconds: ISSUED },
    ];
    const [fragment] = sealAppCookie({ issuedAtSeconds: ISSUED, entries }, keyRing, zeroBytes).fragments;
    const decoded = decodeStickyCookie(`AWSALBAPP-0=${fragment}`, keyRing, NOW_MS);
    expect(decoded).toMatchObject({ kind: 'AWSALBAPP', isValid: true, targetGroupArn: GROUP, target: { id: 'i-1', port: 80 }, fragments: 'one value' });
    expect(decoded.appSessions).toEqual([
      { targetGroupArn: GROUP, target: { id: 'i-1', port: 80 }, appCookieName: 'SID', stickySince: '2023-11-14T22:13:20.000Z' },
      { targetGroupArn: `${GROUP}2`, target: { id: 'i-2', port: 81 }, appCookieName: 'JSESSIONID', stickySince: '2023-11-14T22:13:20.000Z' },
    ]);
  });

  describe('a fragmented AWSALBAPP', () => {
    const big = { targetGroupId: GROUP, targetId: 'i-1', port: 80, appCookieName: 'SID', appCookieValue: 'x'.repeat(5000), stickySinceSeconds: ISSUED };
    const fragments = sealAppCookie({ issuedAtSeconds: ISSUED, entries: [big] }, keyRing, zeroBytes).fragments;

    it('opens from its fragments as pairs, `_remove_` ones skipped, and says so', () => {
      expect(fragments).toHaveLength(2);
      const header = `AWSALBAPP-0=${fragments[0]}; AWSALBAPP-1=${fragments[1]}; AWSALBAPP-2=_remove_; AWSALBAPP-3=_remove_`;
      expect(decodeStickyCookie(header, keyRing, NOW_MS)).toMatchObject({ isValid: true, target: { id: 'i-1', port: 80 }, fragments: 'joined from AWSALBAPP-0, AWSALBAPP-1' });
    });

    it('opens from the fragments\' values joined in order', () => {
      expect(decodeStickyCookie(`AWSALBAPP=${fragments.join('')}`, keyRing, NOW_MS)).toMatchObject({ isValid: true, target: { id: 'i-1', port: 80 } });
    });

    it('explains that one fragment alone does not open', () => {
      const decoded = decodeStickyCookie(`AWSALBAPP-1=${fragments[1]}`, keyRing, NOW_MS);
      expect(decoded.isValid).toBe(false);
      expect(decoded.reason).toMatch(/a fragmented cookie opens only whole: give every fragment from AWSALBAPP-0 on$/);
    });
  });

  describe('garbage gets a reason, never a throw', () => {
    const reasonOf = (nameValue: string, ring = keyRing, nowMs = NOW_MS) => {
      const decoded = decodeStickyCookie(nameValue, ring, nowMs);
      expect(decoded.isValid).toBe(false);
      expect(decoded.target).toBeUndefined();
      return decoded.reason;
    };

    it('no `=`, nothing, unknown names, several cookies', () => {
      expect(reasonOf('AWSALB')).toBe("expected NAME=VALUE, got 'AWSALB'");
      expect(reasonOf('  ')).toBe('expected NAME=VALUE, got nothing');
      expect(reasonOf('session=abc')).toBe("'session' is not a load balancer cookie (AWSALB, AWSALBCORS, AWSALBTG, AWSALBTGCORS, AWSALBAPP-0..3, AWSELB, AWSELBCORS)");
      expect(decodeStickyCookie('session=abc', keyRing, NOW_MS).kind).toBe('unknown');
      expect(reasonOf(`AWSALB=${awsalb}; AWSALBTG=${awsalb}`)).toBe('one cookie at a time (several pairs only for AWSALBAPP-0..3 fragments)');
    });

    it('bad base64: URL-encoded, URL-safe, padded, empty, too long', () => {
      const notBase64 = 'not unpadded standard base64 as the load balancer writes it (URL-encoded, URL-safe, padded, or stray characters)';
      expect(reasonOf('AWSALB=abc%2Bdef')).toBe(notBase64);
      expect(reasonOf('AWSALB=abc-def_')).toBe(notBase64);
      expect(reasonOf('AWSALB=YWJj=')).toBe(notBase64);
      expect(reasonOf('AWSALB=')).toBe('empty value');
      expect(reasonOf(`AWSALB=${'A'.repeat(4097)}`)).toBe('longer than 4096 characters');
      expect(reasonOf('AWSALBAPP-0=%%%')).toMatch(/^not padded standard base64/);
    });

    it('wrong length, unknown format, unknown key id', () => {
      expect(reasonOf('AWSALB=AQMAAA')).toBe('too short: 4 bytes, a sealed value has at least 30');
      const sealed = Buffer.from(awsalb, 'base64');
      const withFormat = Buffer.from(sealed);
      withFormat[0] = 7;
      expect(reasonOf(`AWSALB=${withFormat.toString('base64').replace(/=+$/, '')}`)).toBe('unknown format byte 7 (elbow writes 1)');
      expect(reasonOf(`AWSALB=${awsalb}`, otherRing)).toBe(
        'sealed with key 3, which this emulator does not hold (rotated out, reset, or another emulator\'s cookie)',
      );
    });

    it('tampered, or a value of another kind', () => {
      const tampered = Buffer.from(awsalb, 'base64');
      tampered[20] = (tampered[20] ?? 0) ^ 1;
      const authenticate = /^does not authenticate as AWSALB: tampered with, truncated, or sealed for another cookie kind/;
      expect(reasonOf(`AWSALB=${tampered.toString('base64').replace(/=+$/, '')}`)).toMatch(authenticate);
      const groupValue = sealTargetGroupCookie({ targetGroupId: GROUP, issuedAtSeconds: ISSUED, stickySinceSeconds: ISSUED }, keyRing, zeroBytes);
      expect(reasonOf(`AWSALB=${groupValue}`)).toMatch(authenticate);
      expect(reasonOf('AWSALBAPP-2=_remove_')).toBe("'_remove_' marks an unused fragment; it carries no session");
    });

    it('expired after 7 days, or issued in the future, still shows what it says', () => {
      const expired = decodeStickyCookie(`AWSALB=${awsalb}`, keyRing, (ISSUED + 7 * 86_400) * 1000);
      expect(expired).toMatchObject({ isValid: false, reason: 'expired at 2023-11-21T22:13:20.000Z (7 days after issue)', target: { id: '10.0.0.5', port: 8080 } });
      const early = decodeStickyCookie(`AWSALB=${awsalb}`, keyRing, (ISSUED - 1) * 1000);
      expect(early).toMatchObject({ isValid: false, reason: 'issued in the future (2023-11-14T22:13:20.000Z); the load balancer ignores it' });
    });
  });

  describe('AWSELB (classic ELB)', () => {
    const awselb = sealClassicCookie({ instanceId: 'i-0123456789abcdef0', instancePort: 8080, issuedAtSeconds: ISSUED }, keyRing, zeroBytes);

    it('reads the instance and port; an AWSELB that opens is valid, as the load balancer never checks its age', () => {
      expect(decodeStickyCookie(`AWSELB=${awselb}`, keyRing, NOW_MS + 30 * 86_400_000)).toEqual({
        name: 'AWSELB',
        kind: 'AWSELB',
        isValid: true,
        issuedAt: '2023-11-14T22:13:20.000Z',
        target: { id: 'i-0123456789abcdef0', port: 8080 },
      });
      expect(decodeStickyCookie(`AWSELBCORS=${awselb};PATH=/;MAX-AGE=60;SECURE;SAMESITE=None`, keyRing, NOW_MS).kind).toBe('AWSELB');
    });

    it('gives a reason for lower-case or odd hex, another key, tampering, and a value from the future', () => {
      const reasonOf = (nameValue: string, ring = keyRing, nowMs = NOW_MS) => {
        const decoded = decodeStickyCookie(nameValue, ring, nowMs);
        expect(decoded.isValid).toBe(false);
        expect(decoded.target).toBeUndefined();
        return decoded.reason;
      };
      expect(reasonOf(`AWSELB=${awselb.toLowerCase()}`)).toBe('not upper-case hex of whole bytes as the load balancer writes AWSELB');
      expect(reasonOf(`AWSELB=${awselb.slice(1)}`)).toBe('not upper-case hex of whole bytes as the load balancer writes AWSELB');
      expect(reasonOf('AWSELB=')).toBe('empty value');
      expect(reasonOf(`AWSELB=${awselb}`, otherRing)).toMatch(/key/);
      const tampered = `${awselb.slice(0, -2)}${awselb.endsWith('00') ? '01' : '00'}`;
      expect(reasonOf(`AWSELB=${tampered}`)).toBe('does not authenticate as AWSELB: tampered with, truncated, or sealed for another cookie kind');
      expect(reasonOf(`AWSELB=${awselb}`, keyRing, (ISSUED - 60) * 1000)).toMatch(/^issued in the future/);
    });
  });
});
