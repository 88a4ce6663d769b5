import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  DescribeTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';

const { endpoint, region } = inject('elbow');
// A 12-digit access key id is the account: give each test file its own, and files running in
// parallel on the one emulator never see each other's load balancers.
const credentials = { accessKeyId: '111122223333', secretAccessKey: 'elbow' };
const elbv2 = new ElasticLoadBalancingV2Client({ endpoint, region, credentials });
const ec2 = new EC2Client({ endpoint, region, credentials });

async function admin(path: string): Promise<{ id?: string }> {
  const response = await fetch(`${endpoint}/_elbow/${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id?: string };
}

let snapshotId = '';
let targetGroupArn = '';

beforeAll(async () => {
  // The fixture every test starts from: an ALB, a target group, a listener forwarding to it.
  const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  const { LoadBalancers = [] } = await elbv2.send(
    new CreateLoadBalancerCommand({ Name: 'web', Subnets: Subnets.slice(0, 2).map((subnet) => subnet.SubnetId ?? '') }),
  );
  const { TargetGroups = [] } = await elbv2.send(
    new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: Subnets[0]?.VpcId, TargetType: 'ip' }),
  );
  targetGroupArn = TargetGroups[0]?.TargetGroupArn ?? '';
  await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: LoadBalancers[0]?.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 18080,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  ({ id: snapshotId = '' } = await admin('snapshots'));
});

// Each test starts from the fixture again, in milliseconds, whatever the last one changed.
beforeEach(async () => {
  await admin(`snapshots/${snapshotId}/restore`);
});

afterAll(() => {
  elbv2.destroy();
  ec2.destroy();
});

describe('the web load balancer', () => {
  it('can be deleted', async () => {
    const { LoadBalancers = [] } = await elbv2.send(new DescribeLoadBalancersCommand({ Names: ['web'] }));
    await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: LoadBalancers[0]?.LoadBalancerArn }));
    await expect(elbv2.send(new DescribeLoadBalancersCommand({ Names: ['web'] }))).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
  });

  it('is back in the next test, with its target group still in use', async () => {
    const { LoadBalancers = [] } = await elbv2.send(new DescribeLoadBalancersCommand({ Names: ['web'] }));
    expect(LoadBalancers).toHaveLength(1);
    const { TargetGroups = [] } = await elbv2.send(new DescribeTargetGroupsCommand({ Names: ['web'] }));
    expect(TargetGroups[0]?.LoadBalancerArns).toEqual([LoadBalancers[0]?.LoadBalancerArn]);
  });

  it('gets lb_cookie stickiness on its target group, which the next test no longer sees', async () => {
    await elbv2.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] }),
    );
    const { Attributes = [] } = await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }));
    expect(Attributes).toContainEqual({ Key: 'stickiness.enabled', Value: 'true' });
  });

  it('has stickiness off again', async () => {
    const { Attributes = [] } = await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }));
    expect(Attributes).toContainEqual({ Key: 'stickiness.enabled', Value: 'false' });
  });
});
