import type { elbv2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { selectRule } from './select-rule.js';
import type { RuleRequest } from './match-condition.js';

const request = (path: string, host = 'www.example.com'): RuleRequest => ({
  method: 'GET',
  host,
  path,
  query: '',
  headers: [],
  sourceIp: '192.0.2.1',
});
const pathRule = (arn: string, priority: string, pattern: string): elbv2.Rule => ({
  RuleArn: arn,
  Priority: priority,
  IsDefault: false,
  Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [pattern] } }],
});
const defaultRule: elbv2.Rule = { RuleArn: 'default', Priority: 'default', IsDefault: true, Conditions: [] };
// Given out of order on purpose: evaluation follows priority, not list order.
const rules = [pathRule('images', '20', '/img/*'), defaultRule, pathRule('api', '5', '/api/*'), pathRule('all-img', '10', '/img/*.png')];

describe('selectRule', () => {
  it.each([
    ['/api/x', 'api'],
    ['/img/a.png', 'all-img'],
    ['/img/a.jpg', 'images'],
    ['/other', 'default'],
  ])('routes %s to rule %s', (path, arn) => {
    expect(selectRule(rules, request(path)).rule?.RuleArn).toBe(arn);
  });

  it('explains every rule in evaluation order', () => {
    const { evaluations } = selectRule(rules, request('/img/a.jpg'));
    expect(evaluations.map((evaluation) => [evaluation.rule.RuleArn, evaluation.priority, evaluation.verdict])).toEqual([
      ['api', 5, 'conditions-not-met'],
      ['all-img', 10, 'conditions-not-met'],
      ['images', 20, 'matched'],
      ['default', 'default', 'not-evaluated'],
    ]);
    expect(evaluations[0]?.conditions[0]?.reason).toBe('path "/img/a.jpg" matches none of "/api/*"');
  });

  it('compares priorities as numbers, not strings', () => {
    const numeric = [pathRule('nine', '9', '/*'), pathRule('ten', '10', '/*')];
    expect(selectRule(numeric, request('/')).rule?.RuleArn).toBe('nine');
  });

  it('falls to the default rule, recognised by IsDefault or by the "default" priority', () => {
    expect(selectRule([pathRule('a', '1', '/a')], request('/b')).rule).toBeUndefined();
    const byPriority: elbv2.Rule = { RuleArn: 'd', Priority: 'default' };
    expect(selectRule([pathRule('a', '1', '/a'), byPriority], request('/b')).rule?.RuleArn).toBe('d');
  });

  it('skips a rule whose priority is not a number', () => {
    const { rule, evaluations } = selectRule([pathRule('bad', 'x', '/*'), defaultRule], request('/'));
    expect(rule?.RuleArn).toBe('default');
    expect(evaluations[0]?.verdict).toBe('invalid-priority');
  });
});
