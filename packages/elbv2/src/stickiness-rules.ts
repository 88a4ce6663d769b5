import { ServiceError } from '@elbow/query-protocol';
import type { ResolvedForward } from './forward-config.js';
import type { ForwardReference } from './target-group-usage.js';

/**
 * AWS's stickiness rules across weighted forwards, in both directions (elbv2-validation.md §2).
 * Pure: callers pass each target group's effective stickiness attributes.
 *
 * - [G1] A forward to several groups where one has `app_cookie` stickiness enabled →
 *   InvalidLoadBalancerAction `When configuring a rule with multiple target groups, none of them
 *   can have stickiness of type 'app_cookie' enabled.`
 * - [G2] A forward to several groups, group stickiness off, and one group has target stickiness
 *   → `You must enable group stickiness on a rule if you enabled target stickiness on one of its
 *   target groups` (code unverified: InvalidConfigurationRequest, as the reverse direction).
 * - [G3] ModifyTargetGroupAttributes enabling stickiness on a group already behind such a forward
 *   → InvalidConfigurationRequest `This target group appears behind a rule with group stickiness
 *   disabled (<ARN>). You must enable group stickiness before enabling target stickiness`.
 * - Single-group forwards need no group stickiness [G4].
 */

export interface TargetStickiness {
  readonly isEnabled: boolean;
  /** `stickiness.type` (lb_cookie, app_cookie, source_ip, ...). */
  readonly type: string;
}

const APP_COOKIE_MESSAGE = `When configuring a rule with multiple target groups, none of them can have stickiness of type 'app_cookie' enabled.`;

/** CreateListener / ModifyListener / CreateRule / ModifyRule: the forward against its groups' current attributes. */
export function assertForwardStickiness(forward: ResolvedForward, stickinessOf: (targetGroupArn: string) => TargetStickiness): void {
  if (forward.targetGroups.length < 2) return;
  const groups = forward.targetGroups.map((group) => stickinessOf(group.arn));
  if (groups.some((group) => group.isEnabled && group.type === 'app_cookie')) {
    throw new ServiceError('InvalidLoadBalancerAction', APP_COOKIE_MESSAGE);
  }
  if (!forward.isGroupStickinessEnabled && groups.some((group) => group.isEnabled)) {
    throw new ServiceError(
      'InvalidConfigurationRequest',
      'You must enable group stickiness on a rule if you enabled target stickiness on one of its target groups',
    );
  }
}

/**
 * ModifyTargetGroupAttributes: the group's resulting stickiness against every forward that
 * already holds it. The ARN named is the rule's (for a listener's default action, its default
 * rule's); which of rule or listener AWS names is unverified ([G3] truncates it).
 * The app_cookie direction is decided by analogy with [G1] (unverified: code and wording).
 */
export function assertTargetStickinessAllowed(stickiness: TargetStickiness, forwards: readonly ForwardReference[]): void {
  if (!stickiness.isEnabled) return;
  const multiGroup = forwards.filter((forward) => forward.targetGroupCount > 1);
  if (multiGroup.length === 0) return;
  if (stickiness.type === 'app_cookie') throw new ServiceError('InvalidConfigurationRequest', APP_COOKIE_MESSAGE);
  const unsticky = multiGroup.find((forward) => !forward.isGroupStickinessEnabled);
  if (unsticky) {
    throw new ServiceError(
      'InvalidConfigurationRequest',
      `This target group appears behind a rule with group stickiness disabled (${unsticky.ruleArn}). ` +
        'You must enable group stickiness before enabling target stickiness',
    );
  }
}
