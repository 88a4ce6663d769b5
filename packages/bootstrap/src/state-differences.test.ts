import { describe, expect, it } from 'vitest';
import { changedEntries, changedTags, pickMembers, sameNames, valueText } from './state-differences.js';

describe('changedEntries', () => {
  const current = [
    { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
    { Key: 'stickiness.enabled', Value: 'false' },
  ];

  it('keeps only keys whose text differs, YAML numbers and booleans as text', () => {
    expect(changedEntries([{ Key: 'deregistration_delay.timeout_seconds', Value: 300 }, { Key: 'stickiness.enabled', Value: true }], current)).toEqual([{ Key: 'stickiness.enabled', Value: 'true' }]);
  });

  it('includes keys elbow does not list, and nothing when everything matches', () => {
    expect(changedEntries([{ Key: 'slow_start.duration_seconds', Value: '30' }], current)).toEqual([{ Key: 'slow_start.duration_seconds', Value: '30' }]);
    expect(changedEntries([{ Key: 'stickiness.enabled', Value: 'false' }], current)).toEqual([]);
    expect(changedEntries(undefined, current)).toEqual([]);
  });
});

describe('changedTags', () => {
  it('adds missing tags and changed values; a tag without Value is the empty value', () => {
    expect(changedTags([{ Key: 'env', Value: 'ci' }, { Key: 'team' }, { Key: 'same', Value: 'x' }], [{ Key: 'env', Value: 'prod' }, { Key: 'same', Value: 'x' }])).toEqual([
      { Key: 'env', Value: 'ci' },
      { Key: 'team', Value: '' },
    ]);
  });
});

describe('pickMembers, sameNames, valueText', () => {
  it('picks members in the order named, skipping absent ones', () => {
    expect(JSON.stringify(pickMembers({ Target: 'TCP:80', Interval: 30, Timeout: 5 }, ['Timeout', 'Target', 'Missing']))).toBe('{"Timeout":5,"Target":"TCP:80"}');
    expect(pickMembers(undefined, ['Target'])).toBeUndefined();
  });

  it('compares policy names without order', () => {
    expect(sameNames(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameNames(['a'], ['a', 'b'])).toBe(false);
  });

  it('writes values as AWS takes them', () => {
    expect([valueText(60), valueText(true), valueText('x'), valueText(undefined)]).toEqual(['60', 'true', 'x', '']);
  });
});
