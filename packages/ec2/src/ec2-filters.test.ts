import { describe, expect, it } from 'vitest';
import { assertKnownFilters, globToRegExp, matchesFilters } from './ec2-filters.js';

const subject = {
  field: (name: string) => ({ 'vpc-id': ['vpc-1'], 'cidr-block': ['10.0.0.0/16'] })[name],
  tags: [{ key: 'Name', value: 'web-tier' }, { key: 'env', value: 'dev' }],
};

describe('matchesFilters', () => {
  it('matches everything without filters', () => {
    expect(matchesFilters(undefined, subject)).toBe(true);
    expect(matchesFilters([], subject)).toBe(true);
  });

  it('ANDs filters and ORs values', () => {
    expect(matchesFilters([{ Name: 'vpc-id', Values: ['vpc-2', 'vpc-1'] }], subject)).toBe(true);
    expect(matchesFilters([{ Name: 'vpc-id', Values: ['vpc-1'] }, { Name: 'cidr-block', Values: ['10.1.0.0/16'] }], subject)).toBe(false);
  });

  it('matches tag:<key>, tag-key and tag-value', () => {
    expect(matchesFilters([{ Name: 'tag:Name', Values: ['web-*'] }], subject)).toBe(true);
    expect(matchesFilters([{ Name: 'tag:Name', Values: ['dev'] }], subject)).toBe(false);
    expect(matchesFilters([{ Name: 'tag-key', Values: ['env'] }], subject)).toBe(true);
    expect(matchesFilters([{ Name: 'tag-value', Values: ['de?'] }], subject)).toBe(true);
  });

  it('matches nothing for a filter with no values', () => {
    expect(matchesFilters([{ Name: 'vpc-id', Values: [] }], subject)).toBe(false);
  });
});

describe('globToRegExp', () => {
  it('supports * and ? and escapes them with a backslash', () => {
    expect(globToRegExp('a*c').test('abbbc')).toBe(true);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a?c').test('abbc')).toBe(false);
    expect(globToRegExp('a\\*c').test('a*c')).toBe(true);
    expect(globToRegExp('a\\*c').test('abc')).toBe(false);
    expect(globToRegExp('10.0.0.0/16').test('10.0.0.0/16')).toBe(true);
    expect(globToRegExp('10.0.0.0/16').test('10x0.0.0/16')).toBe(false);
  });
});

describe('assertKnownFilters', () => {
  it('accepts known names and tag filters, refuses others with InvalidParameterValue', () => {
    expect(() => assertKnownFilters([{ Name: 'vpc-id' }, { Name: 'tag:x' }, { Name: 'tag-key' }], new Set(['vpc-id']))).not.toThrow();
    expect(() => assertKnownFilters([{ Name: 'bogus' }], new Set(['vpc-id']))).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue', message: "The filter 'bogus' is invalid" }),
    );
  });
});
