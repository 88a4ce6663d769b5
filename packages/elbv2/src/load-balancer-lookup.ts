import { isArnInScope, partitionOf } from './arn.js';
import { elbv2Errors } from './elbv2-errors.js';
import type { LoadBalancerRecord, LoadBalancerRepository } from './load-balancer-repository.js';
import type { Scope } from './scope.js';

/**
 * The load balancer an ARN names in the caller's scope: ValidationError when the ARN cannot
 * name one here (malformed, another account or region; arn.ts), else LoadBalancerNotFound
 * (elbv2-validation.md §3 [G8]). For every slice that takes a LoadBalancerArn.
 */
export function findLoadBalancer(loadBalancers: LoadBalancerRepository, scope: Scope, arn: string): LoadBalancerRecord {
  if (!isArnInScope(arn, 'loadbalancer', scope)) throw elbv2Errors.invalidLoadBalancerArn(arn);
  const loadBalancer = loadBalancers.findByArn(scope, arn);
  if (!loadBalancer) throw elbv2Errors.loadBalancerNotFound();
  return loadBalancer;
}

const TYPE_SEGMENT = { application: 'app', network: 'net', gateway: 'gwy' } as const;

/** `arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/{app|net|gwy}/<name>/<id16>` (elbv2-validation.md §5). */
export function loadBalancerArn(
  scope: Scope,
  type: keyof typeof TYPE_SEGMENT,
  name: string,
  id: string,
): string {
  return `arn:${partitionOf(scope.region)}:elasticloadbalancing:${scope.region}:${scope.accountId}:loadbalancer/${TYPE_SEGMENT[type]}/${name}/${id}`;
}
