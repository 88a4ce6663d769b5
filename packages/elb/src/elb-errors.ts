import { ServiceError, validationError } from '@elbow/query-protocol';

/**
 * Answers several classic handlers share. Each says where its wording comes from; the
 * unverified ones are listed in UNVERIFIED.md with what was searched.
 */
export const elbErrors = {
  /** Verified: classic-elb.md §1 [G1]; terraform-provider-aws#5972. */
  loadBalancerNotFound: (name: string) => new ServiceError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`),
  /** Verified: aws/aws-cli#953 and boto/boto3#1438 (`There is no policy with name … for load balancer …`). */
  policyNotFound: (policyName: string, loadBalancerName: string) =>
    new ServiceError('PolicyNotFound', `There is no policy with name ${policyName} for load balancer ${loadBalancerName}`.trimEnd()),
  /** Unverified: the PolicyNotFound wording's shape, for a policy type. */
  policyTypeNotFound: (typeName: string) => new ServiceError('PolicyTypeNotFound', `There is no policy type with name ${typeName}`),
  /** Unverified: no AWS text found; worded after the PolicyNotFound message. */
  listenerNotFound: (port: number, loadBalancerName: string) =>
    new ServiceError('ListenerNotFound', `There is no listener on port ${port} for load balancer ${loadBalancerName}`),
  /** Verified: aws/aws-cli#2021 and fog/fog-aws#193 (a policy of a type the listener or back end cannot take). */
  policyCannotBeEnabled: (policyName: string) => new ServiceError('InvalidConfigurationRequest', `${policyName} cannot be enabled`),
  /** Verified: hashicorp/terraform#10989 (status 409). */
  policyInUse: (policyName: string) =>
    new ServiceError('InvalidConfigurationRequest', `You cannot delete policy [${policyName}] since it is enabled or referred by other enabled policy.`),
  /** Unverified: moto's wording (classic-elb.md §1 [X2]); the model documents the condition. */
  duplicateListener: (loadBalancerName: string, port: number) =>
    new ServiceError(
      'DuplicateListener',
      `A listener already exists for ${loadBalancerName} with LoadBalancerPort ${port}, but with a different InstancePort, Protocol, or SSLCertificateId`,
    ),
  /** Unverified: worded after DuplicateLoadBalancerName's verified "already exists" message. */
  duplicatePolicyName: (policyName: string, loadBalancerName: string) =>
    new ServiceError('DuplicatePolicyName', `Policy named ${policyName} already exists for load balancer ${loadBalancerName}`),
  /** Verified for tags (ansible/ansible#29965: `Load Balancer named X already exists and it is configured with different tags.`); "parameters" by analogy. */
  duplicateLoadBalancerName: (name: string, what: 'parameters' | 'tags') =>
    new ServiceError('DuplicateLoadBalancerName', `Load Balancer named ${name} already exists and it is configured with different ${what}.`),
  /** Unverified: no AWS text found for an unknown or wrongly placed instance. */
  invalidInstance: (instanceId: string) => new ServiceError('InvalidInstance', `The requested instance ${instanceId} is not valid for the load balancer`),
  validation: (message: string) => validationError(message),
} as const;
