import { describe, expect, it } from 'vitest';
import { isArnInScope, parseElbv2Arn, partitionOf, targetGroupArn } from './arn.js';

const scope = { region: 'us-west-2', accountId: '123456789012' };

describe('targetGroupArn', () => {
  it('builds the aws-cli example form', () => {
    expect(targetGroupArn(scope, 'my-targets', '73e2d6bc24d8a067')).toBe(
      'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
    );
  });

  it('uses the partition of the region', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(targetGroupArn({ region: 'cn-north-1', accountId: '123456789012' }, 'x', '0123456789abcdef')).toMatch(/^arn:aws-cn:/);
  });
});

describe('parseElbv2Arn', () => {
  it.each([
    ['arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067', 'targetgroup', 'my-targets'],
    ['arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188', 'loadbalancer', 'my-load-balancer'],
    ['arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2', 'listener', 'my-load-balancer'],
    [
      'arn:aws:elasticloadbalancing:us-west-2:123456789012:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
      'listener-rule',
      'my-load-balancer',
    ],
    ['arn:aws:elasticloadbalancing:us-west-2:123456789012:truststore/my-trust-store/73e2d6bc24d8a067', 'truststore', 'my-trust-store'],
  ])('recognises %s', (arn, kind, name) => {
    expect(parseElbv2Arn(arn)).toEqual({ partition: 'aws', region: 'us-west-2', accountId: '123456789012', kind, name });
  });

  it.each([
    'nope',
    'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets',
    'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73E2D6BC24D8A067',
    'arn:aws:ec2:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
    'arn:aws:elasticloadbalancing:us-west-2:1234:targetgroup/my-targets/73e2d6bc24d8a067',
  ])('rejects %s', (arn) => {
    expect(parseElbv2Arn(arn)).toBeUndefined();
  });
});

describe('isArnInScope', () => {
  const arn = 'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067';
  it('accepts an ARN of the caller account and region', () => {
    expect(isArnInScope(arn, 'targetgroup', scope)).toBe(true);
  });
  it('refuses another kind, account or region', () => {
    expect(isArnInScope(arn, 'loadbalancer', scope)).toBe(false);
    expect(isArnInScope(arn, 'targetgroup', { ...scope, accountId: '210987654321' })).toBe(false);
    expect(isArnInScope(arn, 'targetgroup', { ...scope, region: 'eu-west-1' })).toBe(false);
  });
});
