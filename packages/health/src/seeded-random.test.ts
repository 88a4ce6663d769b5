import { describe, expect, it } from 'vitest';
import { createSeededRandom, createSeededRandomBytes } from './seeded-random.js';

const take = (random: () => number, count: number) => Array.from({ length: count }, random);

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(take(createSeededRandom(42), 20)).toEqual(take(createSeededRandom(42), 20));
  });

  it('gives another sequence for another seed, within [0, 1)', () => {
    const values = take(createSeededRandom(7), 1_000);
    expect(values).not.toEqual(take(createSeededRandom(8), 1_000));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('spreads choices evenly enough to pick among targets', () => {
    const counts = [0, 0, 0, 0];
    for (const value of take(createSeededRandom(1), 4_000)) counts[Math.floor(value * 4)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});

describe('createSeededRandomBytes', () => {
  it('repeats the same bytes for the same seed', () => {
    expect(createSeededRandomBytes(createSeededRandom(3))(16)).toEqual(createSeededRandomBytes(createSeededRandom(3))(16));
  });
});
