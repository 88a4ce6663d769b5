import { describe, expect, it } from 'vitest';
import { chooseTargetGroup } from './choose-target-group.js';

const blue = { TargetGroupArn: 'arn:blue', Weight: 10 };
const green = { TargetGroupArn: 'arn:green', Weight: 20 };
const off = { TargetGroupArn: 'arn:off', Weight: 0 };

describe('chooseTargetGroup', () => {
  it.each([
    [0, 'arn:blue'],
    [0.3333, 'arn:blue'],
    [0.3334, 'arn:green'],
    [0.9999, 'arn:green'],
  ])('splits 10:20 by the random draw %d → %s', (draw, arn) => {
    expect(chooseTargetGroup([blue, green], () => draw)?.TargetGroupArn).toBe(arn);
  });

  it('never chooses a weight-0 group, wherever it sits', () => {
    for (const draw of [0, 0.25, 0.5, 0.75, 0.999_999]) {
      expect(chooseTargetGroup([off, blue, off, green, off], () => draw)?.TargetGroupArn).not.toBe('arn:off');
    }
  });

  it('answers undefined when every weight is 0 or there is no group', () => {
    expect(chooseTargetGroup([off, { ...off, TargetGroupArn: 'arn:off2' }], () => 0.5)).toBeUndefined();
    expect(chooseTargetGroup([], () => 0.5)).toBeUndefined();
  });

  it('counts a tuple without Weight as 1', () => {
    expect(chooseTargetGroup([{ TargetGroupArn: 'arn:only' }], () => 0.7)?.TargetGroupArn).toBe('arn:only');
  });

  it('tolerates a random source that returns exactly 1', () => {
    expect(chooseTargetGroup([blue, green, off], () => 1)?.TargetGroupArn).toBe('arn:green');
  });

  it('approaches the weight ratio over a uniform sweep of draws', () => {
    const counts = new Map<string, number>();
    for (let step = 0; step < 3000; step++) {
      const arn = chooseTargetGroup([blue, green, off], () => step / 3000)?.TargetGroupArn ?? '';
      counts.set(arn, (counts.get(arn) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ 'arn:blue': 1000, 'arn:green': 2000 });
  });
});
