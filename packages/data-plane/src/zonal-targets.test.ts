import { describe, expect, it } from 'vitest';
import { zonalTargets } from './zonal-targets.js';

const target = (id: string, availabilityZone: string | undefined) => ({ id, availabilityZone });
const TARGETS = [target('a1', 'us-east-1a'), target('b1', 'us-east-1b'), target('c1', 'us-east-1c'), target('c2', 'us-east-1c')];
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

describe('zonalTargets', () => {
  it('picks a zone uniformly by the random number and keeps only its targets', () => {
    expect(zonalTargets(TARGETS, ZONES, () => 0)).toEqual({ zone: 'us-east-1a', targets: [TARGETS[0]] });
    expect(zonalTargets(TARGETS, ZONES, () => 0.5)).toEqual({ zone: 'us-east-1b', targets: [TARGETS[1]] });
    expect(zonalTargets(TARGETS, ZONES, () => 0.99)).toEqual({ zone: 'us-east-1c', targets: [TARGETS[2], TARGETS[3]] });
  });

  it('skips zones without a target (their node leaves DNS) and counts zone all in every zone', () => {
    expect(zonalTargets([TARGETS[2]!], ZONES, () => 0)?.zone).toBe('us-east-1c');
    expect(zonalTargets([target('x', 'all'), TARGETS[0]!], ['us-east-1a', 'us-east-1b'], () => 0.9)).toEqual({ zone: 'us-east-1b', targets: [target('x', 'all')] });
  });

  it('gives nothing when no enabled zone has a target', () => {
    expect(zonalTargets([target('d1', 'us-east-1d')], ZONES, () => 0)).toBeUndefined();
  });
});
