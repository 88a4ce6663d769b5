import { describe, expect, it } from 'vitest';
import { parseMatcher } from './parse-matcher.js';

describe('parseMatcher', () => {
  it('matches a single code only', () => {
    const matches = parseMatcher('200');
    expect([200, 201, 302].map(matches)).toEqual([true, false, false]);
  });

  it('matches every code of a list (200,302)', () => {
    const matches = parseMatcher('200,302');
    expect([200, 302, 301, 404].map(matches)).toEqual([true, true, false, false]);
  });

  it('matches a range inclusively (200-299)', () => {
    const matches = parseMatcher('200-299');
    expect([199, 200, 250, 299, 300].map(matches)).toEqual([false, true, true, true, false]);
  });

  it('mixes ranges and codes, tolerating spaces', () => {
    const matches = parseMatcher('200-204, 302');
    expect([204, 205, 302].map(matches)).toEqual([true, false, true]);
  });

  it('matches nothing for a part that does not parse', () => {
    expect(parseMatcher('ok').call(undefined, 200)).toBe(false);
  });
});
