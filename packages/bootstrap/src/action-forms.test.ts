import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import { actionsKey, conditionsKey, fromAwsAction, fromAwsCondition, toAwsAction } from './action-forms.js';

const ARN_A = 'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/a/73e2d6bc24d8a067';
const ARN_B = 'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/b/09dfcbd7b3e4e8e0';
const arnOf = (name: string) => ({ a: ARN_A, b: ARN_B })[name] ?? `missing ${name}`;
const nameOf = (arn: string) => ({ [ARN_A]: 'a', [ARN_B]: 'b' })[arn] ?? `missing ${arn}`;

describe('toAwsAction', () => {
  it('replaces target group names by ARNs, also in ForwardConfig', () => {
    expect(toAwsAction({ Type: 'forward', TargetGroupName: 'a' }, arnOf)).toEqual({ Type: 'forward', TargetGroupArn: ARN_A });
    expect(
      toAwsAction({ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupName: 'a', Weight: 3 }, { TargetGroupName: 'b' }], TargetGroupStickinessConfig: { Enabled: false } } }, arnOf),
    ).toEqual({ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: ARN_A, Weight: 3 }, { TargetGroupArn: ARN_B }], TargetGroupStickinessConfig: { Enabled: false } } });
  });
});

describe('fromAwsAction', () => {
  // Shape of describe-listeners.rst / describe-rules.rst (aws-cli examples/elbv2): a simple
  // forward comes back with TargetGroupArn and a one-entry ForwardConfig.
  it('writes a simple forward as TargetGroupName', () => {
    const described = { Type: 'forward', TargetGroupArn: ARN_A, Order: 1, ForwardConfig: { TargetGroups: [{ TargetGroupArn: ARN_A, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } } satisfies elbv2.Action;
    expect(fromAwsAction(described, nameOf)).toEqual({ Type: 'forward', TargetGroupName: 'a', Order: 1 });
  });

  it('keeps a weighted forward as ForwardConfig with names', () => {
    const described = {
      Type: 'forward',
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: ARN_A, Weight: 80 }, { TargetGroupArn: ARN_B, Weight: 20 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } },
    } satisfies elbv2.Action;
    expect(fromAwsAction(described, nameOf)).toEqual({
      Type: 'forward',
      ForwardConfig: { TargetGroups: [{ TargetGroupName: 'a', Weight: 80 }, { TargetGroupName: 'b', Weight: 20 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } },
    });
  });

  it('keeps other actions as they are', () => {
    const redirect = { Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } } satisfies elbv2.Action;
    expect(fromAwsAction(redirect, nameOf)).toEqual(redirect);
  });
});

describe('fromAwsCondition', () => {
  it('drops the Values that Describe repeats beside a *Config', () => {
    expect(fromAwsCondition({ Field: 'path-pattern', Values: ['/img/*'], PathPatternConfig: { Values: ['/img/*'] } })).toEqual({ Field: 'path-pattern', PathPatternConfig: { Values: ['/img/*'] } });
    expect(fromAwsCondition({ Field: 'path-pattern', Values: ['/img/*'] })).toEqual({ Field: 'path-pattern', Values: ['/img/*'] });
  });
});

describe('actionsKey and conditionsKey', () => {
  it('equal a simple forward and its described form', () => {
    const described = fromAwsAction({ Type: 'forward', TargetGroupArn: ARN_A, Order: 1, ForwardConfig: { TargetGroups: [{ TargetGroupArn: ARN_A, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }, nameOf);
    expect(actionsKey([described])).toBe(actionsKey([{ Type: 'forward', TargetGroupName: 'a' }]));
    expect(actionsKey([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupName: 'a' }] } }])).toBe(actionsKey([{ Type: 'forward', TargetGroupName: 'a' }]));
  });

  it('differ when a weight, a target group or a fixed response differs', () => {
    const base = actionsKey([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupName: 'a', Weight: 1 }, { TargetGroupName: 'b', Weight: 1 }] } }]);
    expect(actionsKey([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupName: 'a', Weight: 2 }, { TargetGroupName: 'b', Weight: 1 }] } }])).not.toBe(base);
    expect(actionsKey([{ Type: 'forward', TargetGroupName: 'b' }])).not.toBe(actionsKey([{ Type: 'forward', TargetGroupName: 'a' }]));
    expect(actionsKey([{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }])).not.toBe(actionsKey([{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }]));
  });

  it('equal a redirect and its described form with the defaults filled in', () => {
    const described = { Type: 'redirect', RedirectConfig: { Protocol: '#{protocol}', Port: '#{port}', Host: '#{host}', Path: '/new', Query: '#{query}', StatusCode: 'HTTP_301' } } as const;
    expect(actionsKey([described])).toBe(actionsKey([{ Type: 'redirect', RedirectConfig: { Path: '/new', StatusCode: 'HTTP_301' } }]));
    expect(actionsKey([described])).not.toBe(actionsKey([{ Type: 'redirect', RedirectConfig: { Path: '/other', StatusCode: 'HTTP_301' } }]));
  });

  it('equal conditions written with Values or with *Config', () => {
    expect(conditionsKey([{ Field: 'host-header', Values: ['a.example.com'] }])).toBe(conditionsKey([{ Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com'] } }]));
    expect(conditionsKey([{ Field: 'host-header', Values: ['a.example.com'] }])).not.toBe(conditionsKey([{ Field: 'host-header', Values: ['b.example.com'] }]));
  });
});
