import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { SERVICE_ERROR_EXIT_CODE, aws, hasAwsCli } from '../support/aws-cli.js';
import { defaultVpc } from '../support/default-vpc.js';

// The two commands are copied verbatim from the AWS documentation
// (aws-cli `awscli/examples/elbv2/modify-target-group-attributes.rst` and the ALB user guide,
// "Sticky sessions"), with only --endpoint-url added by the helper.
describe.skipIf(!hasAwsCli)('target group stickiness with the AWS CLI', () => {
  let harness: ElbowUnderTest;
  let targetGroupArn: string;

  beforeAll(async () => {
    harness = await startElbowUnderTest();
    const { vpcId } = await defaultVpc(harness.elbow);
    const created = await aws(harness.elbow, ['elbv2', 'create-target-group', '--name', 'my-targets', '--protocol', 'HTTP', '--port', '80', '--vpc-id', vpcId]);
    expect(created.stderr).toBe('');
    targetGroupArn = JSON.parse(created.stdout).TargetGroups[0].TargetGroupArn;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  function attributesOf(stdout: string): Record<string, string> {
    const parsed = JSON.parse(stdout) as { Attributes: { Key: string; Value: string }[] };
    expect(parsed.Attributes).toHaveLength(14);
    return Object.fromEntries(parsed.Attributes.map(({ Key, Value }) => [Key, Value]));
  }

  it('enables duration-based stickiness and prints the full attribute list', async () => {
    const result = await aws(harness.elbow, [
      'elbv2', 'modify-target-group-attributes', '--target-group-arn', targetGroupArn,
      '--attributes', 'Key=stickiness.enabled,Value=true', 'Key=stickiness.lb_cookie.duration_seconds,Value=86500',
    ]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(attributesOf(result.stdout)).toMatchObject({
      'stickiness.enabled': 'true',
      'stickiness.type': 'lb_cookie',
      'stickiness.lb_cookie.duration_seconds': '86500',
      'deregistration_delay.timeout_seconds': '300',
    });
  });

  it('enables application-based stickiness and prints the full attribute list', async () => {
    const result = await aws(harness.elbow, [
      'elbv2', 'modify-target-group-attributes', '--target-group-arn', targetGroupArn,
      '--attributes', 'Key=stickiness.enabled,Value=true', 'Key=stickiness.type,Value=app_cookie',
      'Key=stickiness.app_cookie.cookie_name,Value=MyCookie', 'Key=stickiness.app_cookie.duration_seconds,Value=86500',
    ]);
    expect(result.stderr).toBe('');
    expect(attributesOf(result.stdout)).toMatchObject({
      'stickiness.enabled': 'true',
      'stickiness.type': 'app_cookie',
      'stickiness.app_cookie.cookie_name': 'MyCookie',
      'stickiness.app_cookie.duration_seconds': '86500',
      // The earlier lb_cookie duration is kept: attributes persist across type changes.
      'stickiness.lb_cookie.duration_seconds': '86500',
    });
  });

  it('describes the same attributes afterwards', async () => {
    const result = await aws(harness.elbow, ['elbv2', 'describe-target-group-attributes', '--target-group-arn', targetGroupArn]);
    expect(attributesOf(result.stdout)).toMatchObject({ 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'MyCookie' });
  });

  it('reports a bad duration as the AWS CLI shows service errors, with its service-error exit code', async () => {
    const result = await aws(harness.elbow, [
      'elbv2', 'modify-target-group-attributes', '--target-group-arn', targetGroupArn,
      '--attributes', 'Key=stickiness.lb_cookie.duration_seconds,Value=604801',
    ]);
    expect(result.exitCode).toBe(SERVICE_ERROR_EXIT_CODE);
    expect(result.stderr).toContain('An error occurred (ValidationError) when calling the ModifyTargetGroupAttributes operation:');
    expect(result.stderr).toContain("'stickiness.lb_cookie.duration_seconds' value '604801' must be between '1-604800' inclusive");
  });
});
