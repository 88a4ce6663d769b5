import { describe, expect, it } from 'vitest';
import { assertForwardStickiness, assertTargetStickinessAllowed } from './stickiness-rules.js';

const forward = (count: number, isSticky: boolean) => ({
  targetGroups: Array.from({ length: count }, (_, index) => ({ arn: `tg-${index}`, weight: 1 })),
  isGroupStickinessEnabled: isSticky,
  stickinessDurationSeconds: isSticky ? 60 : undefined,
  hasTargetGroupArn: false,
});
const reference = (count: number, isSticky: boolean) => ({
  ruleArn: 'rule-1', listenerArn: 'listener-1', loadBalancerArn: 'lb-1', isDefaultRule: true, targetGroupCount: count, isGroupStickinessEnabled: isSticky,
});
const code = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'none';
};

describe('assertForwardStickiness', () => {
  it('ignores single-group forwards', () => {
    expect(code(() => assertForwardStickiness(forward(1, false), () => ({ isEnabled: true, type: 'app_cookie' })))).toBe('none');
  });
  it('refuses app_cookie in a multi-group forward even with group stickiness', () => {
    expect(code(() => assertForwardStickiness(forward(2, true), () => ({ isEnabled: true, type: 'app_cookie' })))).toBe('InvalidLoadBalancerAction');
  });
  it('requires group stickiness when a group has target stickiness', () => {
    expect(code(() => assertForwardStickiness(forward(2, false), () => ({ isEnabled: true, type: 'lb_cookie' })))).toBe('InvalidConfigurationRequest');
    expect(code(() => assertForwardStickiness(forward(2, true), () => ({ isEnabled: true, type: 'lb_cookie' })))).toBe('none');
  });
});

describe('assertTargetStickinessAllowed', () => {
  it('names the rule whose forward lacks group stickiness', () => {
    expect(() => assertTargetStickinessAllowed({ isEnabled: true, type: 'lb_cookie' }, [reference(2, false)])).toThrow('(rule-1)');
    expect(code(() => assertTargetStickinessAllowed({ isEnabled: true, type: 'lb_cookie' }, [reference(2, true), reference(1, false)]))).toBe('none');
    expect(code(() => assertTargetStickinessAllowed({ isEnabled: false, type: 'app_cookie' }, [reference(2, false)]))).toBe('none');
    expect(code(() => assertTargetStickinessAllowed({ isEnabled: true, type: 'app_cookie' }, [reference(2, true)]))).toBe('InvalidConfigurationRequest');
  });
});
