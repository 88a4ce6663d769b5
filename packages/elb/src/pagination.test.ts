import { describe, expect, it } from 'vitest';
import { decodeMarker, encodeMarker, pageOf } from './pagination.js';

describe('pageOf', () => {
  const items = [{ seq: 1 }, { seq: 2 }, { seq: 5 }];
  it('pages in sequence order and hands out a marker only when more remain', () => {
    const first = pageOf(items, undefined, 2);
    expect(first.items).toEqual([{ seq: 1 }, { seq: 2 }]);
    expect(pageOf(items, first.nextMarker, 2)).toEqual({ items: [{ seq: 5 }], nextMarker: undefined });
  });
  it('refuses a marker it did not issue', () => {
    expect(decodeMarker(encodeMarker(7))).toBe(7);
    expect(() => decodeMarker('bogus')).toThrow("Invalid value for parameter marker: 'bogus'");
  });
});
