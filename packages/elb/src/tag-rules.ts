import type { elb } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';

/** "Each load balancer can have a maximum of 10 tags" (classic-elb.md §2 [G7]). */
export const MAX_CLASSIC_TAGS = 10;

/** Duplicate keys in one request and reserved `aws:` keys; wording as elbv2's tag rules (unverified). */
export function assertValidNewTags(tags: readonly elb.Tag[]): void {
  const seen = new Set<string>();
  for (const { Key: key } of tags) {
    if (seen.has(key)) throw new ServiceError('DuplicateTagKeys', `Tag key was specified more than once: ${key}`);
    seen.add(key);
    if (key.toLowerCase().startsWith('aws:')) throw validationError(`Tag keys starting with 'aws:' are reserved for internal use`);
  }
}

export function assertTagQuota(existingKeys: readonly string[], tags: readonly elb.Tag[]): void {
  const keys = new Set(existingKeys);
  for (const tag of tags) keys.add(tag.Key);
  if (keys.size > MAX_CLASSIC_TAGS) throw new ServiceError('TooManyTags', `You've reached the limit on the number of tags for this resource.`);
}
