import type { elbv2 } from '@elbow/api-models';
import { ServiceError } from '@elbow/query-protocol';
import { isArnInScope } from './arn.js';
import { elbv2Errors } from './elbv2-errors.js';
import type { ResolvedForward } from './forward-config.js';
import type { RuleRepository } from './rule-repository.js';
import type { Scope } from './scope.js';
import { assertForwardStickiness } from './stickiness-rules.js';
import type { TargetGroupRecord, TargetGroupRepository } from './target-group-repository.js';
import type { TargetGroupUsage } from './target-group-usage.js';

export interface ForwardCheckDependencies {
  readonly targetGroups: TargetGroupRepository;
  readonly rules: RuleRepository;
  readonly targetGroupUsage: TargetGroupUsage;
}

export interface ForwardSubject {
  readonly scope: Scope;
  readonly loadBalancerArn: string;
  readonly loadBalancerType: elbv2.LoadBalancerTypeEnum;
  readonly listenerProtocol: elbv2.ProtocolEnum | undefined;
  /** The rule whose forward is being replaced (its current groups do not count twice). */
  readonly ruleArn: string | undefined;
}

/**
 * Which target-group protocols a listener protocol can forward to (ALB/NLB/GWLB guides, "target
 * groups"): an ALB forwards HTTP(S) to HTTP/HTTPS groups and to Lambda groups (no protocol); an
 * NLB TCP listener to TCP or TCP_UDP groups, TLS to TCP or TLS, UDP to UDP or TCP_UDP; a GWLB to
 * GENEVE groups.
 */
const COMPATIBLE: Record<string, readonly (elbv2.ProtocolEnum | undefined)[]> = {
  HTTP: ['HTTP', 'HTTPS', undefined],
  HTTPS: ['HTTP', 'HTTPS', undefined],
  TCP: ['TCP', 'TCP_UDP'],
  TLS: ['TCP', 'TLS'],
  UDP: ['UDP', 'TCP_UDP'],
  TCP_UDP: ['TCP_UDP'],
  QUIC: ['QUIC'],
  TCP_QUIC: ['TCP_QUIC'],
  GENEVE: ['GENEVE'],
};

/** "Target groups per Application Load Balancer: 100" [D6]; NLB 100 and GWLB 100 per the same quota pages (unverified for GWLB). */
const MAX_UNIQUE_TARGET_GROUPS_PER_LOAD_BALANCER = 100;

/**
 * Checks a forward's target groups against the listener and the load balancer, in AWS's
 * apparent order: ARN shape, existence, one load balancer per group, protocols, the unique-group
 * quota, then stickiness across the groups (stickiness-rules.ts).
 */
export function checkForwardTargets(deps: ForwardCheckDependencies, subject: ForwardSubject, forward: ResolvedForward | undefined): void {
  if (forward === undefined) return;
  const { scope } = subject;
  const groups: TargetGroupRecord[] = forward.targetGroups.map(({ arn }) => {
    if (!isArnInScope(arn, 'targetgroup', scope)) throw elbv2Errors.invalidTargetGroupArn(arn);
    const group = deps.targetGroups.findByArn(scope, arn);
    // moto's wording (elbv2-validation.md §3, unverified).
    if (!group) throw new ServiceError('TargetGroupNotFound', `Target group '${arn}' not found`);
    return group;
  });
  const elsewhere = groups.filter((group) =>
    deps.targetGroupUsage.loadBalancerArnsOf(scope, group.arn).some((loadBalancerArn) => loadBalancerArn !== subject.loadBalancerArn),
  );
  if (elsewhere.length > 0) {
    // hashicorp/terraform-provider-aws#22005 (title quotes the response); the ARN list after the colon is unverified.
    throw new ServiceError(
      'TargetGroupAssociationLimit',
      `The following target groups cannot be associated with more than one load balancer: ${elsewhere.map((group) => group.arn).join(', ')}`,
    );
  }
  const protocol = subject.listenerProtocol ?? 'GENEVE';
  const incompatible = groups.filter((group) => {
    const allowed = COMPATIBLE[protocol] ?? [];
    return !allowed.includes(group.protocol) || (group.targetType === 'lambda' && subject.loadBalancerType !== 'application');
  });
  if (incompatible.length > 0) {
    // [G1] prefix verified; the ARN list after the colon is unverified.
    throw new ServiceError(
      'IncompatibleProtocols',
      `The listener and the following target groups have incompatible protocols: ${incompatible.map((group) => group.arn).join(', ')}`,
    );
  }
  const unique = deps.rules.targetGroupsOfLoadBalancer(scope, subject.loadBalancerArn, subject.ruleArn);
  for (const group of groups) unique.add(group.arn);
  if (unique.size > MAX_UNIQUE_TARGET_GROUPS_PER_LOAD_BALANCER) {
    // kubernetes-sigs/aws-load-balancer-controller#3767 (a real response quoted by a user).
    throw new ServiceError(
      'TooManyUniqueTargetGroupsPerLoadBalancer',
      `You have reached the maximum number of unique target groups that you can associate with a load balancer of type '${subject.loadBalancerType}': [${MAX_UNIQUE_TARGET_GROUPS_PER_LOAD_BALANCER}]`,
    );
  }
  const byArn = new Map(groups.map((group) => [group.arn, group]));
  assertForwardStickiness(forward, (arn) => {
    const attributes = deps.targetGroups.getAttributes(scope, arn);
    const group = byArn.get(arn);
    return {
      isEnabled: attributes.get('stickiness.enabled') === 'true',
      type: attributes.get('stickiness.type') ?? (group?.protocol === 'HTTP' || group?.protocol === 'HTTPS' ? 'lb_cookie' : 'source_ip'),
    };
  });
}
