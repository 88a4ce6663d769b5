import { describe, expect, it } from 'vitest';
import { ServiceError } from '@elbow/query-protocol';
import { assertAttributeValue, type AttributeValueRule } from './attribute-value-rule.js';

function messageOf(rule: AttributeValueRule, value: string): string | undefined {
  try {
    assertAttributeValue('some.key', rule, value);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('ValidationError');
    return (error as ServiceError).message;
  }
}

describe('assertAttributeValue', () => {
  it.each([
    [{ kind: 'boolean' }, 'true', undefined],
    [{ kind: 'boolean' }, 'TRUE', "'some.key' value 'TRUE' must be one of '[true, false]'"],
    [{ kind: 'enum', values: ['a', 'b'] }, 'b', undefined],
    [{ kind: 'enum', values: ['a', 'b'] }, 'c', "'some.key' value 'c' must be one of '[a, b]'"],
    [{ kind: 'integer', min: 1, max: 604800 }, '604800', undefined],
    [{ kind: 'integer', min: 1, max: 604800 }, '604801', "'some.key' value '604801' must be between '1-604800' inclusive"],
    [{ kind: 'integer', min: 1, max: 604800 }, '1.5', "'some.key' value '1.5' must be between '1-604800' inclusive"],
    [{ kind: 'integer', min: 1, max: 604800 }, '', "'some.key' value '' must be between '1-604800' inclusive"],
    [{ kind: 'integer', min: 30, max: 900, orZero: true }, '0', undefined],
    [{ kind: 'integer', min: 30, max: 900, orZero: true }, '29', "'some.key' value '29' must be between '30-900' inclusive"],
    [{ kind: 'integer', min: 1, max: 100, alsoAllowed: ['off'] }, 'off', undefined],
    [{ kind: 'integer', min: 1, max: 100, alsoAllowed: ['off'] }, '0', "'some.key' value '0' must be 'off' or between '1-100' inclusive"],
  ] as [AttributeValueRule, string, string | undefined][])('%j with %j', (rule, value, message) => {
    expect(messageOf(rule, value)).toBe(message);
  });
});
