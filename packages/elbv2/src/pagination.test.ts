import { describe, expect, it } from 'vitest';
import { decodeMarker, encodeMarker, pageOf } from './pagination.js';

const items = [1, 2, 3, 5, 8].map((seq) => ({ seq }));

describe('pageOf', () => {
  it('returns everything without a marker and page size up to the default', () => {
    expect(pageOf(items, undefined, undefined)).toEqual({ items, nextMarker: undefined });
  });

  it('walks pages through NextMarker until none is left', () => {
    const first = pageOf(items, undefined, 2);
    expect(first.items.map((item) => item.seq)).toEqual([1, 2]);
    const second = pageOf(items, first.nextMarker, 2);
    expect(second.items.map((item) => item.seq)).toEqual([3, 5]);
    const third = pageOf(items, second.nextMarker, 2);
    expect(third).toEqual({ items: [{ seq: 8 }], nextMarker: undefined });
  });

  it('gives no NextMarker when the page ends exactly at the last item', () => {
    expect(pageOf(items, undefined, 5).nextMarker).toBeUndefined();
  });
});

describe('decodeMarker', () => {
  it('round-trips what encodeMarker issued', () => {
    expect(decodeMarker(encodeMarker(42))).toBe(42);
  });

  it.each(['garbage', '', Buffer.from('elbow:v1:abc').toString('base64')])('refuses a marker it did not issue: %j', (marker) => {
    expect(() => decodeMarker(marker)).toThrow(
      expect.objectContaining({ code: 'ValidationError', message: `Invalid value for parameter marker: '${marker}'` }),
    );
  });
});
