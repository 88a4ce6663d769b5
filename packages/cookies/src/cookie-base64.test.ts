import { describe, expect, it } from 'vitest';
import { decodeCookieBase64, encodeCookieBase64 } from './cookie-base64.js';

describe('encodeCookieBase64', () => {
  it('uses the standard alphabet, with or without padding', () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0xbf, 0x00);
    expect(encodeCookieBase64(bytes, { padded: false })).toBe('+/+/AA');
    expect(encodeCookieBase64(bytes, { padded: true })).toBe('+/+/AA==');
  });

  it('starts an all-zero prefix with A, as the observed AWSALBAPP values do', () => {
    expect(encodeCookieBase64(new Uint8Array(9), { padded: true })).toBe('AAAAAAAAAAAA');
  });
});

describe('decodeCookieBase64', () => {
  it.each([
    ['+/+/AA', false, [0xfb, 0xff, 0xbf, 0x00]],
    ['+/+/AA==', true, [0xfb, 0xff, 0xbf, 0x00]],
    ['', false, []],
  ])('decodes %s (padded %s)', (text, padded, bytes) => {
    expect([...(decodeCookieBase64(text, { padded }) ?? [-1])]).toEqual(bytes);
  });

  it.each([
    ['%2B%2F%2B%2FAA', false, 'URL-encoded'],
    ['-_-_AA', false, 'URL-safe alphabet'],
    ['+/+/AA==', false, 'padding where none belongs'],
    ['+/+/AA', true, 'missing padding'],
    ['+/+/AB', false, 'non-zero trailing bits'],
    ['+/+/A', false, 'impossible length'],
    ['+/+/ AA', false, 'a space'],
    ['"+/+/AA"', false, 'quotes'],
  ])('refuses %s (%s, %s)', (text, padded) => {
    expect(decodeCookieBase64(text, { padded: padded as boolean })).toBeUndefined();
  });
});
