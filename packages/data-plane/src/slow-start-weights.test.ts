import { describe, expect, it } from 'vitest';
import { slowStartWeights } from './slow-start-weights.js';

const window = (startedAtMs: number, durationMs = 30_000) => ({ slowStart: { startedAtMs, durationMs } });

describe('slowStartWeights', () => {
  it('weighs a ramping target by the elapsed fraction of its window, others fully', () => {
    expect(slowStartWeights([{}, window(0), {}], 7_500)).toEqual([1, 0.25, 1]);
    expect(slowStartWeights([{}, window(0)], 0)).toEqual([1, 0]);
  });

  it('gives up weights once every window ended', () => {
    expect(slowStartWeights([{}, window(0)], 30_000)).toBeUndefined();
  });

  it('gives no weights when nothing ramps, or when every target ramps', () => {
    expect(slowStartWeights([{}, {}], 10)).toBeUndefined();
    expect(slowStartWeights([window(0), window(5_000)], 10_000)).toBeUndefined();
  });
});
