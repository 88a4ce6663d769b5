import { validationError } from '@elbow/query-protocol';

/**
 * The value kinds load-balancer and target-group attributes share, and the one place their
 * ValidationError wording is written. The range form is verified for
 * stickiness.lb_cookie.duration_seconds (elbv2-attributes.md §3 [G8]); the boolean and enum forms
 * and every other key are by analogy (packages/elbv2/UNVERIFIED.md).
 */
export type AttributeValueRule =
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  /** An integer in [min, max]; `alsoAllowed` lists words accepted besides (e.g. `off`), `orZero` allows 0 below min. */
  | { kind: 'integer'; min: number; max: number; alsoAllowed?: readonly string[]; orZero?: boolean };

export const BOOLEAN_VALUE: AttributeValueRule = { kind: 'boolean' };

export function assertAttributeValue(key: string, rule: AttributeValueRule, value: string): void {
  switch (rule.kind) {
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw validationError(`'${key}' value '${value}' must be one of '[true, false]'`);
      return;
    case 'enum':
      if (!rule.values.includes(value)) throw validationError(`'${key}' value '${value}' must be one of '[${rule.values.join(', ')}]'`);
      return;
    case 'integer': {
      if (rule.alsoAllowed?.includes(value)) return;
      const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if ((rule.orZero && number === 0) || (number >= rule.min && number <= rule.max)) return;
      const range = `'${rule.min}-${rule.max}' inclusive`;
      const allowed = rule.alsoAllowed ? `'${rule.alsoAllowed.join("', '")}' or between ${range}` : `between ${range}`;
      throw validationError(`'${key}' value '${value}' must be ${allowed}`);
    }
  }
}
