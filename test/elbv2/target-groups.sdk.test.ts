import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RemoveTagsCommand,
  paginateDescribeTargetGroups,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { CreateVpcCommand, DeleteVpcCommand } from '@aws-sdk/client-ec2';
import { defaultVpc, ec2ClientFor } from '../support/default-vpc.js';

// Expected values: the aws-cli v1.45.11 example `awscli/examples/elbv2/create-target-group.rst`
// (Example 1, an HTTP instance target group with default health checks) and
// ../shared/spec/elbv2-attributes.md §3 (the 14 default attributes of an ALB HTTP group, in order).
const TARGET_GROUP_ARN = /^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/my-targets\/[0-9a-f]{16}$/;

const DEFAULT_HTTP_ATTRIBUTES = [
  { Key: 'stickiness.enabled', Value: 'false' },
  { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
  { Key: 'stickiness.app_cookie.cookie_name', Value: '' },
  { Key: 'stickiness.type', Value: 'lb_cookie' },
  { Key: 'stickiness.lb_cookie.duration_seconds', Value: '86400' },
  { Key: 'slow_start.duration_seconds', Value: '0' },
  { Key: 'stickiness.app_cookie.duration_seconds', Value: '86400' },
  { Key: 'load_balancing.algorithm.type', Value: 'round_robin' },
  { Key: 'load_balancing.algorithm.anomaly_mitigation', Value: 'off' },
  { Key: 'load_balancing.cross_zone.enabled', Value: 'use_load_balancer_configuration' },
  { Key: 'target_group_health.dns_failover.minimum_healthy_targets.count', Value: '1' },
  { Key: 'target_group_health.dns_failover.minimum_healthy_targets.percentage', Value: 'off' },
  { Key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', Value: '1' },
  { Key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', Value: 'off' },
];

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

async function createHttpGroup(name = 'my-targets'): Promise<TargetGroup> {
  const { TargetGroups } = await harness.elbv2.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, TargetType: 'instance', VpcId: vpcId }),
  );
  expect(TargetGroups).toHaveLength(1);
  return TargetGroups![0]!;
}

describe('CreateTargetGroup through the SDK v3', () => {
  it('returns the group with AWS defaults, typed as the SDK parses them', async () => {
    const group = await createHttpGroup();
    expect(group).toEqual({
      TargetGroupArn: expect.stringMatching(TARGET_GROUP_ARN),
      TargetGroupName: 'my-targets',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: vpcId,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
      ...(group.LoadBalancerArns ? { LoadBalancerArns: [] } : {}),
      TargetType: 'instance',
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    });
  });

  it('is idempotent for the same settings and refuses the same name with other settings', async () => {
    const first = await createHttpGroup();
    const again = await createHttpGroup();
    expect(again.TargetGroupArn).toBe(first.TargetGroupArn);
    await expect(
      harness.elbv2.send(new CreateTargetGroupCommand({ Name: 'my-targets', Protocol: 'HTTP', Port: 8080, VpcId: vpcId })),
    ).rejects.toMatchObject({ name: 'DuplicateTargetGroupNameException', $metadata: { httpStatusCode: 400 } });
    const { TargetGroups } = await harness.elbv2.send(new DescribeTargetGroupsCommand({}));
    expect(TargetGroups).toHaveLength(1);
  });

  it('stores every parameter it is given, tags included', async () => {
    const { TargetGroups } = await harness.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'custom-checks',
        Protocol: 'HTTPS',
        Port: 8443,
        VpcId: vpcId,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: '9000',
        HealthCheckPath: '/healthz',
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 4,
        Matcher: { HttpCode: '200-299' },
        Tags: [{ Key: 'team', Value: 'edge' }, { Key: 'env', Value: '' }],
      }),
    );
    const group = TargetGroups![0]!;
    expect(group).toMatchObject({
      TargetGroupName: 'custom-checks',
      Protocol: 'HTTPS',
      Port: 8443,
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: '9000',
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      Matcher: { HttpCode: '200-299' },
    });
    const { TagDescriptions } = await harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [group.TargetGroupArn!] }));
    expect(TagDescriptions).toEqual([
      { ResourceArn: group.TargetGroupArn, Tags: [{ Key: 'team', Value: 'edge' }, { Key: 'env', Value: '' }] },
    ]);
  });

  it('creates a lambda group with health checks disabled and no protocol, port or VPC', async () => {
    const { TargetGroups } = await harness.elbv2.send(new CreateTargetGroupCommand({ Name: 'my-lambda-target', TargetType: 'lambda' }));
    const group = TargetGroups![0]!;
    expect(group).toMatchObject({ TargetType: 'lambda', HealthCheckEnabled: false, HealthCheckIntervalSeconds: 35, HealthCheckTimeoutSeconds: 30 });
    expect(group.Protocol).toBeUndefined();
    expect(group.Port).toBeUndefined();
    expect(group.VpcId).toBeUndefined();
  });
});

