import { describe, expect, it } from 'vitest';
import { compact, keyValues, tagsOf } from './describe-forms.js';

describe('compact', () => {
  it('drops undefined, null, empty lists and empty objects, keeping false, 0 and empty strings', () => {
    expect(compact({ a: undefined, b: null, c: [], d: {}, e: false, f: 0, g: '', h: [1], i: { j: 1 } })).toEqual({ e: false, f: 0, g: '', h: [1], i: { j: 1 } });
  });
});

describe('tagsOf and keyValues', () => {
  it('copy Key/Value pairs, a missing Value as the empty string', () => {
    expect(tagsOf([{ Key: 'project', Value: 'lima' }, { Key: 'empty' }])).toEqual([{ Key: 'project', Value: 'lima' }, { Key: 'empty', Value: '' }]);
    expect(keyValues(undefined)).toEqual([]);
    expect(keyValues([{ Key: 'idle_timeout.timeout_seconds', Value: '60' }])).toEqual([{ Key: 'idle_timeout.timeout_seconds', Value: '60' }]);
  });
});
