import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  CreateTargetGroupCommand,
  DescribeTagsCommand,
  RemoveTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc } from '../support/default-vpc.js';

// Expected values: the not-found texts of elbv2-validation.md §3 (load balancers [G8], target
// groups [G7], listeners [G9]; rules and trust stores unverified), the DescribeTags 20-ARN limit
// of the model documentation, and the tag rules of packages/elbv2/src/tag-rules.ts.
const PREFIX = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

let harness: ElbowUnderTest;
/** The emulator's default VPC (target groups need a VPC that exists). */
let vpcId: string;
beforeEach(async () => {
  harness = await startElbowUnderTest();
  ({ vpcId } = await defaultVpc(harness.elbow));
});
afterEach(async () => {
  await harness.stop();
});

async function createGroup(name: string): Promise<string> {
  const { TargetGroups } = await harness.elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
  return TargetGroups![0]!.TargetGroupArn!;
}

async function tagsOf(arns: string[]) {
  return (await harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: arns }))).TagDescriptions;
}

describe('tags through the SDK v3', () => {
  it('adds, overwrites, describes and removes tags on several resources at once', async () => {
    const web = await createGroup('web');
    const api = await createGroup('api');
    await harness.elbv2.send(new AddTagsCommand({ ResourceArns: [web, api], Tags: [{ Key: 'project', Value: 'lima' }, { Key: 'env', Value: 'dev' }] }));
    await harness.elbv2.send(new AddTagsCommand({ ResourceArns: [api], Tags: [{ Key: 'project', Value: 'paris' }] }));
    await harness.elbv2.send(new RemoveTagsCommand({ ResourceArns: [web], TagKeys: ['env', 'never-set'] }));
    expect(await tagsOf([api, web])).toEqual([
      { ResourceArn: api, Tags: [{ Key: 'project', Value: 'paris' }, { Key: 'env', Value: 'dev' }] },
      { ResourceArn: web, Tags: [{ Key: 'project', Value: 'lima' }] },
    ]);
  });

  it.each<[string, string, string, string]>([
    ['a load balancer', `${PREFIX}:loadbalancer/app/my-load-balancer/50dc6c495c0c9188`, 'LoadBalancerNotFoundException', 'One or more load balancers not found'],
    ['a target group', `${PREFIX}:targetgroup/ghost/00000000000000ff`, 'TargetGroupNotFoundException', 'One or more target groups not found'],
    ['a listener', `${PREFIX}:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2`, 'ListenerNotFoundException', 'One or more listeners not found'],
    ['a rule', `${PREFIX}:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`, 'RuleNotFoundException', 'One or more rules not found'],
    ['a trust store', `${PREFIX}:truststore/my-store/73e2d6bc24d8a067`, 'TrustStoreNotFoundException', 'One or more trust stores not found'],
  ])('answers the not-found code of %s that does not exist, for all three operations, and tags nothing', async (_, missing, name, message) => {
    const web = await createGroup('web');
    for (const send of [
      () => harness.elbv2.send(new AddTagsCommand({ ResourceArns: [web, missing], Tags: [{ Key: 'a', Value: '1' }] })),
      () => harness.elbv2.send(new RemoveTagsCommand({ ResourceArns: [missing], TagKeys: ['a'] })),
      () => harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [web, missing] })),
    ]) {
      await expect(send()).rejects.toMatchObject({ name, message, $metadata: { httpStatusCode: 400 } });
    }
    expect(await tagsOf([web])).toEqual([{ ResourceArn: web, Tags: [] }]);
  });

  it('refuses repeated keys, the aws: prefix and a 51st tag, leaving tags unchanged', async () => {
    const web = await createGroup('web');
    await harness.elbv2.send(new AddTagsCommand({ ResourceArns: [web], Tags: Array.from({ length: 50 }, (_, index) => ({ Key: `k${index}`, Value: 'v' })) }));
    const before = await tagsOf([web]);
    const refusals: [() => Promise<unknown>, string, string][] = [
      [() => harness.elbv2.send(new AddTagsCommand({ ResourceArns: [web], Tags: [{ Key: 'k0' }, { Key: 'k0' }] })), 'DuplicateTagKeysException', 'Tag key was specified more than once: k0'],
      [() => harness.elbv2.send(new AddTagsCommand({ ResourceArns: [web], Tags: [{ Key: 'aws:owner' }] })), 'ValidationError', `Tag keys starting with 'aws:' are reserved for internal use`],
      [() => harness.elbv2.send(new AddTagsCommand({ ResourceArns: [web], Tags: [{ Key: 'k50' }] })), 'TooManyTagsException', `You've reached the limit on the number of tags for this resource.`],
    ];
    for (const [send, name, message] of refusals) {
      await expect(send()).rejects.toMatchObject({ name, message, $metadata: { httpStatusCode: 400 } });
    }
    expect(await tagsOf([web])).toEqual(before);
    // Overwriting an existing key stays within the quota.
    await harness.elbv2.send(new AddTagsCommand({ ResourceArns: [web], Tags: [{ Key: 'k0', Value: 'w' }] }));
  });

  it('describes up to 20 resources per call and refuses 21', async () => {
    const web = await createGroup('web');
    expect(await tagsOf(Array.from({ length: 20 }, () => web))).toHaveLength(20);
    const arns = Array.from({ length: 21 }, () => web);
    await expect(harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: arns }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: `1 validation error detected: Value '[${arns.join(', ')}]' at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20`,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses an ARN of another region as not being in ARN format', async () => {
    const other = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/00000000000000ff';
    await expect(harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [other] }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: `'${other}' must be in ARN format`,
    });
  });
});
