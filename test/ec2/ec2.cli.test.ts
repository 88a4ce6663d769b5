import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { SERVICE_ERROR_EXIT_CODE, aws, hasAwsCli } from '../support/aws-cli.js';

// The commands of the issue ("aws ec2 describe-vpcs", "aws ec2 run-instances --image-id
// ami-12345678 --count 1 --tag-specifications ..."), with only --endpoint-url added by the helper.
describe.skipIf(!hasAwsCli)('the EC2 subset with the AWS CLI', () => {
  let harness: ElbowUnderTest;
  beforeAll(async () => {
    harness = await startElbowUnderTest();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('describe-vpcs shows the default VPC', async () => {
    const result = await aws(harness.elbow, ['ec2', 'describe-vpcs']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const { Vpcs } = JSON.parse(result.stdout) as { Vpcs: { VpcId: string; CidrBlock: string; IsDefault: boolean; State: string }[] };
    expect(Vpcs).toEqual([expect.objectContaining({ CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available', VpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/) })]);
  });

  it('run-instances launches one pending instance tagged with its elbow:host, then describe-instances shows it running', async () => {
    const launched = await aws(harness.elbow, [
      'ec2', 'run-instances', '--image-id', 'ami-12345678', '--count', '1',
      '--tag-specifications', 'ResourceType=instance,Tags=[{Key=elbow:host,Value=127.0.0.1}]',
    ]);
    expect(launched.stderr).toBe('');
    expect(launched.exitCode).toBe(0);
    const { Instances } = JSON.parse(launched.stdout) as { Instances: { InstanceId: string; State: { Name: string }; Tags: unknown[] }[] };
    expect(Instances).toHaveLength(1);
    expect(Instances[0]).toMatchObject({ State: { Code: 0, Name: 'pending' }, Tags: [{ Key: 'elbow:host', Value: '127.0.0.1' }] });
    const described = await aws(harness.elbow, ['ec2', 'describe-instances', '--instance-ids', Instances[0]!.InstanceId]);
    const { Reservations } = JSON.parse(described.stdout) as { Reservations: { Instances: { State: { Name: string } }[] }[] };
    expect(Reservations[0]!.Instances[0]!.State.Name).toBe('running');
  });

  it('prints EC2 errors with their code and message', async () => {
    const result = await aws(harness.elbow, ['ec2', 'describe-vpcs', '--vpc-ids', 'vpc-00000000000000001']);
    expect(result.exitCode).toBe(SERVICE_ERROR_EXIT_CODE);
    expect(result.stderr).toContain(
      "An error occurred (InvalidVpcID.NotFound) when calling the DescribeVpcs operation: The vpc ID 'vpc-00000000000000001' does not exist",
    );
  });
});
