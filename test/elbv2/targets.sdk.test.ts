import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  waitUntilTargetDeregistered,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc } from '../support/default-vpc.js';

// Expected values: aws-cli v1.45.11 `awscli/examples/elbv2/describe-target-health.rst` (states,
// reasons, descriptions, the Lambda target shape), current captured outputs for the
// AdministrativeOverride block, and the AWS error texts cited in
// packages/elbv2/src/target-registration-rules.ts.
const NOT_IN_USE = { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' };
const NOT_REGISTERED = { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' };
const NO_OVERRIDE = { State: 'no_override', Reason: 'AdministrativeOverride.NoOverride', Description: 'No override is currently active on target' };
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';

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

async function createGroup(name: string, input: Partial<ConstructorParameters<typeof CreateTargetGroupCommand>[0]> = {}): Promise<string> {
  const isLambda = input.TargetType === 'lambda';
  const base = isLambda ? {} : { Protocol: 'HTTP' as const, Port: 80, VpcId: vpcId };
  const { TargetGroups } = await harness.elbv2.send(new CreateTargetGroupCommand({ Name: name, ...base, ...input }));
  return TargetGroups![0]!.TargetGroupArn!;
}

async function healthOf(arn: string, targets?: TargetDescription[]) {
  return (await harness.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn, Targets: targets }))).TargetHealthDescriptions;
}

async function expectRefused(arn: string, send: () => Promise<unknown>, name: string, message: string) {
  const before = await healthOf(arn);
  await expect(send()).rejects.toMatchObject({ name, message, $metadata: { httpStatusCode: 400 } });
  expect(await healthOf(arn)).toEqual(before);
}

