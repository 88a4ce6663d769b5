import type { ec2 } from '@elbow/api-models';
import { ec2Errors } from './ec2-errors.js';
import type { Ec2Tag } from './ec2-tag-repository.js';

/**
 * EC2 tag restrictions (Amazon EC2 User Guide, "Tag restrictions"): at most 50 tags per
 * resource, keys 1–128 and values 0–256 Unicode characters, keys may not start with `aws:`.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

export function toEc2Tags(tags: readonly ec2.Tag[] | undefined): Ec2Tag[] {
  return (tags ?? []).map((tag) => {
    const key = tag.Key ?? '';
    const value = tag.Value ?? '';
    // Unverified wording for the length failures; EC2 answers InvalidParameterValue (User Guide restrictions).
    if ([...key].length < 1 || [...key].length > MAX_KEY_LENGTH) {
      throw ec2Errors.invalidParameterValue(`Tag key must be between 1 and ${MAX_KEY_LENGTH} characters long, got '${key}'`);
    }
    if ([...value].length > MAX_VALUE_LENGTH) {
      throw ec2Errors.invalidParameterValue(`Tag value for key '${key}' must be at most ${MAX_VALUE_LENGTH} characters long`);
    }
    if (key.toLowerCase().startsWith('aws:')) throw ec2Errors.reservedTagKey();
    return { key, value };
  });
}

/** The tags that would result, checked against the per-resource quota. */
export function assertTagQuota(existing: readonly Ec2Tag[], added: readonly Ec2Tag[]): void {
  const keys = new Set(existing.map((tag) => tag.key));
  for (const tag of added) keys.add(tag.key);
  if (keys.size > MAX_TAGS_PER_RESOURCE) throw ec2Errors.tagLimit();
}

/**
 * The tags a create call's TagSpecifications give a resource of `resourceType`. A specification
 * for a type the operation does not create is refused, as EC2 does; `accepted` lists the types the
 * operation takes (RunInstances also takes volume and network-interface, which elbow does not keep).
 */
export function tagsFromSpecifications(
  specifications: readonly ec2.TagSpecification[] | undefined,
  resourceType: string,
  accepted: readonly string[] = [resourceType],
): Ec2Tag[] {
  const tags: Ec2Tag[] = [];
  for (const specification of specifications ?? []) {
    const type = specification.ResourceType ?? '';
    if (!accepted.includes(type)) throw ec2Errors.notTaggableHere(type);
    const parsed = toEc2Tags(specification.Tags);
    if (type === resourceType) tags.push(...parsed);
  }
  assertTagQuota([], tags);
  return tags;
}

export function toTagOutput(tags: readonly Ec2Tag[]): ec2.Tag[] {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}
