import type { elbv2 } from '@elbow/api-models';
import { validationError } from '@elbow/query-protocol';

/**
 * A forward action reduced to what routing and validation need. Pure.
 * Sources: elbv2-validation.md §2(c)(d), headers-and-routing.md §3, [M1] `Action.ForwardConfig`,
 * `TargetGroupTuple.Weight` ("The range is 0 to 999"), `TargetGroupStickinessConfig`.
 */
export interface ResolvedForward {
  readonly targetGroups: readonly { readonly arn: string; readonly weight: number }[];
  readonly isGroupStickinessEnabled: boolean;
  readonly stickinessDurationSeconds: number | undefined;
  /** Whether the caller named the group with the plain `TargetGroupArn` member. */
  readonly hasTargetGroupArn: boolean;
}

export const MIN_WEIGHT = 0;
export const MAX_WEIGHT = 999;
export const MIN_STICKINESS_DURATION_SECONDS = 1;
export const MAX_STICKINESS_DURATION_SECONDS = 604_800;
/** "Target groups per action: 5" [D6]; a Network or Gateway Load Balancer forwards to one [D3]. */
export const MAX_TARGET_GROUPS_PER_FORWARD: Record<elbv2.LoadBalancerTypeEnum, number> = { application: 5, network: 1, gateway: 1 };
/** Weight of a group named without one (the read-back of a single-group forward shows `Weight: 1`; elbv2-validation.md §2(d)). */
const DEFAULT_WEIGHT = 1;

export function resolveForward(action: elbv2.Action, loadBalancerType: elbv2.LoadBalancerTypeEnum): ResolvedForward {
  const config = action.ForwardConfig;
  const tuples = config?.TargetGroups ?? [];
  const plainArn = action.TargetGroupArn;
  if (plainArn === undefined && tuples.length === 0) {
    throw validationError(`A target group ARN must be specified for actions of type 'forward'`);
  }
  if (plainArn !== undefined && tuples.length > 0) {
    // [M1 Action.ForwardConfig]: "you can specify only one target group using ForwardConfig and it
    // must be the same target group specified in TargetGroupArn".
    if (tuples.length > 1 || tuples[0]?.TargetGroupArn !== plainArn) {
      throw validationError('You cannot specify both a target group ARN and a forward config with different target groups');
    }
  }
  const stickiness = config?.TargetGroupStickinessConfig;
  const duration = stickiness?.DurationSeconds;
  const isSticky = stickiness?.Enabled === true;
  // AWS rejects an out-of-range duration even with Enabled=false (pulumi/pulumi-aws#1824), and the
  // model requires one "when enabling target group stickiness".
  if ((duration !== undefined && (duration < MIN_STICKINESS_DURATION_SECONDS || duration > MAX_STICKINESS_DURATION_SECONDS)) || (isSticky && duration === undefined)) {
    throw validationError(
      `Target group stickiness duration must be between ${MIN_STICKINESS_DURATION_SECONDS} and ${MAX_STICKINESS_DURATION_SECONDS} seconds`,
    );
  }
  const groups =
    tuples.length > 0
      ? tuples.map((tuple) => {
          if (tuple.TargetGroupArn === undefined) throw validationError('A target group ARN must be specified for each target group in a forward config');
          if (tuple.Weight === undefined && tuples.length > 1) {
            throw validationError('A weight must be specified for each target group when forwarding to multiple target groups');
          }
          const weight = tuple.Weight ?? DEFAULT_WEIGHT;
          if (!Number.isInteger(weight) || weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
            throw validationError(`Target group weight must be between ${MIN_WEIGHT} and ${MAX_WEIGHT}`);
          }
          return { arn: tuple.TargetGroupArn, weight };
        })
      : [{ arn: plainArn as string, weight: DEFAULT_WEIGHT }];
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.arn)) throw validationError(`Target group '${group.arn}' is specified more than once in a forward action`);
    seen.add(group.arn);
  }
  const limit = MAX_TARGET_GROUPS_PER_FORWARD[loadBalancerType];
  if (groups.length > limit) {
    throw validationError(`A forward action can only have '${limit}' target group${limit === 1 ? '' : 's'}`);
  }
  return { targetGroups: groups, isGroupStickinessEnabled: isSticky, stickinessDurationSeconds: duration, hasTargetGroupArn: plainArn !== undefined };
}

/**
 * The forward action as AWS reads it back. A single group is echoed both as `TargetGroupArn` and
 * as a one-entry `ForwardConfig` (aws-cli `create-listener.rst` GWLB example; elbv2-validation.md
 * §2(d)); ALB/NLB add the weight and the group-stickiness block, the GWLB example shows neither.
 */
export function forwardActionOutput(forward: ResolvedForward, order: number | undefined, loadBalancerType: elbv2.LoadBalancerTypeEnum): elbv2.Action {
  const isGateway = loadBalancerType === 'gateway';
  const single = forward.targetGroups.length === 1 ? forward.targetGroups[0] : undefined;
  const stickiness: elbv2.TargetGroupStickinessConfig = { Enabled: forward.isGroupStickinessEnabled };
  if (forward.stickinessDurationSeconds !== undefined) stickiness.DurationSeconds = forward.stickinessDurationSeconds;
  const forwardConfig: elbv2.ForwardActionConfig = {
    TargetGroups: forward.targetGroups.map((group) => (isGateway ? { TargetGroupArn: group.arn } : { TargetGroupArn: group.arn, Weight: group.weight })),
    ...(isGateway ? {} : { TargetGroupStickinessConfig: stickiness }),
  };
  return {
    Type: 'forward',
    ...(single ? { TargetGroupArn: single.arn } : {}),
    ...(order !== undefined ? { Order: order } : {}),
    ForwardConfig: forwardConfig,
  };
}
