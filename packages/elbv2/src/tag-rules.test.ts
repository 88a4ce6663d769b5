import { describe, expect, it } from 'vitest';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';

describe('assertValidNewTags', () => {
  it('accepts distinct keys', () => {
    expect(() => assertValidNewTags([{ Key: 'a', Value: '1' }, { Key: 'b' }])).not.toThrow();
  });

  it('refuses a key given twice with DuplicateTagKeys', () => {
    expect(() => assertValidNewTags([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }])).toThrow(
      expect.objectContaining({ code: 'DuplicateTagKeys', message: 'Tag key was specified more than once: a' }),
    );
  });

  it.each(['aws:owner', 'AWS:owner'])('refuses the reserved aws: prefix (%s)', (key) => {
    expect(() => assertValidNewTags([{ Key: key, Value: 'x' }])).toThrow(
      expect.objectContaining({ code: 'ValidationError', message: `Tag keys starting with 'aws:' are reserved for internal use` }),
    );
  });
});

describe('assertTagQuota', () => {
  const keys = (count: number) => Array.from({ length: count }, (_, index) => `k${index}`);

  it('allows up to 50 distinct keys, counting overwrites once', () => {
    expect(() => assertTagQuota(keys(49), [{ Key: 'new' }])).not.toThrow();
    expect(() => assertTagQuota(keys(50), [{ Key: 'k0', Value: 'again' }])).not.toThrow();
  });

  it('refuses the 51st key with TooManyTags', () => {
    expect(() => assertTagQuota(keys(50), [{ Key: 'one-more' }])).toThrow(
      expect.objectContaining({ code: 'TooManyTags', message: `You've reached the limit on the number of tags for this resource.` }),
    );
  });
});
