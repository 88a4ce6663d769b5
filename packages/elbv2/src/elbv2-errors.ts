import { ServiceError, validationError } from '@elbow/query-protocol';

/**
 * The not-found and malformed-ARN answers shared by several handlers. Sources:
 * elbv2-validation.md §3 ([G7] target groups, [G8] load balancers, [G9] listeners verified;
 * rules and trust stores unverified) and the "is not a valid … ARN" answers seen in
 * hashicorp/terraform-provider-aws#4552, spinnaker/spinnaker#5574, aws/aws-cli#3260.
 */
export const elbv2Errors = {
  targetGroupNotFound: () => new ServiceError('TargetGroupNotFound', 'One or more target groups not found'),
  loadBalancerNotFound: () => new ServiceError('LoadBalancerNotFound', 'One or more load balancers not found'),
  listenerNotFound: () => new ServiceError('ListenerNotFound', 'One or more listeners not found'),
  /** Unverified (moto's wording). */
  ruleNotFound: () => new ServiceError('RuleNotFound', 'One or more rules not found'),
  /** Unverified, by analogy with the other not-found messages. */
  trustStoreNotFound: () => new ServiceError('TrustStoreNotFound', 'One or more trust stores not found'),
  invalidTargetGroupArn: (arn: string) => validationError(`'${arn}' is not a valid target group ARN`),
  invalidLoadBalancerArn: (arn: string) => validationError(`'${arn}' is not a valid load balancer ARN`),
  /** Unverified, by analogy with the target group and load balancer answers. */
  invalidTrustStoreArn: (arn: string) => validationError(`'${arn}' is not a valid trust store ARN`),
  /** aws/aws-cli#3260 (a load-balancer ARN passed as a listener ARN). */
  invalidListenerArn: (arn: string) => validationError(`'${arn}' is not a valid listener ARN`),
  /** Unverified, by analogy with the listener wording. */
  invalidRuleArn: (arn: string) => validationError(`'${arn}' is not a valid listener rule ARN`),
  /**
   * DescribeTags answered this for a well-formed ARN of another region (aws/aws-cli#3475);
   * elbow uses it for every tag call on an ARN it cannot place.
   */
  notInArnFormat: (arn: string) => validationError(`'${arn}' must be in ARN format`),
} as const;
