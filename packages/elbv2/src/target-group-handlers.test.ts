import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import { ACCOUNT_ID, createElbv2Harness, REGION } from './testing/elbv2-harness.js';
import type { Elbv2Harness } from './testing/elbv2-harness.js';

// Expected shapes: aws-cli v1.45.11 awscli/examples/elbv2/create-target-group.rst (Examples 1-5) and
// describe-target-groups.rst; defaults as cited in health-check-defaults.ts.
const ARN_PREFIX = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:targetgroup`;

let harness: Elbv2Harness;
beforeEach(() => {
  harness = createElbv2Harness();
});
afterEach(() => {
  harness.close();
});

function create(input: Partial<elbv2.CreateTargetGroupInput> & { Name?: string } = {}): elbv2.TargetGroup {
  const output = harness.call('CreateTargetGroup', { Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: harness.defaultVpcId(), ...input });
  expect(output.TargetGroups).toHaveLength(1);
  return output.TargetGroups![0]!;
}

function expectFailure(run: () => { code: string; message: string }, code: string, message: string) {
  const before = harness.snapshot();
  const error = run();
  expect({ code: error.code, message: error.message }).toEqual({ code, message });
  expect(harness.snapshot()).toEqual(before);
}

describe('CreateTargetGroup', () => {
  it('creates an HTTP instance group with the ALB defaults of aws-cli Example 1', () => {
    expect(create({ TargetType: 'instance' })).toEqual({
      TargetGroupArn: `${ARN_PREFIX}/my-targets/0000000000000001`,
      TargetGroupName: 'my-targets',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: harness.defaultVpcId(),
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [],
      TargetType: 'instance',
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    });
  });

  it('defaults an HTTPS group to HTTPS health checks', () => {
    expect(create({ Protocol: 'HTTPS', Port: 443 })).toMatchObject({ HealthCheckProtocol: 'HTTPS', HealthCheckTimeoutSeconds: 5, ProtocolVersion: 'HTTP1' });
  });

  it('uses the gRPC path and code for ProtocolVersion GRPC', () => {
    expect(create({ ProtocolVersion: 'GRPC' })).toMatchObject({
      ProtocolVersion: 'GRPC',
      HealthCheckPath: '/AWS.ALB/healthcheck',
      Matcher: { GrpcCode: '12' },
    });
  });

  it('creates a lambda group with health checks disabled and no protocol, port or VPC (Example 2; unhealthy 5 from the model)', () => {
    const group = harness.call('CreateTargetGroup', { Name: 'my-lambda-target', TargetType: 'lambda' }).TargetGroups![0];
    expect(group).toEqual({
      TargetGroupArn: `${ARN_PREFIX}/my-lambda-target/0000000000000001`,
      TargetGroupName: 'my-lambda-target',
      HealthCheckEnabled: false,
      HealthCheckIntervalSeconds: 35,
      HealthCheckTimeoutSeconds: 30,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 5,
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [],
      TargetType: 'lambda',
      IpAddressType: 'ipv4',
    });
  });

  it('creates a TCP group with TCP health checks and no path or matcher (Example 3)', () => {
    expect(create({ Name: 'my-ip-targets', Protocol: 'TCP', TargetType: 'ip' })).toEqual({
      TargetGroupArn: `${ARN_PREFIX}/my-ip-targets/0000000000000001`,
      TargetGroupName: 'my-ip-targets',
      Protocol: 'TCP',
      Port: 80,
      VpcId: harness.defaultVpcId(),
      HealthCheckEnabled: true,
      HealthCheckProtocol: 'TCP',
      HealthCheckPort: 'traffic-port',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 10,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      LoadBalancerArns: [],
      TargetType: 'ip',
      IpAddressType: 'ipv4',
    });
  });

  it('checks an alb-type TCP group over HTTP with timeout 6 and matcher 200-399 (Example 4)', () => {
    expect(create({ Protocol: 'TCP', TargetType: 'alb' })).toMatchObject({
      HealthCheckProtocol: 'HTTP',
      HealthCheckTimeoutSeconds: 6,
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200-399' },
    });
  });

  it('creates a GENEVE group checked over TCP port 80 every 10 seconds (Example 5)', () => {
    const group = create({ Protocol: 'GENEVE', Port: 6081 });
    expect(group).toMatchObject({ HealthCheckProtocol: 'TCP', HealthCheckPort: '80', HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5 });
    expect(group.HealthCheckPath).toBeUndefined();
    expect(group.Matcher).toBeUndefined();
  });

  it('stores every parameter it is given', () => {
    const vpcId = harness.defaultVpcId();
    const input: elbv2.CreateTargetGroupInput = {
      Name: 'custom-checks',
      Protocol: 'HTTPS',
      ProtocolVersion: 'HTTP2',
      Port: 8443,
      VpcId: vpcId,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: '9000',
      HealthCheckEnabled: true,
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      Matcher: { HttpCode: '200-299' },
      TargetType: 'ip',
      Tags: [{ Key: 'team', Value: 'edge' }, { Key: 'env', Value: '' }],
      IpAddressType: 'ipv6',
      TargetControlPort: 7000,
    };
    const group = harness.call('CreateTargetGroup', input).TargetGroups![0]!;
    const expected = {
      TargetGroupArn: group.TargetGroupArn,
      TargetGroupName: 'custom-checks',
      Protocol: 'HTTPS',
      ProtocolVersion: 'HTTP2',
      Port: 8443,
      VpcId: vpcId,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: '9000',
      HealthCheckEnabled: true,
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      Matcher: { HttpCode: '200-299' },
      LoadBalancerArns: [],
      TargetType: 'ip',
      IpAddressType: 'ipv6',
      TargetControlPort: 7000,
    };
    expect(group).toEqual(expected);
    expect(harness.call('DescribeTargetGroups', { Names: ['custom-checks'] }).TargetGroups).toEqual([expected]);
    expect(harness.call('DescribeTags', { ResourceArns: [group.TargetGroupArn!] }).TagDescriptions).toEqual([
      { ResourceArn: group.TargetGroupArn, Tags: [{ Key: 'team', Value: 'edge' }, { Key: 'env', Value: '' }] },
    ]);
  });

  it('returns the existing group for the same name and settings, and keeps one group', () => {
    const first = create();
    const again = create();
    expect(again).toEqual(first);
    expect(harness.call('DescribeTargetGroups', {}).TargetGroups).toHaveLength(1);
  });

  it('refuses the same name with other settings with DuplicateTargetGroupName', () => {
    create();
    expectFailure(
      () => harness.failure('CreateTargetGroup', { Name: 'my-targets', Protocol: 'HTTP', Port: 8080, VpcId: harness.defaultVpcId() }),
      'DuplicateTargetGroupName',
      `A target group with the same name 'my-targets' exists, but with different settings`,
    );
  });

  it('allows the same name in another region or account', () => {
    const here = create();
    const euWest1 = { ...harness.context, region: 'eu-west-1' };
    const elsewhere = harness.call('CreateTargetGroup', { Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: harness.defaultVpcId(euWest1) }, euWest1);
    expect(elsewhere.TargetGroups![0]!.TargetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup\/my-targets\//);
    const otherAccount = { ...harness.context, accountId: '210987654321' };
    harness.call('CreateTargetGroup', { Name: 'my-targets', Protocol: 'HTTP', Port: 81, VpcId: harness.defaultVpcId(otherAccount) }, otherAccount);
    expect(harness.call('DescribeTargetGroups', {}).TargetGroups).toEqual([here]);
  });

  it.each<[string, Partial<elbv2.CreateTargetGroupInput>, string, string]>([
    ['a name over 32 characters', { Name: 'n'.repeat(33) }, 'ValidationError', `Target group name '${'n'.repeat(33)}' cannot be longer than '32' characters`],
    ['an underscore in the name', { Name: 'my_targets' }, 'ValidationError', `Target group name 'my_targets' can only contain characters that are alphanumeric characters or hyphens(-)`],
    ['a leading hyphen', { Name: '-targets' }, 'ValidationError', `Target group name '-targets' cannot begin or end with '-'`],
    ['no protocol', { Protocol: undefined }, 'ValidationError', `A protocol must be specified for target groups with target type 'instance'`],
    ['no port', { Port: undefined }, 'ValidationError', `A port must be specified for target groups with target type 'instance'`],
    ['no VPC', { VpcId: undefined }, 'ValidationError', `A VPC ID must be specified for target groups with target type 'instance'`],
    ['a malformed VPC id', { VpcId: 'vpc-xyz' }, 'ValidationError', `The VPC ID 'vpc-xyz' is not found`],
    ['a VPC that does not exist', { VpcId: 'vpc-0123456789abcdef0' }, 'ValidationError', `The VPC ID 'vpc-0123456789abcdef0' is not found`],
    ['a lambda group with a port', { TargetType: 'lambda', Protocol: undefined, VpcId: undefined }, 'ValidationError', `A port cannot be specified for target groups with target type 'lambda'`],
    ['a lambda group with a protocol', { TargetType: 'lambda', Port: undefined, VpcId: undefined }, 'ValidationError', `A protocol cannot be specified for target groups with target type 'lambda'`],
    ['a lambda group with a VPC', { TargetType: 'lambda', Protocol: undefined, Port: undefined }, 'ValidationError', `A VPC ID cannot be specified for target groups with target type 'lambda'`],
    ['an alb-type HTTP group', { TargetType: 'alb' }, 'ValidationError', `Target groups with target type 'alb' support only the TCP protocol`],
    ['a GENEVE group off port 6081', { Protocol: 'GENEVE', Port: 80 }, 'ValidationError', `Port '80' is not supported for target groups with the GENEVE protocol; the supported port is 6081`],
    ['a protocol version on TCP', { Protocol: 'TCP', ProtocolVersion: 'HTTP2' }, 'ValidationError', 'A protocol version can be specified only for target groups with the HTTP or HTTPS protocol'],
    ['an unknown protocol version', { ProtocolVersion: 'HTTP3' }, 'ValidationError', `Protocol version 'HTTP3' must be one of [GRPC, HTTP1, HTTP2]`],
    ['health checks disabled on an instance group', { HealthCheckEnabled: false }, 'ValidationError', `Health check enabled must be true for target groups with target type 'instance'`],
    ['TCP health checks on an HTTP group', { HealthCheckProtocol: 'TCP' }, 'InvalidConfigurationRequest', `Health check protocol 'TCP' is not supported for target groups with the HTTP protocol`],
    ['UDP health checks', { Protocol: 'UDP', HealthCheckProtocol: 'UDP' }, 'ValidationError', `Health check protocol 'UDP' is not supported; use HTTP, HTTPS or TCP`],
    ['a bad health check port', { HealthCheckPort: '70000' }, 'ValidationError', `Health check port '70000' must be 'traffic-port' or a port between 1 and 65535`],
    ['a path on TCP health checks', { Protocol: 'TCP', HealthCheckPath: '/x' }, 'ValidationError', 'A health check path can be specified only for HTTP and HTTPS health checks'],
    ['a path without a leading slash', { HealthCheckPath: 'health' }, 'ValidationError', `Health check path 'health' must begin with '/'`],
    ['a timeout not below the interval', { HealthCheckTimeoutSeconds: 30 }, 'ValidationError', `Health check timeout '30' must be smaller than the interval '30'`],
    ['a matcher on a TCP group', { Protocol: 'TCP', Matcher: { HttpCode: '200' } }, 'InvalidConfigurationRequest', 'Custom health check matchers are not supported for health checks for target groups with the TCP protocol.'],
    ['an HTTP code beyond 499 on an ALB group', { Matcher: { HttpCode: '200-500' } }, 'ValidationError', `HTTP code '200-500' must be a code or a range of codes between '200' and '499'`],
    ['a malformed HTTP code', { Matcher: { HttpCode: '2xx' } }, 'ValidationError', `HTTP code '2xx' must be a code or a range of codes between '200' and '499'`],
    ['a gRPC code without GRPC', { Matcher: { GrpcCode: '0' } }, 'ValidationError', `An HTTP code matcher must be specified for target groups with protocol version 'HTTP1'`],
    ['too many tags', { Tags: Array.from({ length: 51 }, (_, index) => ({ Key: `k${index}` })) }, 'TooManyTags', `You've reached the limit on the number of tags for this resource.`],
    ['a repeated tag key', { Tags: [{ Key: 'a' }, { Key: 'a' }] }, 'DuplicateTagKeys', 'Tag key was specified more than once: a'],
    ['a reserved tag key', { Tags: [{ Key: 'aws:x' }] }, 'ValidationError', `Tag keys starting with 'aws:' are reserved for internal use`],
  ])('refuses %s', (_title, overrides, code, message) => {
    create({ Name: 'existing' });
    const input = { Name: 'my-targets', Protocol: 'HTTP' as const, Port: 80, VpcId: harness.defaultVpcId(), ...overrides };
    expectFailure(() => harness.failure('CreateTargetGroup', input), code, message);
  });

  it('accepts 50 tags, an NLB matcher up to 599 and health checks enabled on a lambda group', () => {
    create({ Name: 'fifty', Tags: Array.from({ length: 50 }, (_, index) => ({ Key: `k${index}` })) });
    expect(create({ Name: 'nlb-http', Protocol: 'TCP', HealthCheckProtocol: 'HTTP', Matcher: { HttpCode: '200-599' } }).Matcher).toEqual({ HttpCode: '200-599' });
    const lambda = harness.call('CreateTargetGroup', { Name: 'checked-lambda', TargetType: 'lambda', HealthCheckEnabled: true }).TargetGroups![0];
    expect(lambda?.HealthCheckEnabled).toBe(true);
  });

  it('rolls back the group when a later write of the same call fails', () => {
    // A trigger makes the tag insert fail after the group row was written: the transaction wrapper must undo both.
    harness.store.db.exec(`CREATE TRIGGER fail_tags BEFORE INSERT ON tags BEGIN SELECT RAISE(ABORT, 'tag write failed'); END`);
    expect(() => create({ Tags: [{ Key: 'a', Value: 'b' }] })).toThrow('tag write failed');
    expect(harness.store.db.prepare('SELECT count(*) FROM target_groups').pluck().get()).toBe(0);
  });
});

