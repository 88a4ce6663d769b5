import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { SERVICE_ERROR_EXIT_CODE, aws, hasAwsCli } from '../support/aws-cli.js';
import { defaultVpc } from '../support/default-vpc.js';

// The four commands are copied verbatim from AWS's documentation (issue 6; aws-cli
// `awscli/examples/elb/create-lb-cookie-stickiness-policy.rst`, `set-load-balancer-policies-of-listener.rst`,
// `create-app-cookie-stickiness-policy.rst`, `describe-load-balancers.rst`); the helper adds only
// --endpoint-url. The expected output follows `describe-load-balancers.rst`: the policy in the
// listener's PolicyNames and under Policies, empty lists printed as [].
const DOC_COMMANDS = {
  createDurationPolicy: 'aws elb create-lb-cookie-stickiness-policy --load-balancer-name my-loadbalancer --policy-name my-duration-cookie-policy --cookie-expiration-period 60',
  setListenerPolicies: 'aws elb set-load-balancer-policies-of-listener --load-balancer-name my-loadbalancer --load-balancer-port 443 --policy-names my-duration-cookie-policy',
  createAppPolicy: 'aws elb create-app-cookie-stickiness-policy --load-balancer-name my-loadbalancer --policy-name my-app-cookie-policy --cookie-name my-app-cookie',
  describe: 'aws elb describe-load-balancers --load-balancer-name my-loadbalancer',
};

/** The words of a documented command after `aws` (none of them is quoted). */
function argsOf(command: string): string[] {
  const [program, ...args] = command.split(/\s+/);
  expect(program).toBe('aws');
  return args;
}

