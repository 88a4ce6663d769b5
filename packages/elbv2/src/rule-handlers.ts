import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { actionsOutput, resolveActions } from './action-rules.js';
import { checkForwardTargets } from './action-target-groups.js';
import { isArnInScope } from './arn.js';
import { resolveConditions } from './condition-rules.js';
import { elbv2Errors } from './elbv2-errors.js';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import type { ListenerHandlerDependencies } from './listener-handlers.js';
import { findListener, ruleArnOf } from './listener-handlers.js';
import type { LoadBalancerRecord } from './load-balancer-repository.js';
import { pageOf } from './pagination.js';
import type { RuleRecord, RuleRepository } from './rule-repository.js';
import { resolveTransforms } from './rule-transforms.js';
import type { Scope } from './scope.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';

/** "Rules per Application Load Balancer (excluding default rules): 100" (elbv2-validation.md §7 [D6]). */
export const MAX_RULES_PER_LOAD_BALANCER = 100;
const ID_LENGTH = 16;

export type RuleMutationName = 'CreateRule' | 'ModifyRule' | 'DeleteRule' | 'SetRulePriorities';
export type RuleQueryName = 'DescribeRules';

/** A rule as AWS returns it (aws-cli `describe-rules.rst`, `modify-rule.rst`): Priority is a string, "default" for the default rule. */
export function toRuleOutput(rule: RuleRecord): elbv2.Rule {
  return {
    RuleArn: rule.arn,
    Priority: rule.priority === undefined ? 'default' : String(rule.priority),
    Conditions: structuredClone(rule.conditions),
    Actions: actionsOutput(rule.actions),
    IsDefault: rule.isDefault,
    ...(rule.transforms.length > 0 ? { Transforms: structuredClone(rule.transforms) } : {}),
  };
}

export function findRule(rules: RuleRepository, scope: Scope, arn: string): RuleRecord {
  if (!isArnInScope(arn, 'listener-rule', scope)) throw elbv2Errors.invalidRuleArn(arn);
  const rule = rules.findByArn(scope, arn);
  if (!rule) throw elbv2Errors.ruleNotFound();
  return rule;
}

function priorityInUse(priority: number): ServiceError {
  // [G10] Terraform output quoting the response (elbv2-validation.md §3).
  return new ServiceError('PriorityInUse', `Priority '${priority}' is currently in use`);
}

function resolveRuleConditions(conditions: readonly elbv2.RuleCondition[]): elbv2.RuleCondition[] {
  if (conditions.length === 0) throw validationError('A rule must have at least one condition');
  return resolveConditions(conditions);
}