describe('CreateTargetGroup and the EC2 state', () => {
  // Verified wording: "ValidationError: The VPC ID 'vpc-…' is not found" (github.com/ansible/ansible/issues/31919,
  // terraform-aws-modules/terraform-aws-alb#294).
  it('refuses a VPC that does not exist, and one deleted through the EC2 API, creating nothing', async () => {
    const ec2 = ec2ClientFor(harness.elbow);
    try {
      await expect(
        harness.elbv2.send(new CreateTargetGroupCommand({ Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0' })),
      ).rejects.toMatchObject({ name: 'ValidationError', message: "The VPC ID 'vpc-0123456789abcdef0' is not found", $metadata: { httpStatusCode: 400 } });
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      await ec2.send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId! }));
      await expect(
        harness.elbv2.send(new CreateTargetGroupCommand({ Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: Vpc!.VpcId! })),
      ).rejects.toMatchObject({ name: 'ValidationError', message: `The VPC ID '${Vpc!.VpcId}' is not found` });
      expect((await harness.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups).toEqual([]);
    } finally {
      ec2.destroy();
    }
  });

  it('accepts a VPC created through the EC2 API', async () => {
    const ec2 = ec2ClientFor(harness.elbow);
    try {
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      const { TargetGroups } = await harness.elbv2.send(
        new CreateTargetGroupCommand({ Name: 'in-new-vpc', Protocol: 'HTTP', Port: 80, TargetType: 'ip', VpcId: Vpc!.VpcId! }),
      );
      expect(TargetGroups![0]!.VpcId).toBe(Vpc!.VpcId);
    } finally {
      ec2.destroy();
    }
  });
});

describe('DescribeTargetGroups through the SDK v3', () => {
  it('finds groups by name and by ARN, and answers TargetGroupNotFound for unknown ones', async () => {
    const group = await createHttpGroup();
    const byName = await harness.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['my-targets'] }));
    expect(byName.TargetGroups?.map((g) => g.TargetGroupArn)).toEqual([group.TargetGroupArn]);
    const byArn = await harness.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [group.TargetGroupArn!] }));
    expect(byArn.TargetGroups?.map((g) => g.TargetGroupName)).toEqual(['my-targets']);
    await expect(harness.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['my-targets', 'nope'] }))).rejects.toMatchObject({
      name: 'TargetGroupNotFoundException',
      message: 'One or more target groups not found',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('pages with Marker and PageSize, and the SDK paginator visits every group once', async () => {
    const created = [];
    for (let index = 0; index < 7; index += 1) created.push((await createHttpGroup(`group-${index}`)).TargetGroupArn);
    const firstPage = await harness.elbv2.send(new DescribeTargetGroupsCommand({ PageSize: 3 }));
    expect(firstPage.TargetGroups).toHaveLength(3);
    expect(firstPage.NextMarker).toEqual(expect.any(String));
    const seen: string[] = [];
    for await (const page of paginateDescribeTargetGroups({ client: harness.elbv2, pageSize: 3 }, {})) {
      seen.push(...(page.TargetGroups ?? []).map((g) => g.TargetGroupArn!));
    }
    expect(seen.sort()).toEqual([...created].sort());
  });
});

