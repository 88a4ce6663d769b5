// The same kind of suite with node:test (`node --test load-balancers.node-test.mjs`): elbow
// starts in this process in `before`, and snapshot()/restore() reset it between tests.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startElbow } from 'elbow';

let elbow;
let elbv2;
let fixture;

before(async () => {
  elbow = await startElbow({ logLevel: 'silent' });
  const { endpoint, region, credentials } = elbow;
  elbv2 = new ElasticLoadBalancingV2Client({ endpoint, region, credentials });
  const ec2 = new EC2Client({ endpoint, region, credentials });
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
  ec2.destroy();
  for (const Name of ['blue', 'green']) {
    await elbv2.send(new CreateTargetGroupCommand({ Name, Protocol: 'HTTP', Port: 80, VpcId: Vpcs[0]?.VpcId }));
  }
  fixture = elbow.snapshot();
});

beforeEach(() => elbow.restore(fixture));

after(async () => {
  elbv2?.destroy();
  await elbow?.stop();
});

const groupNames = async () => ((await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map((group) => group.TargetGroupName);

describe('target groups', () => {
  it('a test may delete one', async () => {
    const { TargetGroups = [] } = await elbv2.send(new DescribeTargetGroupsCommand({ Names: ['blue'] }));
    await elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: TargetGroups[0]?.TargetGroupArn }));
    assert.deepEqual(await groupNames(), ['green']);
  });

  it('the next test starts from the fixture again', async () => {
    assert.deepEqual(await groupNames(), ['blue', 'green']);
  });
});
