import type { elbv2 } from '@elbow/api-models';
import type { BootstrapAction } from './bootstrap-document.js';

/**
 * Conversions between elbv2's Actions/RuleConditions (ARNs, as Describe* returns them) and the
 * bootstrap form (target group names), plus a canonical form to tell whether what elbow has
 * already equals what a document asks for (so a second apply changes nothing).
 */

/** An action as CreateListener/CreateRule take it: every TargetGroupName replaced by its ARN. */
export function toAwsAction(action: BootstrapAction, arnOf: (targetGroupName: string) => string): elbv2.Action {
  const { TargetGroupName, ForwardConfig, ...rest } = action;
  const result: elbv2.Action = { ...rest };
  if (TargetGroupName !== undefined) result.TargetGroupArn = arnOf(TargetGroupName);
  if (ForwardConfig !== undefined) {
    const { TargetGroups, ...forwardRest } = ForwardConfig;
    result.ForwardConfig = { ...forwardRest };
    if (TargetGroups !== undefined) {
      result.ForwardConfig.TargetGroups = TargetGroups.map(({ TargetGroupName: name, ...tuple }) => ({ ...tuple, TargetGroupArn: arnOf(name) }));
    }
  }
  return result;
}

/**
 * An action as Describe* returns it, in bootstrap form. A forward to one target group without
 * stickiness is written `TargetGroupName` alone (Describe also fills in ForwardConfig for it:
 * elbv2-validation.md); weighted or sticky forwards keep their ForwardConfig. Order is kept.
 */
export function fromAwsAction(action: elbv2.Action, nameOf: (targetGroupArn: string) => string): BootstrapAction {
  const { TargetGroupArn, ForwardConfig, ...rest } = action;
  const result: BootstrapAction = { ...rest };
  const tuples = ForwardConfig?.TargetGroups ?? [];
  const isSticky = ForwardConfig?.TargetGroupStickinessConfig?.Enabled === true;
  const onlyTuple = tuples.length === 1 ? tuples[0] : undefined;
  if (TargetGroupArn !== undefined && (tuples.length === 0 || (onlyTuple?.TargetGroupArn === TargetGroupArn && !isSticky))) {
    result.TargetGroupName = nameOf(TargetGroupArn);
  } else if (ForwardConfig !== undefined) {
    result.ForwardConfig = {
      TargetGroups: tuples.map((tuple) => ({ TargetGroupName: nameOf(tuple.TargetGroupArn ?? ''), ...(tuple.Weight === undefined ? {} : { Weight: tuple.Weight }) })),
      ...(ForwardConfig.TargetGroupStickinessConfig === undefined ? {} : { TargetGroupStickinessConfig: ForwardConfig.TargetGroupStickinessConfig }),
    };
  }
  return result;
}

const CONDITION_CONFIGS = ['HostHeaderConfig', 'PathPatternConfig', 'HttpHeaderConfig', 'QueryStringConfig', 'HttpRequestMethodConfig', 'SourceIpConfig'] as const;

/**
 * A condition as Describe* returns it, in the form CreateRule takes back: Describe repeats a
 * path-pattern or host-header condition's Values in its *Config (observed in the AWS CLI
 * examples, describe-rules.rst); only the *Config form is kept when both are present.
 */
export function fromAwsCondition(condition: elbv2.RuleCondition): elbv2.RuleCondition {
  const hasConfig = CONDITION_CONFIGS.some((name) => condition[name] !== undefined);
  if (!hasConfig) return { ...condition };
  const rest = { ...condition };
  delete rest.Values;
  return rest;
}

/** JSON with sorted keys and without undefined members: equal values give equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${stableJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a redirect keeps when a RedirectConfig member is left out: "Any components that you do not
 * modify retain their original values" (API Reference, RedirectActionConfig), written as its
 * reserved keywords. elbow's Describe* shows them filled in (AWS's doing so: UNVERIFIED.md), so a
 * document leaving them out equals what elbow describes.
 */
const REDIRECT_DEFAULTS = { Protocol: '#{protocol}', Port: '#{port}', Host: '#{host}', Path: '/#{path}', Query: '#{query}' } as const;

/**
 * A text equal for two action lists exactly when elbv2 treats them alike: actions in their
 * order, a forward as its weighted target groups (weight 1 when unsaid) and stickiness
 * (off when unsaid), every other member as given.
 */
export function actionsKey(actions: readonly BootstrapAction[]): string {
  const canonical = [...actions]
    .map((action, index) => ({ action, order: action.Order ?? index + 1 }))
    .sort((a, b) => a.order - b.order)
    .map(({ action }) => {
      const { TargetGroupName, ForwardConfig, ...rest } = action;
      delete rest.Order;
      if (action.Type === 'redirect' && rest.RedirectConfig) rest.RedirectConfig = { ...REDIRECT_DEFAULTS, ...rest.RedirectConfig };
      if (action.Type !== 'forward') return rest;
      const targetGroups = TargetGroupName !== undefined ? [{ name: TargetGroupName, weight: 1 }] : (ForwardConfig?.TargetGroups ?? []).map((tuple) => ({ name: tuple.TargetGroupName, weight: tuple.Weight ?? 1 }));
      const stickiness = ForwardConfig?.TargetGroupStickinessConfig;
      const isSticky = stickiness?.Enabled === true;
      return { ...rest, targetGroups, sticky: isSticky ? (stickiness?.DurationSeconds ?? null) : false };
    });
  return stableJson(canonical);
}

/** A text equal for two condition lists that match the same requests (Values and *Config.Values alike). */
export function conditionsKey(conditions: readonly elbv2.RuleCondition[]): string {
  return stableJson(
    conditions.map((condition) => {
      const config = CONDITION_CONFIGS.map((name) => condition[name]).find((member) => member !== undefined) as
        | { Values?: unknown; RegexValues?: unknown; HttpHeaderName?: unknown }
        | undefined;
      return {
        Field: condition.Field,
        Values: config?.Values ?? condition.Values,
        RegexValues: config?.RegexValues ?? condition.RegexValues,
        HttpHeaderName: config?.HttpHeaderName,
      };
    }),
  );
}