describe('ModifyTargetGroup and DeleteTargetGroup through the SDK v3', () => {
  it('changes health check settings and leaves the rest', async () => {
    const group = await createHttpGroup();
    const { TargetGroups } = await harness.elbv2.send(
      new ModifyTargetGroupCommand({ TargetGroupArn: group.TargetGroupArn, HealthCheckPath: '/ping', HealthCheckIntervalSeconds: 15, Matcher: { HttpCode: '200,302' } }),
    );
    expect(TargetGroups![0]).toMatchObject({ HealthCheckPath: '/ping', HealthCheckIntervalSeconds: 15, Matcher: { HttpCode: '200,302' }, Port: 80 });
  });

  it('deletes a group, which is then not found', async () => {
    const group = await createHttpGroup();
    await harness.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: group.TargetGroupArn }));
    await expect(harness.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [group.TargetGroupArn!] }))).rejects.toMatchObject({
      name: 'TargetGroupNotFoundException',
    });
  });
});

describe('target group attributes through the SDK v3', () => {
  it('describes every attribute of an HTTP group with its default', async () => {
    const group = await createHttpGroup();
    const { Attributes } = await harness.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.TargetGroupArn }));
    expect(Attributes).toEqual(DEFAULT_HTTP_ATTRIBUTES);
  });

  it('sets app_cookie stickiness and answers the full resulting list', async () => {
    const group = await createHttpGroup();
    const { Attributes } = await harness.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: group.TargetGroupArn,
        Attributes: [
          { Key: 'stickiness.enabled', Value: 'true' },
          { Key: 'stickiness.type', Value: 'app_cookie' },
          { Key: 'stickiness.app_cookie.cookie_name', Value: 'MyCookie' },
          { Key: 'stickiness.app_cookie.duration_seconds', Value: '86500' },
        ],
      }),
    );
    const expected = DEFAULT_HTTP_ATTRIBUTES.map((attribute) => {
      const changed: Record<string, string> = {
        'stickiness.enabled': 'true',
        'stickiness.type': 'app_cookie',
        'stickiness.app_cookie.cookie_name': 'MyCookie',
        'stickiness.app_cookie.duration_seconds': '86500',
      };
      return attribute.Key in changed ? { Key: attribute.Key, Value: changed[attribute.Key] } : attribute;
    });
    expect(Attributes).toEqual(expected);
    const described = await harness.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.TargetGroupArn }));
    expect(described.Attributes).toEqual(expected);
  });

  it('refuses a reserved cookie name and leaves every attribute as it was', async () => {
    const group = await createHttpGroup();
    await expect(
      harness.elbv2.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: group.TargetGroupArn,
          Attributes: [
            { Key: 'stickiness.enabled', Value: 'true' },
            { Key: 'stickiness.type', Value: 'app_cookie' },
            { Key: 'stickiness.app_cookie.cookie_name', Value: 'AWSALBAPP-0' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    const { Attributes } = await harness.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.TargetGroupArn }));
    expect(Attributes).toEqual(DEFAULT_HTTP_ATTRIBUTES);
  });
});

describe('tags on target groups through the SDK v3', () => {
  it('adds, overwrites and removes tags', async () => {
    const group = await createHttpGroup();
    const arn = group.TargetGroupArn!;
    await harness.elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await harness.elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: 'a', Value: 'one' }] }));
    await harness.elbv2.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: ['b'] }));
    const { TagDescriptions } = await harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }));
    expect(TagDescriptions).toEqual([{ ResourceArn: arn, Tags: [{ Key: 'a', Value: 'one' }] }]);
  });
});
