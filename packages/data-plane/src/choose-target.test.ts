import { describe, expect, it } from 'vitest';
import { chooseTarget } from './choose-target.js';

const targets = ['a', 'b', 'c'];

describe('chooseTarget round_robin', () => {
  it('cycles through the targets, carrying the cursor', () => {
    const picked: string[] = [];
    let cursor = 0;
    for (let step = 0; step < 7; step++) {
      const choice = chooseTarget({ algorithm: 'round_robin', targets, cursor });
      picked.push(choice?.target ?? '');
      cursor = choice?.cursor ?? 0;
    }
    expect(picked).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('wraps a cursor past the end (targets removed) and survives a negative or unsafe cursor', () => {
    expect(chooseTarget({ algorithm: 'round_robin', targets, cursor: 10 })?.target).toBe('b');
    expect(chooseTarget({ algorithm: 'round_robin', targets, cursor: -1 })?.target).toBe('c');
    expect(chooseTarget({ algorithm: 'round_robin', targets, cursor: Number.POSITIVE_INFINITY })?.target).toBe('a');
  });

  it('answers undefined without targets', () => {
    expect(chooseTarget({ algorithm: 'round_robin', targets: [], cursor: 0 })).toBeUndefined();
  });
});

describe('chooseTarget least_outstanding_requests', () => {
  it.each([
    [[3, 1, 2], 0, 'b'],
    [[0, 5, 5], 2, 'a'],
    [[2, 2, 2], 0, 'a'],
    [[2, 2, 2], 1, 'b'],
    [[2, 2, 2], 5, 'c'],
    [[4, 1, 1], 0, 'b'],
    [[4, 1, 1], 2, 'c'],
    [[], 0, 'a'],
  ])('in-flight %j from cursor %i → %s', (inFlight, cursor, expected) => {
    expect(chooseTarget({ algorithm: 'least_outstanding_requests', targets, cursor, inFlight })?.target).toBe(expected);
  });

  it('rotates through equally loaded targets', () => {
    let cursor = 0;
    const picked: string[] = [];
    for (let step = 0; step < 4; step++) {
      const choice = chooseTarget({ algorithm: 'least_outstanding_requests', targets, cursor, inFlight: [1, 1, 1] });
      picked.push(choice?.target ?? '');
      cursor = choice?.cursor ?? 0;
    }
    expect(picked).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('chooseTarget weighted_random', () => {
  it.each([
    [0, 'a'],
    [0.34, 'b'],
    [0.99, 'c'],
  ])('spreads equal weights uniformly: draw %d → %s', (draw, expected) => {
    expect(chooseTarget({ algorithm: 'weighted_random', targets, random: () => draw })?.target).toBe(expected);
  });

  it('follows per-target weights and never picks weight 0', () => {
    const weights = [0, 1, 3];
    expect(chooseTarget({ algorithm: 'weighted_random', targets, random: () => 0, weights })?.target).toBe('b');
    expect(chooseTarget({ algorithm: 'weighted_random', targets, random: () => 0.25, weights })?.target).toBe('c');
    expect(chooseTarget({ algorithm: 'weighted_random', targets, random: () => 1, weights: [1, 1, 0] })?.target).toBe('b');
  });

  it('answers undefined when every weight is 0', () => {
    expect(chooseTarget({ algorithm: 'weighted_random', targets, random: () => 0.5, weights: [0, 0, 0] })).toBeUndefined();
  });
});
