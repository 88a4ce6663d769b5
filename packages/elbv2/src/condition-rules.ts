import type { elbv2 } from '@elbow/api-models';
import { validationError } from '@elbow/query-protocol';

/**
 * Listener-rule conditions: validation and the stored/read-back form. Pure.
 *
 * Sources: headers-and-routing.md §2 ([D4] ALB guide "load-balancer-listeners" rule
 * conditions, [M1] botocore `RuleCondition*` docs), elbv2-validation.md §3 and §7.
 * Verified wording: `A rule can only have '5' condition values` (aws-cloudformation/cfn-lint#3833,
 * aws/aws-cdk#10065, both quoting the ELBv2 response). The rest is listed in UNVERIFIED.md.
 */

export const CONDITION_FIELDS = ['path-pattern', 'host-header', 'http-header', 'http-request-method', 'query-string', 'source-ip'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

/** "Condition values per rule: 5", "Condition wildcards per rule: 5" [D6 quotas]. */
export const MAX_CONDITION_VALUES_PER_RULE = 5;
export const MAX_WILDCARDS_PER_RULE = 5;
const MAX_VALUE_LENGTH = 128;
const MAX_HEADER_NAME_LENGTH = 40;
const MAX_METHOD_LENGTH = 40;

/** Fields a rule may hold at most once; http-header and query-string may repeat [D4]. */
const SINGLE_USE_FIELDS: ReadonlySet<ConditionField> = new Set(['host-header', 'path-pattern', 'http-request-method', 'source-ip']);

/** The `*Config` member each field takes [M1]. */
const CONFIG_MEMBER: Record<ConditionField, keyof elbv2.RuleCondition> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'query-string': 'QueryStringConfig',
  'source-ip': 'SourceIpConfig',
};
const CONFIG_MEMBERS = Object.values(CONFIG_MEMBER);

