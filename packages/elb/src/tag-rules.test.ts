import { describe, expect, it } from 'vitest';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';

describe('classic tag rules', () => {
  it('refuses a key given twice and aws: keys', () => {
    expect(() => assertValidNewTags([{ Key: 'a' }, { Key: 'a', Value: 'b' }])).toThrow('Tag key was specified more than once: a');
    expect(() => assertValidNewTags([{ Key: 'aws:x' }])).toThrow("Tag keys starting with 'aws:' are reserved for internal use");
  });
  it('allows ten distinct keys counting overwrites once', () => {
    const ten = Array.from({ length: 10 }, (_, index) => ({ Key: `k${index}` }));
    expect(() => assertTagQuota(['k0'], ten)).not.toThrow();
    expect(() => assertTagQuota(['other'], ten)).toThrow("You've reached the limit on the number of tags for this resource.");
  });
});
