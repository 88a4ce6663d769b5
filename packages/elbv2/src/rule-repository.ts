import type { Database } from 'better-sqlite3';
import type { elbv2 } from '@elbow/api-models';
import type { ResolvedForward } from './forward-config.js';
import type { Scope } from './scope.js';

/** A rule's definition: what CreateRule/ModifyRule (or a listener's DefaultActions) set. */
export interface RuleDefinition {
  readonly conditions: readonly elbv2.RuleCondition[];
  /** Stored form (action-rules.ts `resolveActions`). */
  readonly actions: readonly elbv2.Action[];
  readonly transforms: readonly elbv2.RuleTransform[];
  /** The forward among the actions, indexed in `rule_forwards` for target-group-usage.ts. */
  readonly forward: ResolvedForward | undefined;
}

export interface NewRule extends RuleDefinition {
  readonly arn: string;
  readonly listenerArn: string;
  readonly loadBalancerArn: string;
  /** undefined for the listener's default rule. */
  readonly priority: number | undefined;
}

export interface RuleRecord {
  readonly seq: number;
  readonly arn: string;
  readonly listenerArn: string;
  readonly loadBalancerArn: string;
  readonly isDefault: boolean;
  readonly priority: number | undefined;
  readonly conditions: elbv2.RuleCondition[];
  readonly actions: elbv2.Action[];
  readonly transforms: elbv2.RuleTransform[];
}

const SELECT_COLUMNS = 'seq, arn, listener_arn, load_balancer_arn, is_default, priority, conditions, actions, transforms';
type RuleRow = [
  seq: number,
  arn: string,
  listenerArn: string,
  loadBalancerArn: string,
  isDefault: number,
  priority: number | null,
  conditions: string,
  actions: string,
  transforms: string,
];

export interface RuleRepository {
  insert(scope: Scope, rule: NewRule): RuleRecord;
  findByArn(scope: Scope, arn: string): RuleRecord | undefined;
  findDefault(scope: Scope, listenerArn: string): RuleRecord | undefined;
  findByPriority(scope: Scope, listenerArn: string, priority: number): RuleRecord | undefined;
  /** The listener's rules by priority, the default rule last (the order rules are evaluated in [D4]). */
  listByListener(scope: Scope, listenerArn: string): RuleRecord[];
  /** Rules other than default rules over every listener of a load balancer ("Rules per ALB, excluding default rules"). */
  countNonDefaultByLoadBalancer(scope: Scope, loadBalancerArn: string): number;
  /** Target groups forwarded to by any rule of the load balancer other than `exceptRuleArn`. */
  targetGroupsOfLoadBalancer(scope: Scope, loadBalancerArn: string, exceptRuleArn?: string): Set<string>;
  updateDefinition(scope: Scope, arn: string, definition: RuleDefinition): void;
  updatePriority(scope: Scope, arn: string, priority: number): void;
  delete(scope: Scope, arn: string): boolean;
}

