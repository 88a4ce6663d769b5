import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  APP_COOKIE_FRAGMENT_NAMES,
  MAX_APP_COOKIE_SEALED_BYTES,
  REMOVED_FRAGMENT_VALUE,
  openAppCookie,
  sealAppCookie,
} from './app-cookie.js';
import type { AppStickinessEntry } from './app-cookie.js';

const keyRing = { currentKeyId: 0, keys: new Map([[0, new Uint8Array(32).fill(0x33)]]) };
const entry = (index: number, overrides: Partial<AppStickinessEntry> = {}): AppStickinessEntry => ({
  targetGroupId: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app-${index}/0123456789abcdef`,
  targetId: `i-0123456789abcde${index % 10}`,
  port: 8000 + index,
  appCookieName: 'JSESSIONID',
  appCookieValue: `session-${index}`,
  stickySinceSeconds: 1_700_000_000 + index,
  ...overrides,
});
const asCookies = (fragments: readonly string[]) =>
  new Map<string, string>(APP_COOKIE_FRAGMENT_NAMES.map((name, index) => [name, fragments[index] ?? REMOVED_FRAGMENT_VALUE]));

describe('sealAppCookie / openAppCookie', () => {
  it('round-trips one entry in a single padded-base64 fragment', () => {
    const payload = { issuedAtSeconds: 1_700_000_100, entries: [entry(1)] };
    const { fragments, droppedEntries } = sealAppCookie(payload, keyRing, randomBytes);
    expect(fragments).toHaveLength(1);
    expect(fragments[0]).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(fragments[0]!.length % 4).toBe(0);
    expect(droppedEntries).toEqual([]);
    expect(openAppCookie(asCookies(fragments), keyRing)).toEqual(payload);
  });

  it('keeps one entry per target group with app stickiness', () => {
    const payload = { issuedAtSeconds: 5, entries: [entry(1), entry(2, { appCookieName: 'sid' }), entry(3)] };
    expect(openAppCookie(asCookies(sealAppCookie(payload, keyRing, randomBytes).fragments), keyRing)).toEqual(payload);
  });

  it('shards into AWSALBAPP-0.. fragments of at most 4096 bytes of name=value each', () => {
    const entries = Array.from({ length: 35 }, (_, index) => entry(index, { appCookieName: 'c'.repeat(200) }));
    const { fragments } = sealAppCookie({ issuedAtSeconds: 5, entries }, keyRing, randomBytes);
    expect(fragments.length).toBeGreaterThan(2);
    expect(fragments.length).toBeLessThanOrEqual(4);
    fragments.forEach((fragment, index) => {
      expect(`${APP_COOKIE_FRAGMENT_NAMES[index]}=${fragment}`.length).toBeLessThanOrEqual(4096);
    });
    fragments.slice(0, -1).forEach((fragment) => expect(fragment).not.toContain('='));
    expect(openAppCookie(asCookies(fragments), keyRing)?.entries).toEqual(entries);
  });

  it('grows with the application cookie: a 5 KB app cookie takes two fragments, a 13 KB one is dropped', () => {
    const withValue = (size: number) => [entry(1, { appCookieValue: 'v'.repeat(size) })];
    const two = sealAppCookie({ issuedAtSeconds: 5, entries: withValue(5 * 1024) }, keyRing, randomBytes);
    expect(two.fragments).toHaveLength(2);
    expect(openAppCookie(asCookies(two.fragments), keyRing)?.entries[0]?.appCookieValue).toHaveLength(5 * 1024);
    const tooBig = sealAppCookie({ issuedAtSeconds: 5, entries: withValue(13 * 1024) }, keyRing, randomBytes);
    expect(tooBig.fragments).toEqual([]);
    expect(tooBig.droppedEntries).toHaveLength(1);
  });

  it('beyond 16 KB drops the least recently refreshed entries until the rest fits', () => {
    const entries = Array.from({ length: 120 }, (_, index) =>
      entry(index, { appCookieName: 'n'.repeat(200), stickySinceSeconds: 2_000_000_000 - index }),
    );
    const { fragments, droppedEntries } = sealAppCookie({ issuedAtSeconds: 5, entries }, keyRing, randomBytes);
    expect(fragments).toHaveLength(4);
    expect(droppedEntries.length).toBeGreaterThan(0);
    const kept = openAppCookie(asCookies(fragments), keyRing)?.entries ?? [];
    expect(kept.length + droppedEntries.length).toBe(120);
    const oldestKept = Math.min(...kept.map((e) => e.stickySinceSeconds));
    droppedEntries.forEach((dropped) => expect(dropped.stickySinceSeconds).toBeLessThan(oldestKept));
    expect(Buffer.concat(fragments.map((f) => Buffer.from(f, 'base64'))).length).toBeLessThanOrEqual(
      MAX_APP_COOKIE_SEALED_BYTES,
    );
  });

  it('writes no fragment when nothing is sticky', () => {
    expect(sealAppCookie({ issuedAtSeconds: 5, entries: [] }, keyRing, randomBytes).fragments).toEqual([]);
  });

  it('skips _remove_ and absent fragments when reassembling', () => {
    const payload = { issuedAtSeconds: 9, entries: [entry(7)] };
    const [only] = sealAppCookie(payload, keyRing, randomBytes).fragments;
    expect(openAppCookie(new Map([['AWSALBAPP-0', only!]]), keyRing)).toEqual(payload);
    expect(
      openAppCookie(
        new Map([
          ['AWSALBAPP-0', REMOVED_FRAGMENT_VALUE],
          ['AWSALBAPP-1', only!],
        ]),
        keyRing,
      ),
    ).toEqual(payload);
  });

  it.each([
    ['all four _remove_ (a client after a response without an app session)', asCookies([])],
    ['no fragments at all', new Map<string, string>()],
    ['a real AWS fragment (other key)', asCookies(['AAAAAAAAAAARErbtm8gUw=='])],
    ['a fragment that is not padded base64', asCookies(['AAAA%3D'])],
  ])('answers undefined for %s', (_label, cookies) => {
    expect(openAppCookie(cookies, keyRing)).toBeUndefined();
  });

  it('answers undefined when fragments are swapped or one is missing', () => {
    const entries = Array.from({ length: 30 }, (_, index) => entry(index, { appCookieName: 'c'.repeat(200) }));
    const { fragments } = sealAppCookie({ issuedAtSeconds: 5, entries }, keyRing, randomBytes);
    expect(fragments.length).toBeGreaterThan(1);
    expect(openAppCookie(asCookies([fragments[1]!, fragments[0]!, ...fragments.slice(2)]), keyRing)).toBeUndefined();
    expect(openAppCookie(asCookies(fragments.slice(1)), keyRing)).toBeUndefined();
  });
});
