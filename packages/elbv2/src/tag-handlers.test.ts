import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, createElbv2Harness, REGION } from './testing/elbv2-harness.js';
import type { Elbv2Harness } from './testing/elbv2-harness.js';

const PREFIX = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}`;

let harness: Elbv2Harness;
let arn: string;
beforeEach(() => {
  harness = createElbv2Harness();
  arn = createGroup('my-targets');
});
afterEach(() => {
  harness.close();
});

function createGroup(name: string): string {
  return harness.call('CreateTargetGroup', { Name: name, Protocol: 'HTTP', Port: 80, VpcId: harness.defaultVpcId() }).TargetGroups![0]!.TargetGroupArn!;
}

function tagsOf(resourceArn: string) {
  return harness.call('DescribeTags', { ResourceArns: [resourceArn] }).TagDescriptions![0]!.Tags;
}

function expectFailure(run: () => { code: string; message: string }, code: string, message: string) {
  const before = harness.snapshot();
  const error = run();
  expect({ code: error.code, message: error.message }).toEqual({ code, message });
  expect(harness.snapshot()).toEqual(before);
}

describe('AddTags, RemoveTags, DescribeTags on target groups', () => {
  it('describes an untagged group with an empty list', () => {
    expect(harness.call('DescribeTags', { ResourceArns: [arn] })).toEqual({ TagDescriptions: [{ ResourceArn: arn, Tags: [] }] });
  });

  it('adds tags in order, overwrites a value in place and removes keys', () => {
    expect(harness.call('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'project', Value: 'lima' }, { Key: 'department', Value: 'digital-media' }] })).toEqual({});
    harness.call('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'owner', Value: 'ops' }, { Key: 'project', Value: 'paris' }] });
    expect(tagsOf(arn)).toEqual([
      { Key: 'project', Value: 'paris' },
      { Key: 'department', Value: 'digital-media' },
      { Key: 'owner', Value: 'ops' },
    ]);
    expect(harness.call('RemoveTags', { ResourceArns: [arn], TagKeys: ['project', 'department', 'never-set'] })).toEqual({});
    expect(tagsOf(arn)).toEqual([{ Key: 'owner', Value: 'ops' }]);
  });

  it('stores a tag without a value as an empty value', () => {
    harness.call('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'flag' }] });
    expect(tagsOf(arn)).toEqual([{ Key: 'flag', Value: '' }]);
  });

  it('tags several resources in one call and describes them in request order', () => {
    const other = createGroup('other');
    harness.call('AddTags', { ResourceArns: [arn, other], Tags: [{ Key: 'env', Value: 'dev' }] });
    expect(harness.call('DescribeTags', { ResourceArns: [other, arn] }).TagDescriptions).toEqual([
      { ResourceArn: other, Tags: [{ Key: 'env', Value: 'dev' }] },
      { ResourceArn: arn, Tags: [{ Key: 'env', Value: 'dev' }] },
    ]);
  });

  it('allows 50 tags and refuses the 51st with TooManyTags, on every resource of the call', () => {
    const other = createGroup('other');
    harness.call('AddTags', { ResourceArns: [other], Tags: Array.from({ length: 50 }, (_, index) => ({ Key: `k${index}`, Value: 'v' })) });
    harness.call('AddTags', { ResourceArns: [other], Tags: [{ Key: 'k0', Value: 'overwrite' }] });
    expectFailure(
      () => harness.failure('AddTags', { ResourceArns: [arn, other], Tags: [{ Key: 'one-more', Value: 'v' }] }),
      'TooManyTags',
      `You've reached the limit on the number of tags for this resource.`,
    );
  });

  it.each<[string, () => { code: string; message: string }, string, string]>([
    ['a repeated key', () => harness.failure('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }), 'DuplicateTagKeys', 'Tag key was specified more than once: a'],
    ['the aws: prefix', () => harness.failure('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }] }), 'ValidationError', `Tag keys starting with 'aws:' are reserved for internal use`],
    ['an unknown target group', () => harness.failure('AddTags', { ResourceArns: [`${PREFIX}:targetgroup/ghost/00000000000000ff`], Tags: [{ Key: 'a' }] }), 'TargetGroupNotFound', 'One or more target groups not found'],
    ['a load balancer', () => harness.failure('AddTags', { ResourceArns: [`${PREFIX}:loadbalancer/app/my-load-balancer/50dc6c495c0c9188`], Tags: [{ Key: 'a' }] }), 'LoadBalancerNotFound', 'One or more load balancers not found'],
    ['a listener', () => harness.failure('RemoveTags', { ResourceArns: [`${PREFIX}:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2`], TagKeys: ['a'] }), 'ListenerNotFound', 'One or more listeners not found'],
    ['a rule', () => harness.failure('DescribeTags', { ResourceArns: [`${PREFIX}:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`] }), 'RuleNotFound', 'One or more rules not found'],
    ['a trust store', () => harness.failure('DescribeTags', { ResourceArns: [`${PREFIX}:truststore/my-trust-store/73e2d6bc24d8a067`] }), 'TrustStoreNotFound', 'One or more trust stores not found'],
    ['a malformed ARN', () => harness.failure('DescribeTags', { ResourceArns: ['nope'] }), 'ValidationError', `'nope' must be in ARN format`],
    ['a known group next to an unknown one', () => harness.failure('AddTags', { ResourceArns: [arn, `${PREFIX}:targetgroup/ghost/00000000000000ff`], Tags: [{ Key: 'a' }] }), 'TargetGroupNotFound', 'One or more target groups not found'],
  ])('refuses %s and changes nothing', (_title, run, code, message) => {
    harness.call('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'kept', Value: 'yes' }] });
    expectFailure(run, code, message);
  });

  it('refuses an ARN of another region as not in ARN format', () => {
    const foreign = arn.replace(REGION, 'eu-west-1');
    expectFailure(() => harness.failure('RemoveTags', { ResourceArns: [foreign], TagKeys: ['a'] }), 'ValidationError', `'${foreign}' must be in ARN format`);
  });

  it('keeps tags apart per account and region', () => {
    harness.call('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'a', Value: '1' }] });
    const elsewhere = { ...harness.context, region: 'eu-west-1' };
    const otherArn = harness.call('CreateTargetGroup', { Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: harness.defaultVpcId(elsewhere) }, elsewhere).TargetGroups![0]!.TargetGroupArn!;
    expect(harness.call('DescribeTags', { ResourceArns: [otherArn] }, elsewhere).TagDescriptions).toEqual([{ ResourceArn: otherArn, Tags: [] }]);
  });
});
