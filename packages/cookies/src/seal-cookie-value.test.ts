import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SEAL_OVERHEAD_BYTES, openCookieValue, sealCookieValue } from './seal-cookie-value.js';
import type { CookieKeyRing } from './seal-cookie-value.js';

const keyA = new Uint8Array(32).fill(0xa1);
const keyB = new Uint8Array(32).fill(0xb2);
const ring = (currentKeyId: number, entries: [number, Uint8Array][]): CookieKeyRing => ({
  currentKeyId,
  keys: new Map(entries),
});
const fixedIv = (size: number) => new Uint8Array(size).fill(7);
const plaintext = Uint8Array.from(Buffer.from('target i-0123456789abcdef0:80'));

describe('sealCookieValue / openCookieValue', () => {
  it('round-trips and costs exactly the fixed overhead', () => {
    const sealed = sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), fixedIv);
    expect(sealed.length).toBe(plaintext.length + SEAL_OVERHEAD_BYTES);
    expect(openCookieValue('AWSALB', sealed, ring(1, [[1, keyA]]))).toEqual(plaintext);
  });

  it('is deterministic for an injected IV and differs per IV', () => {
    const a = sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), fixedIv);
    const b = sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), fixedIv);
    const c = sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), nodeRandomBytes);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('still opens values sealed with a retired key after rotation', () => {
    const sealedWithA = sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), fixedIv);
    const rotated = ring(2, [
      [1, keyA],
      [2, keyB],
    ]);
    expect(openCookieValue('AWSALB', sealedWithA, rotated)).toEqual(plaintext);
    const sealedWithB = sealCookieValue('AWSALB', plaintext, rotated, fixedIv);
    expect(sealedWithB[1]).toBe(2);
    expect(openCookieValue('AWSALB', sealedWithB, rotated)).toEqual(plaintext);
  });

  it('does not open a value whose key left the ring', () => {
    const sealed = sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), fixedIv);
    expect(openCookieValue('AWSALB', sealed, ring(2, [[2, keyB]]))).toBeUndefined();
  });

  it('binds the cookie kind: an AWSALBTG value does not open as AWSALB or AWSALBAPP', () => {
    const keys = ring(1, [[1, keyA]]);
    const sealed = sealCookieValue('AWSALBTG', plaintext, keys, fixedIv);
    expect(openCookieValue('AWSALB', sealed, keys)).toBeUndefined();
    expect(openCookieValue('AWSALBAPP', sealed, keys)).toBeUndefined();
    expect(openCookieValue('AWSALBTG', sealed, keys)).toEqual(plaintext);
  });

  it('does not open a value with its key id changed to another key in the ring', () => {
    const keys = ring(1, [
      [1, keyA],
      [2, keyA],
    ]);
    const sealed = sealCookieValue('AWSALB', plaintext, keys, fixedIv);
    const swapped = Uint8Array.from(sealed);
    swapped[1] = 2;
    expect(openCookieValue('AWSALB', swapped, keys)).toBeUndefined();
  });

  it('answers undefined, never throws, for every single-byte tamper and every truncation', () => {
    const keys = ring(1, [[1, keyA]]);
    const sealed = sealCookieValue('AWSALB', plaintext, keys, fixedIv);
    for (let index = 0; index < sealed.length; index++) {
      const tampered = Uint8Array.from(sealed);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(openCookieValue('AWSALB', tampered, keys)).toBeUndefined();
    }
    for (let length = 0; length < sealed.length; length++) {
      expect(openCookieValue('AWSALB', sealed.subarray(0, length), keys)).toBeUndefined();
    }
  });

  it('answers undefined for garbage and for a malformed key in the ring', () => {
    expect(openCookieValue('AWSALB', new Uint8Array(64), ring(1, [[1, keyA]]))).toBeUndefined();
    const sealed = sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), fixedIv);
    expect(openCookieValue('AWSALB', sealed, ring(1, [[1, new Uint8Array(16)]]))).toBeUndefined();
  });

  it('refuses to seal with a missing, short or out-of-range key, or a short IV', () => {
    expect(() => sealCookieValue('AWSALB', plaintext, ring(3, [[1, keyA]]), fixedIv)).toThrow(/no key 3/);
    expect(() => sealCookieValue('AWSALB', plaintext, ring(1, [[1, new Uint8Array(31)]]), fixedIv)).toThrow(RangeError);
    expect(() => sealCookieValue('AWSALB', plaintext, ring(256, [[256, keyA]]), fixedIv)).toThrow(RangeError);
    expect(() => sealCookieValue('AWSALB', plaintext, ring(1, [[1, keyA]]), () => new Uint8Array(8))).toThrow(RangeError);
  });
});