describe('DescribeTargetGroups', () => {
  it('lists every group in creation order without filters', () => {
    const names = ['b-group', 'a-group', 'c-group'];
    for (const name of names) create({ Name: name });
    const output = harness.call('DescribeTargetGroups', {});
    expect(output.TargetGroups?.map((group) => group.TargetGroupName)).toEqual(names);
    expect(output.NextMarker).toBeUndefined();
  });

  it('answers an empty list when there are no groups', () => {
    expect(harness.call('DescribeTargetGroups', {})).toEqual({ TargetGroups: [] });
  });

  it('finds groups by name and by ARN, once each, in creation order', () => {
    const first = create({ Name: 'first' });
    const second = create({ Name: 'second' });
    expect(harness.call('DescribeTargetGroups', { Names: ['second', 'first', 'second'] }).TargetGroups).toEqual([first, second]);
    expect(harness.call('DescribeTargetGroups', { TargetGroupArns: [second.TargetGroupArn!] }).TargetGroups).toEqual([second]);
  });

  it.each<[string, elbv2.DescribeTargetGroupsInput, string, string]>([
    ['an unknown name', { Names: ['my-targets', 'nope'] }, 'TargetGroupNotFound', 'One or more target groups not found'],
    ['an unknown ARN', { TargetGroupArns: [`${ARN_PREFIX}/ghost/00000000000000ff`] }, 'TargetGroupNotFound', 'One or more target groups not found'],
    ['a name over 32 characters', { Names: ['n'.repeat(33)] }, 'ValidationError', `Target group name '${'n'.repeat(33)}' cannot be longer than '32' characters`],
    ['a malformed ARN', { TargetGroupArns: ['nope'] }, 'ValidationError', `'nope' is not a valid target group ARN`],
    [
      'an ARN of another region',
      { TargetGroupArns: [`arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT_ID}:targetgroup/my-targets/0000000000000001`] },
      'ValidationError',
      `'arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT_ID}:targetgroup/my-targets/0000000000000001' is not a valid target group ARN`,
    ],
    [
      'an ARN of another account',
      { TargetGroupArns: [`arn:aws:elasticloadbalancing:${REGION}:210987654321:targetgroup/my-targets/0000000000000001`] },
      'ValidationError',
      `'arn:aws:elasticloadbalancing:${REGION}:210987654321:targetgroup/my-targets/0000000000000001' is not a valid target group ARN`,
    ],
    [
      'a load balancer ARN (none exist yet)',
      { LoadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:loadbalancer/app/my-load-balancer/50dc6c495c0c9188` },
      'LoadBalancerNotFound',
      'One or more load balancers not found',
    ],
    ['a malformed load balancer ARN', { LoadBalancerArn: 'lb' }, 'ValidationError', `'lb' is not a valid load balancer ARN`],
    ['names and ARNs together', { Names: ['my-targets'], TargetGroupArns: [`${ARN_PREFIX}/my-targets/0000000000000001`] }, 'ValidationError', 'Only one of load balancer ARN, target group ARNs or target group names can be specified'],
    ['a marker it did not issue', { Marker: 'abc' }, 'ValidationError', `Invalid value for parameter marker: 'abc'`],
  ])('refuses %s', (_title, input, code, message) => {
    create();
    expectFailure(() => harness.failure('DescribeTargetGroups', input), code, message);
  });

  it('pages with PageSize and an opaque NextMarker until every group was seen once', () => {
    const created = Array.from({ length: 7 }, (_, index) => create({ Name: `group-${index}` }).TargetGroupArn);
    const seen: (string | undefined)[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const output = harness.call('DescribeTargetGroups', { PageSize: 3, ...(marker ? { Marker: marker } : {}) });
      seen.push(...(output.TargetGroups ?? []).map((group) => group.TargetGroupArn));
      marker = output.NextMarker;
      if (marker) expect(marker).not.toMatch(/^\d+$/);
      pages += 1;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual(created);
  });

  it('pages a name filter the same way', () => {
    for (const name of ['a', 'b', 'c']) create({ Name: name });
    const first = harness.call('DescribeTargetGroups', { Names: ['c', 'a', 'b'], PageSize: 2 });
    expect(first.TargetGroups?.map((group) => group.TargetGroupName)).toEqual(['a', 'b']);
    const second = harness.call('DescribeTargetGroups', { Names: ['c', 'a', 'b'], PageSize: 2, Marker: first.NextMarker! });
    expect(second).toEqual({ TargetGroups: [expect.objectContaining({ TargetGroupName: 'c' })] });
  });

  it('keeps a page stable when a group before the marker is deleted', () => {
    const arns = ['a', 'b', 'c', 'd'].map((name) => create({ Name: name }).TargetGroupArn!);
    const first = harness.call('DescribeTargetGroups', { PageSize: 2 });
    harness.call('DeleteTargetGroup', { TargetGroupArn: arns[0]! });
    const second = harness.call('DescribeTargetGroups', { PageSize: 2, Marker: first.NextMarker! });
    expect(second.TargetGroups?.map((group) => group.TargetGroupName)).toEqual(['c', 'd']);
  });
});

describe('ModifyTargetGroup', () => {
  it('changes the given health check settings and returns the whole group', () => {
    const group = create();
    const output = harness.call('ModifyTargetGroup', {
      TargetGroupArn: group.TargetGroupArn!,
      HealthCheckPath: '/ping',
      HealthCheckIntervalSeconds: 15,
      HealthCheckPort: '8080',
      HealthyThresholdCount: 3,
      Matcher: { HttpCode: '200,302' },
    });
    const expected = { ...group, HealthCheckPath: '/ping', HealthCheckIntervalSeconds: 15, HealthCheckPort: '8080', HealthyThresholdCount: 3, Matcher: { HttpCode: '200,302' } };
    expect(output.TargetGroups).toEqual([expected]);
    expect(harness.call('DescribeTargetGroups', {}).TargetGroups).toEqual([expected]);
  });

  it('gives an NLB group a path and matcher when it switches to HTTP checks, and drops them going back to TCP', () => {
    const group = create({ Protocol: 'TCP' });
    const http = harness.call('ModifyTargetGroup', { TargetGroupArn: group.TargetGroupArn!, HealthCheckProtocol: 'HTTP' }).TargetGroups![0];
    expect(http).toMatchObject({ HealthCheckProtocol: 'HTTP', HealthCheckPath: '/', Matcher: { HttpCode: '200-399' } });
    const tcp = harness.call('ModifyTargetGroup', { TargetGroupArn: group.TargetGroupArn!, HealthCheckProtocol: 'TCP' }).TargetGroups![0]!;
    expect(tcp.HealthCheckPath).toBeUndefined();
    expect(tcp.Matcher).toBeUndefined();
  });

  it('enables health checks of a lambda group', () => {
    const group = harness.call('CreateTargetGroup', { Name: 'fn', TargetType: 'lambda' }).TargetGroups![0]!;
    const output = harness.call('ModifyTargetGroup', { TargetGroupArn: group.TargetGroupArn!, HealthCheckEnabled: true });
    expect(output.TargetGroups![0]).toEqual({ ...group, HealthCheckEnabled: true });
  });

  it.each<[string, Omit<elbv2.ModifyTargetGroupInput, 'TargetGroupArn'>, string, string]>([
    ['a timeout not below the interval', { HealthCheckIntervalSeconds: 5 }, 'ValidationError', `Health check timeout '5' must be smaller than the interval '5'`],
    ['disabling health checks of an instance group', { HealthCheckEnabled: false }, 'ValidationError', `Health check enabled must be true for target groups with target type 'instance'`],
    ['TCP checks on an HTTP group', { HealthCheckProtocol: 'TCP' }, 'InvalidConfigurationRequest', `Health check protocol 'TCP' is not supported for target groups with the HTTP protocol`],
    ['a bad matcher', { Matcher: { HttpCode: '600' } }, 'ValidationError', `HTTP code '600' must be a code or a range of codes between '200' and '499'`],
  ])('refuses %s and changes nothing', (_title, changes, code, message) => {
    const group = create();
    expectFailure(() => harness.failure('ModifyTargetGroup', { TargetGroupArn: group.TargetGroupArn!, ...changes }), code, message);
  });

  it('answers TargetGroupNotFound for an unknown group and ValidationError for a malformed ARN', () => {
    expectFailure(
      () => harness.failure('ModifyTargetGroup', { TargetGroupArn: `${ARN_PREFIX}/ghost/00000000000000ff`, HealthCheckPath: '/' }),
      'TargetGroupNotFound',
      'One or more target groups not found',
    );
    expectFailure(() => harness.failure('ModifyTargetGroup', { TargetGroupArn: 'x' }), 'ValidationError', `'x' is not a valid target group ARN`);
  });
});

describe('DeleteTargetGroup', () => {
  it('deletes the group with its attributes and tags', () => {
    const group = create({ Tags: [{ Key: 'a', Value: '1' }] });
    const arn = group.TargetGroupArn!;
    harness.call('ModifyTargetGroupAttributes', { TargetGroupArn: arn, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] });
    expect(harness.call('DeleteTargetGroup', { TargetGroupArn: arn })).toEqual({});
    expect(harness.failure('DescribeTargetGroups', { TargetGroupArns: [arn] }).code).toBe('TargetGroupNotFound');
    const { tags, target_group_attributes, target_groups } = harness.snapshot();
    expect({ tags, target_group_attributes, target_groups }).toEqual({ tags: [], target_group_attributes: [], target_groups: [] });
  });

  it('succeeds silently for a group that does not exist', () => {
    create();
    const before = harness.snapshot();
    expect(harness.call('DeleteTargetGroup', { TargetGroupArn: `${ARN_PREFIX}/ghost/00000000000000ff` })).toEqual({});
    expect(harness.snapshot()).toEqual(before);
  });

  it('refuses a malformed ARN', () => {
    expectFailure(() => harness.failure('DeleteTargetGroup', { TargetGroupArn: 'arn:nope' }), 'ValidationError', `'arn:nope' is not a valid target group ARN`);
  });

  it('frees the name for a new group with other settings', () => {
    const group = create();
    harness.call('DeleteTargetGroup', { TargetGroupArn: group.TargetGroupArn! });
    expect(create({ Port: 8080 }).Port).toBe(8080);
  });
});