export function ruleMutations(deps: ListenerHandlerDependencies): SyncHandlers<RuleMutationName> {
  const { listeners, rules, loadBalancers, tags } = deps;

  function loadBalancerOf(scope: Scope, arn: string): LoadBalancerRecord {
    const loadBalancer = loadBalancers.findByArn(scope, arn);
    if (!loadBalancer) throw elbv2Errors.loadBalancerNotFound();
    return loadBalancer;
  }

  return {
    CreateRule(input, context) {
      const scope = scopeOf(context);
      const listener = findListener(listeners, scope, input.ListenerArn);
      const loadBalancer = loadBalancerOf(scope, listener.loadBalancerArn);
      if (loadBalancer.type !== 'application') {
        throw validationError(`Rules are not supported for listeners of load balancers of type '${loadBalancer.type}'`);
      }
      const conditions = resolveRuleConditions(input.Conditions);
      const resolved = resolveActions(input.Actions, { loadBalancerType: loadBalancer.type, protocol: listener.protocol });
      const transforms = resolveTransforms(input.Transforms ?? []);
      const newTags = input.Tags ?? [];
      assertValidNewTags(newTags);
      assertTagQuota([], newTags);
      if (rules.findByPriority(scope, listener.arn, input.Priority)) throw priorityInUse(input.Priority);
      if (rules.countNonDefaultByLoadBalancer(scope, loadBalancer.arn) >= MAX_RULES_PER_LOAD_BALANCER) {
        throw new ServiceError('TooManyRules', `You've reached the limit on the number of rules per load balancer`);
      }
      checkForwardTargets(deps, { scope, loadBalancerArn: loadBalancer.arn, loadBalancerType: loadBalancer.type, listenerProtocol: listener.protocol, ruleArn: undefined }, resolved.forward);
      const rule = rules.insert(scope, {
        arn: ruleArnOf(listener.arn, deps.randomHex(ID_LENGTH)),
        listenerArn: listener.arn,
        loadBalancerArn: loadBalancer.arn,
        priority: input.Priority,
        conditions,
        actions: resolved.actions,
        transforms,
        forward: resolved.forward,
      });
      tags.put(scope, rule.arn, newTags);
      return { Rules: [toRuleOutput(rule)] };
    },

    ModifyRule(input, context) {
      const scope = scopeOf(context);
      const rule = findRule(rules, scope, input.RuleArn);
      if (input.Conditions === undefined && input.Actions === undefined && input.Transforms === undefined && input.ResetTransforms !== true) {
        throw validationError('Either conditions or actions must be specified');
      }
      if (rule.isDefault && (input.Conditions !== undefined || input.Transforms !== undefined)) {
        throw new ServiceError('OperationNotPermitted', 'The conditions and transforms of a default rule cannot be modified');
      }
      const listener = findListener(listeners, scope, rule.listenerArn);
      const loadBalancer = loadBalancerOf(scope, rule.loadBalancerArn);
      const conditions = input.Conditions !== undefined ? resolveRuleConditions(input.Conditions) : rule.conditions;
      const resolved = resolveActions(input.Actions ?? rule.actions, { loadBalancerType: loadBalancer.type, protocol: listener.protocol }, rule.actions);
      const transforms = input.ResetTransforms === true ? [] : input.Transforms !== undefined ? resolveTransforms(input.Transforms) : rule.transforms;
      checkForwardTargets(deps, { scope, loadBalancerArn: loadBalancer.arn, loadBalancerType: loadBalancer.type, listenerProtocol: listener.protocol, ruleArn: rule.arn }, resolved.forward);
      rules.updateDefinition(scope, rule.arn, { conditions, actions: resolved.actions, transforms, forward: resolved.forward });
      return { Rules: [toRuleOutput({ ...rule, conditions, actions: resolved.actions, transforms })] };
    },

    DeleteRule(input, context) {
      const scope = scopeOf(context);
      const rule = findRule(rules, scope, input.RuleArn);
      // [M1 DeleteRule]: "You can't delete the default rule"; wording unverified.
      if (rule.isDefault) throw new ServiceError('OperationNotPermitted', 'The default rule cannot be deleted');
      tags.removeAll(scope, rule.arn);
      rules.delete(scope, rule.arn);
      return {};
    },

    SetRulePriorities(input, context) {
      const scope = scopeOf(context);
      const seenPriorities = new Set<number>();
      const seenRules = new Set<string>();
      const changes = input.RulePriorities.map((pair) => {
        if (pair.RuleArn === undefined) throw validationError('A rule ARN must be specified for each rule priority');
        if (pair.Priority === undefined) throw validationError('A priority must be specified for each rule');
        if (seenPriorities.has(pair.Priority)) throw validationError(`Priority '${pair.Priority}' was provided multiple times`);
        if (seenRules.has(pair.RuleArn)) throw validationError(`Rule '${pair.RuleArn}' was provided multiple times`);
        seenPriorities.add(pair.Priority);
        seenRules.add(pair.RuleArn);
        const rule = findRule(rules, scope, pair.RuleArn);
        if (rule.isDefault) throw new ServiceError('OperationNotPermitted', 'The priority of a default rule cannot be changed');
        return { rule, priority: pair.Priority };
      });
      for (const { rule, priority } of changes) {
        const holder = rules.findByPriority(scope, rule.listenerArn, priority);
        if (holder && !seenRules.has(holder.arn)) throw priorityInUse(priority);
      }
      // All or nothing, and swaps allowed: park every moved rule on a negative priority first so
      // the (listener, priority) uniqueness holds at every step.
      changes.forEach(({ rule }, index) => rules.updatePriority(scope, rule.arn, -(index + 1)));
      for (const { rule, priority } of changes) rules.updatePriority(scope, rule.arn, priority);
      return { Rules: changes.map(({ rule, priority }) => toRuleOutput({ ...rule, priority })) };
    },
  };
}

export function ruleQueries(deps: ListenerHandlerDependencies): SyncHandlers<RuleQueryName> {
  const { listeners, rules } = deps;
  return {
    DescribeRules(input, context) {
      const scope = scopeOf(context);
      const arns = input.RuleArns ?? [];
      if (input.ListenerArn === undefined && arns.length === 0) {
        throw validationError('You must specify either listener rule ARNs or a listener ARN');
      }
      if (input.ListenerArn !== undefined && arns.length > 0) {
        throw validationError('Listener rule ARNs and a listener ARN cannot be specified at the same time');
      }
      const found =
        input.ListenerArn !== undefined
          ? rules.listByListener(scope, findListener(listeners, scope, input.ListenerArn).arn)
          : [...new Map(arns.map((arn) => [arn, findRule(rules, scope, arn)])).values()];
      // Rules are listed in evaluation order, not creation order, so the marker is a position.
      const page = pageOf(found.map((rule, index) => ({ rule, seq: index + 1 })), input.Marker, input.PageSize);
      return {
        Rules: page.items.map((item) => toRuleOutput(item.rule)),
        ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
      };
    },
  };
}
