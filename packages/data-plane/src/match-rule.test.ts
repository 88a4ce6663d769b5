import type { elbv2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { matchRule } from './match-rule.js';
import type { RuleRequest } from './match-condition.js';

const request: RuleRequest = {
  method: 'POST',
  host: 'api.example.com',
  path: '/v1/orders',
  query: 'version=v1',
  headers: [['User-Agent', 'Chrome']],
  sourceIp: '192.0.2.1',
};
const host = (value: string): elbv2.RuleCondition => ({ Field: 'host-header', HostHeaderConfig: { Values: [value] } });
const path = (value: string): elbv2.RuleCondition => ({ Field: 'path-pattern', PathPatternConfig: { Values: [value] } });
const method = (value: string): elbv2.RuleCondition => ({ Field: 'http-request-method', HttpRequestMethodConfig: { Values: [value] } });

describe('matchRule', () => {
  it.each<[string, elbv2.RuleCondition[], boolean]>([
    ['all conditions hold', [host('*.example.com'), path('/v1/*'), method('POST')], true],
    ['one condition fails (AND)', [host('*.example.com'), path('/v2/*'), method('POST')], false],
    ['no conditions', [], true],
    ['two http-header conditions both hold', [
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'User-Agent', Values: ['*chrome*'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v1' }] } },
    ], true],
  ])('%s → %s', (_label, conditions, expected) => {
    expect(matchRule({ Priority: '1', Conditions: conditions }, request).isMatch).toBe(expected);
  });

  it('reports every condition even after a failure', () => {
    const outcome = matchRule({ Priority: '1', Conditions: [path('/v2/*'), method('POST')] }, request);
    expect(outcome.conditions.map((condition) => [condition.field, condition.isMatch])).toEqual([
      ['path-pattern', false],
      ['http-request-method', true],
    ]);
  });
});
