import type { elbv2 } from '@elbow/api-models';
import { matchCondition } from './match-condition.js';
import type { ConditionOutcome, RuleRequest } from './match-condition.js';

export interface RuleOutcome {
  readonly isMatch: boolean;
  /** Every condition's outcome, in the rule's order (all evaluated, for `explain`). */
  readonly conditions: readonly ConditionOutcome[];
}

/** Conditions in one rule are ANDed (headers-and-routing.md §2 [D4][M1]); none means always. */
export function matchRule(rule: elbv2.Rule, request: RuleRequest): RuleOutcome {
  const conditions = (rule.Conditions ?? []).map((condition) => matchCondition(condition, request));
  return { isMatch: conditions.every((condition) => condition.isMatch), conditions };
}
