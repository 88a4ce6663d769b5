import type { elbv2 } from '@elbow/api-models';
import { matchRule } from './match-rule.js';
import type { ConditionOutcome, RuleRequest } from './match-condition.js';

export interface RuleEvaluation {
  readonly rule: elbv2.Rule;
  readonly priority: number | 'default';
  readonly verdict: 'matched' | 'conditions-not-met' | 'not-evaluated' | 'invalid-priority';
  readonly conditions: readonly ConditionOutcome[];
}

export interface RuleSelection {
  /** The rule whose actions run; undefined only when the listener has no default rule. */
  readonly rule: elbv2.Rule | undefined;
  /** Every rule in evaluation order with why it was or was not chosen. */
  readonly evaluations: readonly RuleEvaluation[];
}

function isDefaultRule(rule: elbv2.Rule): boolean {
  return rule.IsDefault === true || rule.Priority === 'default';
}

/**
 * Picks the rule for a request: non-default rules by ascending priority (1–50000), the first
 * whose conditions all hold wins; otherwise the default rule, which has no conditions
 * (headers-and-routing.md §2 [D4]). A rule whose priority is not an integer is skipped.
 */
export function selectRule(rules: readonly elbv2.Rule[], request: RuleRequest): RuleSelection {
  const evaluations: RuleEvaluation[] = [];
  const ordered = rules
    .filter((rule) => !isDefaultRule(rule))
    .map((rule) => ({ rule, priority: /^\d+$/.test(rule.Priority ?? '') ? Number(rule.Priority) : Number.NaN }))
    .sort((a, b) => (Number.isNaN(a.priority) ? 1 : Number.isNaN(b.priority) ? -1 : a.priority - b.priority));
  let chosen: elbv2.Rule | undefined;
  for (const { rule, priority } of ordered) {
    if (Number.isNaN(priority)) {
      evaluations.push({ rule, priority: Number.NaN, verdict: 'invalid-priority', conditions: [] });
    } else if (chosen !== undefined) {
      evaluations.push({ rule, priority, verdict: 'not-evaluated', conditions: [] });
    } else {
      const outcome = matchRule(rule, request);
      evaluations.push({ rule, priority, verdict: outcome.isMatch ? 'matched' : 'conditions-not-met', conditions: outcome.conditions });
      if (outcome.isMatch) chosen = rule;
    }
  }
  const defaultRule = rules.find(isDefaultRule);
  if (defaultRule !== undefined) {
    evaluations.push({
      rule: defaultRule,
      priority: 'default',
      verdict: chosen === undefined ? 'matched' : 'not-evaluated',
      conditions: [],
    });
    chosen ??= defaultRule;
  }
  return { rule: chosen, evaluations };
}
