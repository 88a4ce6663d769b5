import type { Database } from 'better-sqlite3';
import type { Scope } from './scope.js';

/** One forward action (of a listener's default rule or of a rule) that names a target group. */
export interface ForwardReference {
  readonly ruleArn: string;
  readonly listenerArn: string;
  readonly loadBalancerArn: string;
  readonly isDefaultRule: boolean;
  /** How many target groups the forward names (1 for a plain TargetGroupArn forward). */
  readonly targetGroupCount: number;
  readonly isGroupStickinessEnabled: boolean;
}

/**
 * Who uses a target group, read from the forwards listeners and rules store
 * (migration 004 `rule_forwards`). Other slices ask this instead of reading rule JSON:
 * DescribeTargetGroups for `LoadBalancerArns`, DescribeTargetHealth for `unused` /
 * `Target.NotInUse`, DeleteTargetGroup for ResourceInUse, ModifyTargetGroupAttributes for the
 * stickiness rules across weighted forwards (elbv2-validation.md §2).
 */
export interface TargetGroupUsage {
  /** The load balancers whose listeners or rules forward to the group, in creation order of the first use, no repeats. */
  loadBalancerArnsOf(scope: Scope, targetGroupArn: string): string[];
  /** Every forward naming the group, in rule creation order. */
  forwardsReferencing(scope: Scope, targetGroupArn: string): ForwardReference[];
  isInUse(scope: Scope, targetGroupArn: string): boolean;
  /** The target groups the load balancer's listeners and rules forward to, in target-group creation order. */
  targetGroupArnsOf(scope: Scope, loadBalancerArn: string): string[];
}

type ForwardRow = [ruleArn: string, listenerArn: string, loadBalancerArn: string, isDefault: number, count: number, isSticky: number];

export function createTargetGroupUsage(db: Database): TargetGroupUsage {
  const selectLoadBalancers = db
    .prepare<[string, string, string], string>(
      `SELECT r.load_balancer_arn FROM rule_forwards f
         JOIN rules r ON r.account_id = f.account_id AND r.region = f.region AND r.arn = f.rule_arn
       WHERE f.account_id = ? AND f.region = ? AND f.target_group_arn = ?
       GROUP BY r.load_balancer_arn ORDER BY min(r.seq)`,
    )
    .pluck();
  const selectForwards = db
    .prepare<[string, string, string], ForwardRow>(
      `SELECT r.arn, r.listener_arn, r.load_balancer_arn, r.is_default,
              (SELECT count(*) FROM rule_forwards o
                WHERE o.account_id = r.account_id AND o.region = r.region AND o.rule_arn = r.arn),
              r.is_group_stickiness_enabled
         FROM rule_forwards f
         JOIN rules r ON r.account_id = f.account_id AND r.region = f.region AND r.arn = f.rule_arn
        WHERE f.account_id = ? AND f.region = ? AND f.target_group_arn = ?
        ORDER BY r.seq`,
    )
    .raw();
  const selectAny = db
    .prepare<[string, string, string], number>(
      `SELECT EXISTS (SELECT 1 FROM rule_forwards WHERE account_id = ? AND region = ? AND target_group_arn = ?)`,
    )
    .pluck();

  const selectTargetGroups = db
    .prepare<[string, string, string, string, string], string>(
      `SELECT t.arn FROM target_groups t
        WHERE t.account_id = ? AND t.region = ? AND t.arn IN (
          SELECT f.target_group_arn FROM rule_forwards f
            JOIN rules r ON r.account_id = f.account_id AND r.region = f.region AND r.arn = f.rule_arn
           WHERE f.account_id = ? AND f.region = ? AND r.load_balancer_arn = ?)
        ORDER BY t.seq`,
    )
    .pluck();

  return {
    targetGroupArnsOf(scope, loadBalancerArn) {
      return selectTargetGroups.all(scope.accountId, scope.region, scope.accountId, scope.region, loadBalancerArn);
    },
    loadBalancerArnsOf(scope, targetGroupArn) {
      return selectLoadBalancers.all(scope.accountId, scope.region, targetGroupArn);
    },
    forwardsReferencing(scope, targetGroupArn) {
      return selectForwards.all(scope.accountId, scope.region, targetGroupArn).map(
        ([ruleArn, listenerArn, loadBalancerArn, isDefault, count, isSticky]) => ({
          ruleArn,
          listenerArn,
          loadBalancerArn,
          isDefaultRule: isDefault === 1,
          targetGroupCount: count,
          isGroupStickinessEnabled: isSticky === 1,
        }),
      );
    },
    isInUse(scope, targetGroupArn) {
      return selectAny.get(scope.accountId, scope.region, targetGroupArn) === 1;
    },
  };
}