/** [M1 RuleCondition.Values]: host names may use A-Z a-z 0-9 - . and the wildcards * ?. */
const HOST_PATTERN = /^[A-Za-z0-9.*?-]+$/;
/** [M1 RuleCondition.Values]: A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * ?. */
const PATH_PATTERN = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
/** RFC 7230 token characters, minus the wildcards [M1 HttpHeaderName: "Wildcards are not supported"]. */
const HEADER_NAME_PATTERN = /^[A-Za-z0-9!#$%&'+\-.^_`|~]+$/;
const METHOD_PATTERN = /^[A-Z_-]+$/;

function isConditionField(value: string): value is ConditionField {
  return (CONDITION_FIELDS as readonly string[]).includes(value);
}

/**
 * Validates a rule's conditions and returns them as AWS reads them back: `Field` always set;
 * host-header and path-pattern carry both the legacy `Values` and their `*Config` (aws-cli
 * `modify-rule.rst` shows `Field`+`Values`; current SDK output adds the config), the other
 * fields carry their `*Config` only.
 */
export function resolveConditions(conditions: readonly elbv2.RuleCondition[]): elbv2.RuleCondition[] {
  const seenFields = new Set<ConditionField>();
  let valueCount = 0;
  let wildcardCount = 0;
  const resolved = conditions.map((condition) => {
    const field = condition.Field;
    if (field === undefined) throw validationError('A condition field must be specified');
    if (!isConditionField(field)) {
      throw validationError(`Condition field '${field}' must be one of '[${CONDITION_FIELDS.join(',')}]'`);
    }
    if (SINGLE_USE_FIELDS.has(field)) {
      if (seenFields.has(field)) throw validationError(`A rule can only have one '${field}' condition`);
    }
    seenFields.add(field);
    for (const member of CONFIG_MEMBERS) {
      if (member !== CONFIG_MEMBER[field] && condition[member] !== undefined) {
        throw validationError(`The '${member}' cannot be specified for a condition with the field '${field}'`);
      }
    }
    const result = resolveCondition(field, condition);
    valueCount += result.values.length;
    wildcardCount += result.wildcards;
    return result.condition;
  });
  if (valueCount > MAX_CONDITION_VALUES_PER_RULE) {
    throw validationError(`A rule can only have '${MAX_CONDITION_VALUES_PER_RULE}' condition values`);
  }
  if (wildcardCount > MAX_WILDCARDS_PER_RULE) {
    throw validationError(`A rule can only have '${MAX_WILDCARDS_PER_RULE}' wildcards`);
  }
  return resolved;
}

interface ResolvedCondition {
  condition: elbv2.RuleCondition;
  values: readonly string[];
  wildcards: number;
}

function resolveCondition(field: ConditionField, condition: elbv2.RuleCondition): ResolvedCondition {
  switch (field) {
    case 'host-header':
    case 'path-pattern':
      return resolvePatternCondition(field, condition);
    case 'http-header':
      return resolveHeaderCondition(condition);
    case 'http-request-method': {
      const values = configValues(field, condition, condition.HttpRequestMethodConfig?.Values);
      for (const value of values) {
        if (value.length > MAX_METHOD_LENGTH) throw tooLong(field, MAX_METHOD_LENGTH);
        if (!METHOD_PATTERN.test(value)) {
          throw validationError(`The '${field}' value is invalid; the allowed characters are A-Z, hyphen and underscore`);
        }
      }
      return { condition: { Field: field, HttpRequestMethodConfig: { Values: [...values] } }, values, wildcards: 0 };
    }
    case 'query-string':
      return resolveQueryStringCondition(condition);
    case 'source-ip': {
      const values = configValues(field, condition, condition.SourceIpConfig?.Values);
      for (const value of values) assertCidr(value);
      return { condition: { Field: field, SourceIpConfig: { Values: [...values] } }, values, wildcards: 0 };
    }
  }
}

function resolvePatternCondition(field: 'host-header' | 'path-pattern', condition: elbv2.RuleCondition): ResolvedCondition {
  const config = field === 'host-header' ? condition.HostHeaderConfig : condition.PathPatternConfig;
  const configName = CONFIG_MEMBER[field];
  const legacyValues = condition.Values;
  if (legacyValues !== undefined && legacyValues.length > 0 && config !== undefined) {
    throw validationError(`You cannot specify both 'Values' and '${configName}' for a condition`);
  }
  // [M1 RuleCondition.Values]: without the config, "you can specify a single host name / path pattern".
  if (legacyValues !== undefined && legacyValues.length > 1) {
    throw validationError(`The '${field}' field contains too many values; the limit is '1'`);
  }
  const regexValues = config?.RegexValues ?? condition.RegexValues ?? [];
  const values = config?.Values ?? legacyValues ?? [];
  if (values.length > 0 && regexValues.length > 0) {
    throw validationError(`You cannot specify both 'Values' and 'RegexValues' for a condition`);
  }
  if (values.length === 0 && regexValues.length === 0) throw validationError('A condition value must be specified');
  for (const regex of regexValues) {
    if (regex.length > MAX_VALUE_LENGTH) throw tooLong(field, MAX_VALUE_LENGTH);
    assertRegex(regex);
  }
  if (regexValues.length > 0) {
    return { condition: { Field: field, [configName]: { RegexValues: [...regexValues] } }, values: regexValues, wildcards: 0 };
  }
  const pattern = field === 'host-header' ? HOST_PATTERN : PATH_PATTERN;
  const allowed =
    field === 'host-header'
      ? `A-Z, a-z, 0-9, '-', '.', '*' and '?'`
      : `A-Z, a-z, 0-9, '_', '-', '.', '$', '/', '~', '"', ''', '@', ':', '+', '&', '*' and '?'`;
  for (const value of values) {
    if (value.length === 0) throw validationError('A condition value must be specified');
    if (value.length > MAX_VALUE_LENGTH) throw tooLong(field, MAX_VALUE_LENGTH);
    if (!pattern.test(value)) throw validationError(`The '${field}' value '${value}' is invalid; the allowed characters are ${allowed}`);
  }
  return {
    condition: { Field: field, Values: [...values], [configName]: { Values: [...values] } },
    values,
    wildcards: countWildcards(values),
  };
}

function resolveHeaderCondition(condition: elbv2.RuleCondition): ResolvedCondition {
  const field = 'http-header';
  if (condition.Values !== undefined && condition.Values.length > 0) throw legacyValuesNotAllowed(field);
  const config = condition.HttpHeaderConfig;
  const name = config?.HttpHeaderName;
  if (name === undefined || name.length === 0) throw validationError('A header name must be specified for an http-header condition');
  if (name.length > MAX_HEADER_NAME_LENGTH) {
    throw validationError(`The 'http-header' header name is too long; the limit is '${MAX_HEADER_NAME_LENGTH}'`);
  }
  if (!HEADER_NAME_PATTERN.test(name)) throw validationError(`The 'http-header' header name '${name}' is invalid`);
  // [M1 HttpHeaderName]: "You can't use an HTTP header condition to specify the host header."
  if (name.toLowerCase() === 'host') throw validationError(`The 'http-header' header name cannot be 'Host'; use a 'host-header' condition`);
  const regexValues = config?.RegexValues ?? condition.RegexValues ?? [];
  const values = config?.Values ?? [];
  if (values.length > 0 && regexValues.length > 0) {
    throw validationError(`You cannot specify both 'Values' and 'RegexValues' for a condition`);
  }
  if (values.length === 0 && regexValues.length === 0) throw validationError('A condition value must be specified');
  for (const value of [...values, ...regexValues]) {
    if (value.length > MAX_VALUE_LENGTH) throw tooLong(field, MAX_VALUE_LENGTH);
  }
  for (const regex of regexValues) assertRegex(regex);
  const stored: elbv2.HttpHeaderConditionConfig =
    regexValues.length > 0 ? { HttpHeaderName: name, RegexValues: [...regexValues] } : { HttpHeaderName: name, Values: [...values] };
  return {
    condition: { Field: field, HttpHeaderConfig: stored },
    values: regexValues.length > 0 ? regexValues : values,
    wildcards: countWildcards(values),
  };
}

function resolveQueryStringCondition(condition: elbv2.RuleCondition): ResolvedCondition {
  const field = 'query-string';
  if (condition.Values !== undefined && condition.Values.length > 0) throw legacyValuesNotAllowed(field);
  const pairs = condition.QueryStringConfig?.Values ?? [];
  if (pairs.length === 0) throw validationError('A condition value must be specified');
  const strings: string[] = [];
  for (const pair of pairs) {
    // [M1 QueryStringKeyValuePair]: the key is optional, the value is what is matched.
    if (pair.Value === undefined || pair.Value.length === 0) throw validationError(`A value must be specified for each 'query-string' key/value pair`);
    for (const text of [pair.Key, pair.Value]) {
      if (text !== undefined && text.length > MAX_VALUE_LENGTH) throw tooLong(field, MAX_VALUE_LENGTH);
    }
    strings.push(`${pair.Key ?? ''}${pair.Value}`);
  }
  return {
    condition: {
      Field: field,
      QueryStringConfig: { Values: pairs.map((pair) => (pair.Key !== undefined ? { Key: pair.Key, Value: pair.Value } : { Value: pair.Value })) },
    },
    values: pairs.map((pair) => pair.Value ?? ''),
    wildcards: countWildcards(strings.map((text) => text.replace(/\\[*?]/g, ''))),
  };
}

/** Values of a field that takes its `*Config` only (legacy `Values` is for host-header and path-pattern [M1]). */
function configValues(field: ConditionField, condition: elbv2.RuleCondition, values: readonly string[] | undefined): readonly string[] {
  if (condition.Values !== undefined && condition.Values.length > 0) throw legacyValuesNotAllowed(field);
  if (values === undefined || values.length === 0 || values.some((value) => value.length === 0)) {
    throw validationError('A condition value must be specified');
  }
  return values;
}

function legacyValuesNotAllowed(field: ConditionField) {
  return validationError(`The 'Values' field cannot be used with condition field '${field}'; use '${CONFIG_MEMBER[field]}' instead`);
}

function tooLong(field: ConditionField, limit: number) {
  return validationError(`The '${field}' value is too long; the limit is '${limit}'`);
}

function countWildcards(values: readonly string[]): number {
  return values.reduce((total, value) => total + (value.match(/[*?]/g)?.length ?? 0), 0);
}

function assertRegex(regex: string): void {
  try {
    new RegExp(regex);
  } catch {
    throw validationError(`The regular expression '${regex}' is not valid`);
  }
}

/** [M1 SourceIpConditionConfig]: IPv4 or IPv6 CIDR blocks, no wildcards. */
export function assertCidr(value: string): void {
  if (!isCidr(value)) throw validationError(`The 'source-ip' value '${value}' is not a valid CIDR block`);
}

export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const length = Number(prefix);
  if (address.includes(':')) return length <= 128 && isIpv6(address);
  return length <= 32 && isIpv4(address);
}

function isIpv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

function isIpv6(address: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(address)) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  const hasEmbeddedIpv4 = groups.length > 0 && (groups[groups.length - 1] as string).includes('.');
  if (hasEmbeddedIpv4 && !isIpv4(groups.pop() as string)) return false;
  if (!groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  const width = groups.length + (hasEmbeddedIpv4 ? 2 : 0);
  return halves.length === 2 ? width < 8 : width === 8;
}