export function createRuleRepository(db: Database): RuleRepository {
  const insert = db.prepare(`
    INSERT INTO rules (account_id, region, arn, listener_arn, load_balancer_arn, is_default, priority, conditions, actions, transforms,
      is_group_stickiness_enabled)
    VALUES (@accountId, @region, @arn, @listenerArn, @loadBalancerArn, @isDefault, @priority, @conditions, @actions, @transforms, @isSticky)`);
  const insertForward = db.prepare(
    `INSERT INTO rule_forwards (account_id, region, rule_arn, target_group_arn, weight) VALUES (?, ?, ?, ?, ?)`,
  );
  const deleteForwards = db.prepare(`DELETE FROM rule_forwards WHERE account_id = ? AND region = ? AND rule_arn = ?`);
  const selectByArn = db
    .prepare<[string, string, string], RuleRow>(`SELECT ${SELECT_COLUMNS} FROM rules WHERE account_id = ? AND region = ? AND arn = ?`)
    .raw();
  const selectDefault = db
    .prepare<[string, string, string], RuleRow>(
      `SELECT ${SELECT_COLUMNS} FROM rules WHERE account_id = ? AND region = ? AND listener_arn = ? AND is_default = 1`,
    )
    .raw();
  const selectByPriority = db
    .prepare<[string, string, string, number], RuleRow>(
      `SELECT ${SELECT_COLUMNS} FROM rules WHERE account_id = ? AND region = ? AND listener_arn = ? AND priority = ?`,
    )
    .raw();
  const selectByListener = db
    .prepare<[string, string, string], RuleRow>(
      `SELECT ${SELECT_COLUMNS} FROM rules WHERE account_id = ? AND region = ? AND listener_arn = ? ORDER BY is_default, priority`,
    )
    .raw();
  const countNonDefault = db
    .prepare<[string, string, string], number>(
      `SELECT count(*) FROM rules WHERE account_id = ? AND region = ? AND load_balancer_arn = ? AND is_default = 0`,
    )
    .pluck();
  const selectLoadBalancerGroups = db
    .prepare<[string, string, string, string], string>(
      `SELECT DISTINCT f.target_group_arn FROM rule_forwards f
         JOIN rules r ON r.account_id = f.account_id AND r.region = f.region AND r.arn = f.rule_arn
        WHERE f.account_id = ? AND f.region = ? AND r.load_balancer_arn = ? AND r.arn <> ?`,
    )
    .pluck();
  const updateDefinition = db.prepare(`
    UPDATE rules SET conditions = @conditions, actions = @actions, transforms = @transforms, is_group_stickiness_enabled = @isSticky
    WHERE account_id = @accountId AND region = @region AND arn = @arn`);
  const updatePriority = db.prepare(`UPDATE rules SET priority = ? WHERE account_id = ? AND region = ? AND arn = ? AND is_default = 0`);
  const deleteByArn = db.prepare(`DELETE FROM rules WHERE account_id = ? AND region = ? AND arn = ?`);

  function writeForwards(scope: Scope, ruleArn: string, forward: ResolvedForward | undefined): void {
    deleteForwards.run(scope.accountId, scope.region, ruleArn);
    for (const group of forward?.targetGroups ?? []) insertForward.run(scope.accountId, scope.region, ruleArn, group.arn, group.weight);
  }

  return {
    insert(scope, rule) {
      const result = insert.run({
        ...scope,
        ...definitionParameters(rule),
        arn: rule.arn,
        listenerArn: rule.listenerArn,
        loadBalancerArn: rule.loadBalancerArn,
        isDefault: rule.priority === undefined ? 1 : 0,
        priority: rule.priority ?? null,
      });
      writeForwards(scope, rule.arn, rule.forward);
      return toRecord([
        Number(result.lastInsertRowid), rule.arn, rule.listenerArn, rule.loadBalancerArn, rule.priority === undefined ? 1 : 0,
        rule.priority ?? null, JSON.stringify(rule.conditions), JSON.stringify(rule.actions), JSON.stringify(rule.transforms),
      ]);
    },
    findByArn(scope, arn) {
      const row = selectByArn.get(scope.accountId, scope.region, arn);
      return row && toRecord(row);
    },
    findDefault(scope, listenerArn) {
      const row = selectDefault.get(scope.accountId, scope.region, listenerArn);
      return row && toRecord(row);
    },
    findByPriority(scope, listenerArn, priority) {
      const row = selectByPriority.get(scope.accountId, scope.region, listenerArn, priority);
      return row && toRecord(row);
    },
    listByListener(scope, listenerArn) {
      return selectByListener.all(scope.accountId, scope.region, listenerArn).map(toRecord);
    },
    countNonDefaultByLoadBalancer(scope, loadBalancerArn) {
      return countNonDefault.get(scope.accountId, scope.region, loadBalancerArn) ?? 0;
    },
    targetGroupsOfLoadBalancer(scope, loadBalancerArn, exceptRuleArn = '') {
      return new Set(selectLoadBalancerGroups.all(scope.accountId, scope.region, loadBalancerArn, exceptRuleArn));
    },
    updateDefinition(scope, arn, definition) {
      updateDefinition.run({ ...scope, arn, ...definitionParameters(definition) });
      writeForwards(scope, arn, definition.forward);
    },
    updatePriority(scope, arn, priority) {
      updatePriority.run(priority, scope.accountId, scope.region, arn);
    },
    delete(scope, arn) {
      return deleteByArn.run(scope.accountId, scope.region, arn).changes > 0;
    },
  };
}

function definitionParameters(definition: RuleDefinition) {
  return {
    conditions: JSON.stringify(definition.conditions),
    actions: JSON.stringify(definition.actions),
    transforms: JSON.stringify(definition.transforms),
    isSticky: definition.forward?.isGroupStickinessEnabled === true ? 1 : 0,
  };
}

function toRecord(row: RuleRow): RuleRecord {
  const [seq, arn, listenerArn, loadBalancerArn, isDefault, priority, conditions, actions, transforms] = row;
  return {
    seq,
    arn,
    listenerArn,
    loadBalancerArn,
    isDefault: isDefault === 1,
    priority: priority ?? undefined,
    conditions: JSON.parse(conditions) as elbv2.RuleCondition[],
    actions: JSON.parse(actions) as elbv2.Action[],
    transforms: JSON.parse(transforms) as elbv2.RuleTransform[],
  };
}
