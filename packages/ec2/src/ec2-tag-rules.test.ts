import { describe, expect, it } from 'vitest';
import { assertTagQuota, tagsFromSpecifications, toEc2Tags } from './ec2-tag-rules.js';

describe('toEc2Tags', () => {
  it('maps Key/Value, an absent value being empty', () => {
    expect(toEc2Tags([{ Key: 'Name', Value: 'web' }, { Key: 'empty' }])).toEqual([{ key: 'Name', value: 'web' }, { key: 'empty', value: '' }]);
  });

  it('refuses aws: keys in any case, empty and over-long keys, over-long values', () => {
    expect(() => toEc2Tags([{ Key: 'AWS:x', Value: '' }])).toThrow(expect.objectContaining({ code: 'InvalidParameterValue', message: "Tag keys starting with 'aws:' are reserved for internal use" }));
    expect(() => toEc2Tags([{ Key: '', Value: '' }])).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => toEc2Tags([{ Key: 'k'.repeat(129) }])).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(toEc2Tags([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }])).toHaveLength(1);
    expect(() => toEc2Tags([{ Key: 'k', Value: 'v'.repeat(257) }])).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
  });
});

describe('assertTagQuota', () => {
  it('allows 50 distinct keys, counting a re-set key once, and refuses 51', () => {
    const fifty = Array.from({ length: 50 }, (_, index) => ({ key: `k${index}`, value: '' }));
    expect(() => assertTagQuota(fifty, [{ key: 'k0', value: 'again' }])).not.toThrow();
    expect(() => assertTagQuota(fifty, [{ key: 'k50', value: '' }])).toThrow(expect.objectContaining({ code: 'TagLimitExceeded' }));
  });
});

describe('tagsFromSpecifications', () => {
  it('takes the tags of the resource type and accepts the other types the operation allows', () => {
    expect(
      tagsFromSpecifications(
        [{ ResourceType: 'instance', Tags: [{ Key: 'elbow:host', Value: '127.0.0.1' }] }, { ResourceType: 'volume', Tags: [{ Key: 'v', Value: '1' }] }],
        'instance',
        ['instance', 'volume'],
      ),
    ).toEqual([{ key: 'elbow:host', value: '127.0.0.1' }]);
  });

  it('refuses a type the operation does not create', () => {
    expect(() => tagsFromSpecifications([{ ResourceType: 'instance', Tags: [] }], 'vpc')).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue', message: "'instance' is not a valid taggable resource type for this operation." }),
    );
  });
});
