import { validationError } from '@elbow/query-protocol';

/** CreateTargetGroupInput.Name doc: at most 32 characters [botocore elbv2 model]. */
export const TARGET_GROUP_NAME_MAX_LENGTH = 32;

/**
 * Name rules from the model's `CreateTargetGroupInput.Name` documentation: at most 32
 * characters, only alphanumerics and hyphens, not beginning or ending with a hyphen.
 * Messages: elbv2-validation.md §4 (too long: verified [G18]; characters and hyphens:
 * moto's wording, unverified — see UNVERIFIED.md).
 */
export function assertValidTargetGroupName(name: string): void {
  assertTargetGroupNameLength(name);
  if (name.length === 0 || !/^[A-Za-z0-9-]+$/.test(name)) {
    throw validationError(`Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    throw validationError(`Target group name '${name}' cannot begin or end with '-'`);
  }
}

/**
 * The one name rule `DescribeTargetGroups --names` is known to enforce: the length check was
 * observed for describe calls as well (elbv2-validation.md §4 [G18]). Other malformed names
 * cannot match a group, so they end in TargetGroupNotFound.
 */
export function assertTargetGroupNameLength(name: string): void {
  if (name.length > TARGET_GROUP_NAME_MAX_LENGTH) {
    throw validationError(`Target group name '${name}' cannot be longer than '${TARGET_GROUP_NAME_MAX_LENGTH}' characters`);
  }
}
