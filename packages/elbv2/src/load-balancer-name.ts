import { validationError } from '@elbow/query-protocol';

/**
 * Load balancer names: "must be unique per region per account, can have a maximum of 32
 * characters, must contain only alphanumeric characters or hyphens, must not begin or end with
 * a hyphen, and must not begin with 'internal-'" [M1 CreateLoadBalancerInput.Name;
 * elbv2-validation.md §4]. Only the length message is verified (§4 [G17]); the others follow
 * its shape (UNVERIFIED.md).
 */
export const MAX_LOAD_BALANCER_NAME_LENGTH = 32;

export function assertLoadBalancerNameLength(name: string): void {
  if (name.length > MAX_LOAD_BALANCER_NAME_LENGTH) {
    throw validationError(`The load balancer name '${name}' cannot be longer than '${MAX_LOAD_BALANCER_NAME_LENGTH}' characters`);
  }
}

export function assertValidLoadBalancerName(name: string): void {
  assertLoadBalancerNameLength(name);
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    throw validationError(`The load balancer name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  }
  if (name.startsWith('-') || name.endsWith('-')) throw validationError(`The load balancer name '${name}' cannot begin or end with '-'`);
  if (name.startsWith('internal-')) throw validationError(`The load balancer name '${name}' cannot begin with 'internal-'`);
}
