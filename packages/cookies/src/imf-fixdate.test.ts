import { describe, expect, it } from 'vitest';
import { imfFixdate } from './imf-fixdate.js';

describe('imfFixdate', () => {
  // Each expected string is the Expires of a real ALB Set-Cookie line (cookies.md §2, §4).
  it.each([
    ['2022-10-20T17:17:58Z', 'Thu, 20 Oct 2022 17:17:58 GMT'],
    ['2021-09-30T10:26:41Z', 'Thu, 30 Sep 2021 10:26:41 GMT'],
    ['2024-06-29T10:52:53Z', 'Sat, 29 Jun 2024 10:52:53 GMT'],
    ['2022-01-19T12:28:53Z', 'Wed, 19 Jan 2022 12:28:53 GMT'],
    ['2025-03-07T08:13:14Z', 'Fri, 07 Mar 2025 08:13:14 GMT'],
    ['2024-10-09T21:55:48Z', 'Wed, 09 Oct 2024 21:55:48 GMT'],
  ])('formats %s as the captured %s', (iso, expected) => {
    expect(imfFixdate(Date.parse(iso))).toBe(expected);
  });

  it('pads single-digit day, hour, minute and second to two digits', () => {
    expect(imfFixdate(Date.UTC(2024, 1, 3, 4, 5, 6))).toBe('Sat, 03 Feb 2024 04:05:06 GMT');
  });

  it('drops milliseconds instead of rounding up', () => {
    expect(imfFixdate(Date.UTC(2024, 11, 31, 23, 59, 59, 999))).toBe('Tue, 31 Dec 2024 23:59:59 GMT');
  });

  it('rejects instants that have no IMF-fixdate', () => {
    expect(() => imfFixdate(Number.NaN)).toThrow(RangeError);
    expect(() => imfFixdate(Date.UTC(10000, 0, 1))).toThrow(RangeError);
  });
});
