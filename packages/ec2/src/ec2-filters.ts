import type { ec2 } from '@elbow/api-models';
import { ec2Errors } from './ec2-errors.js';

/**
 * EC2's Describe* filters: every filter must match (AND), any of a filter's values may match
 * (OR), values may use the wildcards `*` and `?` (EC2 API Reference, "Filter" data type and
 * "List and filter your resources"). `tag:<key>` matches a tag's value, `tag-key` a tag's key.
 * A filter name the resource does not support is InvalidParameterValue.
 */
export interface FilterSubject {
  /** The values a named filter sees on this resource; undefined when the filter is not supported. */
  readonly field: (name: string) => readonly string[] | undefined;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

/** Throws for a filter the resource kind does not know, before any resource is looked at. */
export function assertKnownFilters(filters: readonly ec2.Filter[] | undefined, knownNames: ReadonlySet<string>): void {
  for (const filter of filters ?? []) {
    const name = filter.Name ?? '';
    if (name.startsWith('tag:') || name === 'tag-key' || name === 'tag-value' || knownNames.has(name)) continue;
    throw ec2Errors.invalidFilter(name);
  }
}

export function matchesFilters(filters: readonly ec2.Filter[] | undefined, subject: FilterSubject): boolean {
  return (filters ?? []).every((filter) => {
    const name = filter.Name ?? '';
    const patterns = (filter.Values ?? []).map(globToRegExp);
    const matchesAny = (values: readonly string[]) => values.some((value) => patterns.some((pattern) => pattern.test(value)));
    if (name.startsWith('tag:')) {
      const key = name.slice('tag:'.length);
      return matchesAny(subject.tags.filter((tag) => tag.key === key).map((tag) => tag.value));
    }
    if (name === 'tag-key') return matchesAny(subject.tags.map((tag) => tag.key));
    if (name === 'tag-value') return matchesAny(subject.tags.map((tag) => tag.value));
    return matchesAny(subject.field(name) ?? []);
  });
}

/** `*` any run of characters, `?` one character; `\` escapes either (EC2 filter wildcard syntax). */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (char === '\\' && index + 1 < glob.length) {
      index += 1;
      source += escapeRegExp(glob.charAt(index));
    } else if (char === '*') {
      source += '[\\s\\S]*';
    } else if (char === '?') {
      source += '[\\s\\S]';
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
