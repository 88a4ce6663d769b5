import { describe, expect, it } from 'vitest';
import { isStickinessValid } from './is-stickiness-valid.js';

const t0 = 1_700_000_000;
const at = (seconds: number) => (t0 + seconds) * 1000;
const fresh = { issuedAtSeconds: t0, stickySinceSeconds: t0 };

describe('isStickinessValid', () => {
  it.each([
    ['at the start', fresh, 86_400, at(0), true],
    ['1 ms before the duration ends', fresh, 86_400, at(86_400) - 1, true],
    ['exactly when the duration ends', fresh, 86_400, at(86_400), false],
    ['the minimum 1-second duration, half a second in', fresh, 1, at(0.5), true],
    ['the minimum 1-second duration, after it', fresh, 1, at(1), false],
    ['a 7-day duration just before the cookie expires', fresh, 604_800, at(604_799), true],
    ['a cookie older than 7 days, whatever the duration', { issuedAtSeconds: t0, stickySinceSeconds: t0 + 604_000 }, 604_800, at(604_800), false],
    ['a duration refreshed by a later response (sliding)', { issuedAtSeconds: t0 + 3_000, stickySinceSeconds: t0 + 3_000 }, 3_600, at(6_000), true],
    ['the same request without the refresh', fresh, 3_600, at(6_000), false],
    ['a stamp from the future', { issuedAtSeconds: t0 + 10, stickySinceSeconds: t0 + 10 }, 3_600, at(0), false],
  ])('%s → %s', (_label, stamp, durationSeconds, nowMs, expected) => {
    expect(isStickinessValid(stamp, durationSeconds, nowMs)).toBe(expected);
  });
});
