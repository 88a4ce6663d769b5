import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  ModifyRuleCommand,
  SetRulePrioritiesCommand,
  type Rule,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';

// Expected values: aws-cli v1 `awscli/examples/elbv2/create-rule.rst`, `modify-rule.rst`,
// `describe-rules.rst` (Priority as a string, `default` last); AWS texts: `Priority '<n>' is
// currently in use` ([G10]), `A rule can only have '5' condition values`
// (aws-cloudformation/cfn-lint#3833); the rest is listed in packages/elbv2/UNVERIFIED.md.
let harness: ElbowUnderTest;
let listenerArn: string;
let tg: string;

beforeEach(async () => {
  harness = await startElbowUnderTest();
  const ec2 = new EC2Client({ endpoint: harness.elbow.endpoint, region: harness.elbow.region, credentials: harness.elbow.credentials, maxAttempts: 1 });
  try {
    const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.find((vpc) => vpc.IsDefault)!.VpcId!;
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!;
    const albArn = (await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: 'my-load-balancer', Subnets: [subnets[0]!.SubnetId!, subnets[1]!.SubnetId!] }))).LoadBalancers![0]!.LoadBalancerArn!;
    tg = (await harness.elbv2.send(new CreateTargetGroupCommand({ Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: vpcId }))).TargetGroups![0]!.TargetGroupArn!;
    listenerArn = (await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] })))
      .Listeners![0]!.ListenerArn!;
  } finally {
    ec2.destroy();
  }
});
afterEach(async () => {
  await harness.stop();
});

async function failure(call: () => Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await call();
  } catch (error) {
    const failed = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: failed.name.replace(/Exception$/, ''), status: failed.$metadata?.httpStatusCode, message: failed.message };
  }
  throw new Error('the call succeeded; an AWS error was expected');
}

async function rules(): Promise<Rule[]> {
  return (await harness.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
}

async function createRule(priority: number, conditions: RuleCondition[] = [{ Field: 'path-pattern', Values: [`/p${priority}/*`] }]): Promise<Rule> {
  return (await harness.elbv2.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: priority, Conditions: conditions, Actions: [{ Type: 'forward', TargetGroupArn: tg }] }))).Rules![0]!;
}

describe('CreateRule / DescribeRules', () => {
  it('stores every condition type, reads host and path conditions back with Values and their config, and lists by priority', async () => {
    const rule = await createRule(10, [
      { Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['blue'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }] } },
      { Field: 'source-ip', SourceIpConfig: { Values: ['192.0.2.0/24'] } },
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
    ]);
    expect(rule.Conditions).toEqual([
      { Field: 'host-header', Values: ['*.example.com'], HostHeaderConfig: { Values: ['*.example.com'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['blue'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }] } },
      { Field: 'source-ip', SourceIpConfig: { Values: ['192.0.2.0/24'] } },
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
    ]);
    await createRule(5);
    const listed = await rules();
    expect(listed.map((item) => [item.Priority, item.IsDefault])).toEqual([['5', false], ['10', false], ['default', true]]);
    expect(listed[0]!.Conditions).toEqual([{ Field: 'path-pattern', Values: ['/p5/*'], PathPatternConfig: { Values: ['/p5/*'] } }]);
    expect((await harness.elbv2.send(new DescribeRulesCommand({ RuleArns: [rule.RuleArn!] }))).Rules).toEqual([rule]);
    const page = await harness.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2 }));
    expect(page.Rules!.map((item) => item.Priority)).toEqual(['5', '10']);
    const rest = await harness.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2, Marker: page.NextMarker }));
    expect(rest.Rules!.map((item) => item.Priority)).toEqual(['default']);
  });

  it('answers AWS errors for taken priorities, six condition values and bad actions, leaving the rules unchanged', async () => {
    await createRule(10);
    const before = await rules();
    const six = ['/a', '/b', '/c', '/d', '/e', '/f'];
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => createRule(10), 'PriorityInUse', `Priority '10' is currently in use`],
      [() => createRule(11, [{ Field: 'path-pattern', PathPatternConfig: { Values: six } }]), 'ValidationError', `A rule can only have '5' condition values`],
      [
        () => harness.elbv2.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 12, Conditions: [{ Field: 'path-pattern', Values: ['/x'] }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'image/png' } }] })),
        'InvalidLoadBalancerAction',
        `The ContentType must be one of:'text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'`,
      ],
      [() => createRule(13, [{ Field: 'cookie', Values: ['x'] }]), 'ValidationError', `Condition field 'cookie' must be one of '[path-pattern,host-header,http-header,http-request-method,query-string,source-ip]'`],
      [() => createRule(14, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['get'] } }]), 'ValidationError', `The 'http-request-method' value is invalid; the allowed characters are A-Z, hyphen and underscore`],
      [() => createRule(15, [{ Field: 'path-pattern', Values: ['/' + 'a'.repeat(128)] }]), 'ValidationError', `The 'path-pattern' value is too long; the limit is '128'`],
    ];
    for (const [call, code, message] of cases) expect(await failure(call)).toEqual({ code, status: 400, message });
    expect(await rules()).toEqual(before);
  });

  it('reads a redirect back with the components AWS fills in', async () => {
    const { Rules } = await harness.elbv2.send(
      new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 1, Conditions: [{ Field: 'host-header', Values: ['old.example.com'] }], Actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] }),
    );
    expect(Rules![0]!.Actions).toEqual([
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } },
    ]);
  });
});

