import { describe, expect, it } from 'vitest';
import { createRingBuffer } from './ring-buffer.js';

describe('createRingBuffer', () => {
  it('numbers items from 1 and returns them oldest first', () => {
    const buffer = createRingBuffer<string>(5);
    expect(buffer.lastSeq()).toBe(0);
    expect(buffer.push('a')).toBe(1);
    expect(buffer.push('b')).toBe(2);
    expect(buffer.latest(5).map(({ item }) => item)).toEqual(['a', 'b']);
    expect(buffer.size()).toBe(2);
  });

  it('drops the oldest items once full and keeps numbering', () => {
    const buffer = createRingBuffer<number>(3);
    for (let value = 1; value <= 7; value++) buffer.push(value * 10);
    expect(buffer.latest(3).map(({ item }) => item)).toEqual([50, 60, 70]);
    expect(buffer.size()).toBe(3);
    expect(buffer.lastSeq()).toBe(7);
  });

  it('answers what came after a sequence number, bounded by the limit and what is still held', () => {
    const buffer = createRingBuffer<string>(3);
    for (const letter of ['a', 'b', 'c', 'd', 'e']) buffer.push(letter);
    expect(buffer.after(3, 10)).toEqual([{ seq: 4, item: 'd' }, { seq: 5, item: 'e' }]);
    // Seq 1 and 2 were dropped: the answer starts at the oldest held.
    expect(buffer.after(0, 10).map(({ seq }) => seq)).toEqual([3, 4, 5]);
    expect(buffer.after(0, 2).map(({ seq }) => seq)).toEqual([3, 4]);
    expect(buffer.after(5, 10)).toEqual([]);
    expect(buffer.after(99, 10)).toEqual([]);
  });

  it('answers the newest items, oldest first', () => {
    const buffer = createRingBuffer<string>(4);
    for (const letter of ['a', 'b', 'c', 'd', 'e', 'f']) buffer.push(letter);
    expect(buffer.latest(2)).toEqual([{ seq: 5, item: 'e' }, { seq: 6, item: 'f' }]);
    expect(buffer.latest(10).map(({ item }) => item)).toEqual(['c', 'd', 'e', 'f']);
    expect(createRingBuffer<string>(2).latest(5)).toEqual([]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => createRingBuffer(0)).toThrow('ring buffer capacity must be a positive integer, got 0');
  });
});