describe.skipIf(!hasAwsCli)('classic stickiness policies with the AWS CLI', () => {
  let harness: ElbowUnderTest;
  let instanceIds: string[];

  beforeAll(async () => {
    harness = await startElbowUnderTest();
    const { subnetIds } = await defaultVpc(harness.elbow);
    const created = await aws(harness.elbow, [
      'elb', 'create-load-balancer', '--load-balancer-name', 'my-loadbalancer',
      '--listeners', 'Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80', 'Protocol=HTTP,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=80',
      '--subnets', subnetIds[0]!,
    ]);
    expect(created.stderr).toBe('');
    const launched = await aws(harness.elbow, ['ec2', 'run-instances', '--image-id', 'ami-12345678', '--count', '2', '--subnet-id', subnetIds[0]!]);
    expect(launched.stderr).toBe('');
    instanceIds = (JSON.parse(launched.stdout) as { Instances: { InstanceId: string }[] }).Instances.map((instance) => instance.InstanceId);
    const registered = await aws(harness.elbow, ['elb', 'register-instances-with-load-balancer', '--load-balancer-name', 'my-loadbalancer', '--instances', ...instanceIds]);
    expect(registered.stderr).toBe('');
    expect(JSON.parse(registered.stdout)).toEqual({ Instances: instanceIds.map((InstanceId) => ({ InstanceId })) });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('runs the documented commands and describes the policies under the listener and under Policies', async () => {
    for (const command of [DOC_COMMANDS.createDurationPolicy, DOC_COMMANDS.setListenerPolicies, DOC_COMMANDS.createAppPolicy]) {
      const result = await aws(harness.elbow, argsOf(command));
      expect(result).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    }
    const described = await aws(harness.elbow, argsOf(DOC_COMMANDS.describe));
    expect(described.stderr).toBe('');
    const [description] = (JSON.parse(described.stdout) as { LoadBalancerDescriptions: Record<string, unknown>[] }).LoadBalancerDescriptions;
    expect(description).toMatchObject({
      LoadBalancerName: 'my-loadbalancer',
      ListenerDescriptions: [
        { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }, PolicyNames: [] },
        { Listener: { Protocol: 'HTTP', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 80 }, PolicyNames: ['my-duration-cookie-policy'] },
      ],
      Policies: {
        AppCookieStickinessPolicies: [{ PolicyName: 'my-app-cookie-policy', CookieName: 'my-app-cookie' }],
        LBCookieStickinessPolicies: [{ PolicyName: 'my-duration-cookie-policy', CookieExpirationPeriod: 60 }],
        OtherPolicies: [],
      },
      BackendServerDescriptions: [],
      Instances: instanceIds.map((InstanceId) => ({ InstanceId })),
      HealthCheck: { Target: 'TCP:80', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
      Scheme: 'internet-facing',
    });
    // Every member the aws-cli example prints, and no other.
    expect(Object.keys(description!).sort()).toEqual([
      'AvailabilityZones', 'BackendServerDescriptions', 'CanonicalHostedZoneName', 'CanonicalHostedZoneNameID', 'CreatedTime', 'DNSName',
      'HealthCheck', 'Instances', 'ListenerDescriptions', 'LoadBalancerName', 'Policies', 'Scheme', 'SecurityGroups', 'SourceSecurityGroup',
      'Subnets', 'VPCId',
    ]);
    // The CLI prints CreatedTime as AWS's ISO-8601 timestamp.
    expect(description!.CreatedTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/);
  });

  /** A refused command: the CLI's service-error exit code and AWS's code and message on stderr, state unchanged. */
  async function expectRefused(args: string[], operation: string, code: string, message: string) {
    const before = await aws(harness.elbow, argsOf(DOC_COMMANDS.describe));
    const result = await aws(harness.elbow, args);
    expect(result.exitCode).toBe(SERVICE_ERROR_EXIT_CODE);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(`An error occurred (${code}) when calling the ${operation} operation: ${message}`);
    expect((await aws(harness.elbow, argsOf(DOC_COMMANDS.describe))).stdout).toBe(before.stdout);
  }

  it('answers AWS errors for bad policy input and duplicate listeners', async () => {
    await expectRefused(
      ['elb', 'set-load-balancer-policies-of-listener', '--load-balancer-name', 'my-loadbalancer', '--load-balancer-port', '8080', '--policy-names', 'my-duration-cookie-policy'],
      'SetLoadBalancerPoliciesOfListener',
      'ListenerNotFound',
      'There is no listener on port 8080 for load balancer my-loadbalancer',
    );
    await expectRefused(
      ['elb', 'create-load-balancer-policy', '--load-balancer-name', 'my-loadbalancer', '--policy-name', 'p', '--policy-type-name', 'NoSuchPolicyType'],
      'CreateLoadBalancerPolicy',
      'PolicyTypeNotFound',
      'There is no policy type with name NoSuchPolicyType',
    );
    await expectRefused(
      [
        'elb', 'create-load-balancer-policy', '--load-balancer-name', 'my-loadbalancer', '--policy-name', 'p',
        '--policy-type-name', 'ProxyProtocolPolicyType', '--policy-attributes', 'AttributeName=NoSuchAttribute,AttributeValue=true',
      ],
      'CreateLoadBalancerPolicy',
      'InvalidConfigurationRequest',
      'Attribute NoSuchAttribute is not valid for policy type ProxyProtocolPolicyType',
    );
    await expectRefused(
      ['elb', 'delete-load-balancer-policy', '--load-balancer-name', 'my-loadbalancer', '--policy-name', 'my-duration-cookie-policy'],
      'DeleteLoadBalancerPolicy',
      'InvalidConfigurationRequest',
      'You cannot delete policy [my-duration-cookie-policy] since it is enabled or referred by other enabled policy.',
    );
    await expectRefused(
      ['elb', 'create-load-balancer-listeners', '--load-balancer-name', 'my-loadbalancer', '--listeners', 'Protocol=TCP,LoadBalancerPort=443,InstanceProtocol=TCP,InstancePort=80'],
      'CreateLoadBalancerListeners',
      'DuplicateListener',
      'A listener already exists for my-loadbalancer with LoadBalancerPort 443, but with a different InstancePort, Protocol, or SSLCertificateId',
    );
  });
});