describe('RegisterTargets and DescribeTargetHealth through the SDK v3', () => {
  it('registers ip targets outside the VPC with zone all, on the group port or another, and reports them unused until a load balancer uses the group', async () => {
    const arn = await createGroup('local-ips', { TargetType: 'ip' });
    await harness.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: arn,
        Targets: [{ Id: '127.0.0.1', AvailabilityZone: 'all' }, { Id: '127.0.0.1', Port: 8080, AvailabilityZone: 'all' }],
      }),
    );
    expect(await healthOf(arn)).toEqual([
      { Target: { Id: '127.0.0.1', Port: 80, AvailabilityZone: 'all' }, HealthCheckPort: '80', TargetHealth: NOT_IN_USE, AdministrativeOverride: NO_OVERRIDE },
      { Target: { Id: '127.0.0.1', Port: 8080, AvailabilityZone: 'all' }, HealthCheckPort: '8080', TargetHealth: NOT_IN_USE, AdministrativeOverride: NO_OVERRIDE },
    ]);
  });

  it('is idempotent for an id and port already registered', async () => {
    const arn = await createGroup('local-ips', { TargetType: 'ip' });
    const register = () => harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.0.5', AvailabilityZone: 'all' }] }));
    await register();
    await register();
    expect(await healthOf(arn)).toHaveLength(1);
  });

  it('describes the targets asked for, an unregistered one as unused / Target.NotRegistered', async () => {
    const arn = await createGroup('local-ips', { TargetType: 'ip' });
    await harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.0.5', AvailabilityZone: 'all' }] }));
    expect(await healthOf(arn, [{ Id: '10.0.0.6' }, { Id: '10.0.0.5' }])).toEqual([
      { Target: { Id: '10.0.0.6', Port: 80 }, HealthCheckPort: '80', TargetHealth: NOT_REGISTERED, AdministrativeOverride: NO_OVERRIDE },
      { Target: { Id: '10.0.0.5', Port: 80, AvailabilityZone: 'all' }, HealthCheckPort: '80', TargetHealth: NOT_IN_USE, AdministrativeOverride: NO_OVERRIDE },
    ]);
  });

  it('registers one Lambda function, with no port, and refuses a second', async () => {
    const arn = await createGroup('my-function', { TargetType: 'lambda' });
    await harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: LAMBDA }] }));
    expect(await healthOf(arn)).toEqual([{ Target: { Id: LAMBDA, AvailabilityZone: 'all' }, TargetHealth: NOT_IN_USE, AdministrativeOverride: NO_OVERRIDE }]);
    await expectRefused(
      arn,
      () => harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: `${LAMBDA}-2` }] })),
      'TooManyTargetsException',
      'You cannot have more than 1 targets per target group',
    );
  });

  it.each<[string, TargetDescription[], string, string]>([
    ['an instance id that is not one', [{ Id: '10.19.173.98' }], 'ValidationError', `Instance ID '10.19.173.98' is not valid`],
    ['an unknown instance', [{ Id: 'i-0123456789abcdef0' }], 'InvalidTargetException', `The following targets are not valid instances: 'i-0123456789abcdef0'`],
  ])('refuses %s on an instance group and registers nothing', async (_, targets, name, message) => {
    const arn = await createGroup('instances');
    await expectRefused(arn, () => harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: targets })), name, message);
  });

  it.each<[string, TargetDescription[], string, string]>([
    ['an address outside the VPC without a zone', [{ Id: '10.4.40.87' }], 'ValidationError', `The Availability Zone is required for IP address '10.4.40.87' because it is not in the VPC`],
    ['an unknown zone', [{ Id: '10.4.40.87', AvailabilityZone: 'mars-1a' }], 'ValidationError', `You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '10.4.40.87' is outside the VPC`],
    ['a public address', [{ Id: '8.8.8.8', AvailabilityZone: 'all' }], 'InvalidTargetException', `The following targets are not in a valid IP address range: '8.8.8.8'`],
    ['a valid target with a bad one', [{ Id: '10.0.0.5', AvailabilityZone: 'all' }, { Id: '10.0.0.6' }], 'ValidationError', `The Availability Zone is required for IP address '10.0.0.6' because it is not in the VPC`],
  ])('refuses %s on an ip group and registers nothing', async (_, targets, name, message) => {
    const arn = await createGroup('local-ips', { TargetType: 'ip' });
    await expectRefused(arn, () => harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: targets })), name, message);
  });

  it('refuses a port out of range with the model constraint', async () => {
    const arn = await createGroup('local-ips', { TargetType: 'ip' });
    await expectRefused(
      arn,
      () => harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.0.5', Port: 70000, AvailabilityZone: 'all' }] })),
      'ValidationError',
      `1 validation error detected: Value '70000' at 'targets.1.member.port' failed to satisfy constraint: Member must have value less than or equal to 65535`,
    );
  });

  it('answers TargetGroupNotFound for an unknown group and a ValidationError for an ARN of another region', async () => {
    const ghost = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ghost/00000000000000ff';
    const other = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/ghost/00000000000000ff';
    for (const send of [
      () => harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: ghost, Targets: [{ Id: '10.0.0.5' }] })),
      () => harness.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: ghost, Targets: [{ Id: '10.0.0.5' }] })),
      () => harness.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: ghost })),
    ]) {
      await expect(send()).rejects.toMatchObject({ name: 'TargetGroupNotFoundException', message: 'One or more target groups not found', $metadata: { httpStatusCode: 400 } });
    }
    await expect(harness.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: other }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: `'${other}' is not a valid target group ARN`,
    });
  });
});

describe('DeregisterTargets through the SDK v3', () => {
  it('removes the id and port named (the group port by default), ignores unknown targets, and the TargetDeregistered waiter completes', async () => {
    const arn = await createGroup('local-ips', { TargetType: 'ip' });
    await harness.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: arn,
        Targets: [{ Id: '10.0.0.5', AvailabilityZone: 'all' }, { Id: '10.0.0.5', Port: 766, AvailabilityZone: 'all' }],
      }),
    );
    await harness.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.0.5' }, { Id: '10.9.9.9' }] }));
    expect((await healthOf(arn))?.map((description) => description.Target)).toEqual([{ Id: '10.0.0.5', Port: 766, AvailabilityZone: 'all' }]);

    await harness.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.0.5', Port: 766 }] }));
    const result = await waitUntilTargetDeregistered(
      { client: harness.elbv2, maxWaitTime: 10, minDelay: 1 },
      { TargetGroupArn: arn, Targets: [{ Id: '10.0.0.5', Port: 766 }] },
    );
    expect(result.state).toBe('SUCCESS');
    expect(await healthOf(arn)).toEqual([]);
  });

  it('drops the registrations with the group', async () => {
    const arn = await createGroup('local-ips', { TargetType: 'ip' });
    await harness.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.0.5', AvailabilityZone: 'all' }] }));
    await harness.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
    const again = await createGroup('local-ips', { TargetType: 'ip' });
    expect(await healthOf(again)).toEqual([]);
  });
});