describe('ModifyRule / SetRulePriorities / DeleteRule', () => {
  it('modifies conditions and actions, swaps priorities atomically and deletes', async () => {
    const first = await createRule(1);
    const second = await createRule(2);
    const modified = (await harness.elbv2.send(new ModifyRuleCommand({ RuleArn: first.RuleArn, Conditions: [{ Field: 'path-pattern', Values: ['/images/*'] }] }))).Rules![0]!;
    expect(modified).toEqual({ ...first, Conditions: [{ Field: 'path-pattern', Values: ['/images/*'], PathPatternConfig: { Values: ['/images/*'] } }] });

    const swapped = await harness.elbv2.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: first.RuleArn, Priority: 2 }, { RuleArn: second.RuleArn, Priority: 1 }] }));
    expect(swapped.Rules!.map((rule) => [rule.RuleArn, rule.Priority])).toEqual([[first.RuleArn, '2'], [second.RuleArn, '1']]);
    expect((await rules()).map((rule) => rule.RuleArn)).toEqual([second.RuleArn, first.RuleArn, expect.any(String)]);

    const third = await createRule(3);
    const before = await rules();
    expect(await failure(() => harness.elbv2.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: third.RuleArn, Priority: 1 }] })))).toEqual({
      code: 'PriorityInUse',
      status: 400,
      message: `Priority '1' is currently in use`,
    });
    const defaultRule = before.find((rule) => rule.IsDefault)!;
    expect((await failure(() => harness.elbv2.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: defaultRule.RuleArn, Priority: 9 }] })))).code).toBe('OperationNotPermitted');
    expect((await failure(() => harness.elbv2.send(new DeleteRuleCommand({ RuleArn: defaultRule.RuleArn })))).code).toBe('OperationNotPermitted');
    expect(await rules()).toEqual(before);

    await harness.elbv2.send(new DeleteRuleCommand({ RuleArn: third.RuleArn }));
    expect((await rules()).map((rule) => rule.Priority)).toEqual(['1', '2', 'default']);
    expect(await failure(() => harness.elbv2.send(new DeleteRuleCommand({ RuleArn: third.RuleArn })))).toEqual({ code: 'RuleNotFound', status: 400, message: 'One or more rules not found' });
  });

  it('changes the default rule through ModifyRule actions but not its conditions', async () => {
    const defaultRule = (await rules())[0]!;
    const modified = await harness.elbv2.send(new ModifyRuleCommand({ RuleArn: defaultRule.RuleArn, Actions: [{ Type: 'forward', TargetGroupArn: tg }] }));
    expect(modified.Rules![0]!.Actions![0]).toMatchObject({ Type: 'forward', TargetGroupArn: tg });
    expect((await failure(() => harness.elbv2.send(new ModifyRuleCommand({ RuleArn: defaultRule.RuleArn, Conditions: [{ Field: 'path-pattern', Values: ['/x'] }] })))).code).toBe('OperationNotPermitted');
  });
});
