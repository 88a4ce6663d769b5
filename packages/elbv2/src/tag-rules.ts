import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';

/** Tags per resource: 50 (ELB user guides, "Tag restrictions"; quota `tags-per-resource`). */
export const MAX_TAGS_PER_RESOURCE = 50;

/**
 * Checks the tags of one AddTags/CreateTargetGroup request before anything is written.
 * Model constraints (key length/pattern, list min 1) are the protocol layer's job.
 */
export function assertValidNewTags(tags: readonly elbv2.Tag[]): void {
  const seen = new Set<string>();
  for (const { Key: key } of tags) {
    if (seen.has(key)) {
      // moto's wording (elbv2-validation.md §3 [X1]) — unverified.
      throw new ServiceError('DuplicateTagKeys', `Tag key was specified more than once: ${key}`);
    }
    seen.add(key);
    if (key.toLowerCase().startsWith('aws:')) {
      // "The aws: prefix is reserved for AWS use" (AWS tagging docs); wording as EC2 words it — unverified for ELB.
      throw validationError(`Tag keys starting with 'aws:' are reserved for internal use`);
    }
  }
}

/** `existingKeys` plus the new keys of `tags` must stay within the quota. */
export function assertTagQuota(existingKeys: readonly string[], tags: readonly elbv2.Tag[]): void {
  const keys = new Set(existingKeys);
  for (const tag of tags) keys.add(tag.Key);
  if (keys.size > MAX_TAGS_PER_RESOURCE) {
    // The model's TooManyTagsException documentation — unverified as the wire message.
    throw new ServiceError('TooManyTags', `You've reached the limit on the number of tags for this resource.`);
  }
}
