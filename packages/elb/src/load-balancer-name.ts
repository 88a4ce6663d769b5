import { validationError } from '@elbow/query-protocol';

/**
 * Classic load balancer names: at most 32 characters, only alphanumerics and hyphens, no hyphen
 * first or last (model CreateAccessPointInput.LoadBalancerName). The length message is verified
 * (classic-elb.md §1 [G3]); the other two follow the verified policy-name wording ([G4]) and are
 * unverified (UNVERIFIED.md).
 */
export const MAX_LOAD_BALANCER_NAME_LENGTH = 32;

export function assertValidLoadBalancerName(name: string): void {
  if (name.length > MAX_LOAD_BALANCER_NAME_LENGTH) throw validationError(`LoadBalancer name cannot be longer than ${MAX_LOAD_BALANCER_NAME_LENGTH} characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw validationError('LoadBalancer name cannot contain characters that are not letters, or digits or the dash.');
  if (name.startsWith('-') || name.endsWith('-')) throw validationError('LoadBalancer name cannot begin or end with a dash.');
}

/** Policy names: letters, digits and dashes (classic-elb.md §1 [G4], verified). */
export function assertValidPolicyName(name: string): void {
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw validationError('Policy name cannot contain characters that are not letters, or digits or the dash.');
}
