import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, hasAwsCli } from '../support/aws-cli.js';
import { sendHttp } from '../support/alb-fixture.js';
import { awselbValue, classicListenerStates, servedBy, setCookieLines, startInstanceServers } from '../support/classic-fixture.js';
import { defaultVpc } from '../support/default-vpc.js';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import type { TargetServer } from '../support/target-servers.js';

// Issue 6 "must show": the stickiness commands from AWS's documentation run verbatim (aws-cli
// `awscli/examples/elb/create-lb-cookie-stickiness-policy.rst`, `set-load-balancer-policies-of-listener.rst`,
// `create-app-cookie-stickiness-policy.rst`, `describe-load-balancers.rst`; the helper adds only
// --endpoint-url) against a load balancer with HTTP listeners on 80 and 443 and two registered
// instances, and real HTTP through those listeners then sticks as the policies say.
const DOC_COMMANDS = [
  'aws elb create-lb-cookie-stickiness-policy --load-balancer-name my-loadbalancer --policy-name my-duration-cookie-policy --cookie-expiration-period 60',
  'aws elb set-load-balancer-policies-of-listener --load-balancer-name my-loadbalancer --load-balancer-port 443 --policy-names my-duration-cookie-policy',
  'aws elb create-app-cookie-stickiness-policy --load-balancer-name my-loadbalancer --policy-name my-app-cookie-policy --cookie-name my-app-cookie',
];
const DESCRIBE_COMMAND = 'aws elb describe-load-balancers --load-balancer-name my-loadbalancer';

/** The words of a documented command after `aws` (none of them is quoted). */
function argsOf(command: string): string[] {
  const [program, ...args] = command.split(/\s+/);
  expect(program).toBe('aws');
  return args;
}

describe.skipIf(!hasAwsCli)('classic stickiness through the AWS CLI and real HTTP', () => {
  let harness: ElbowUnderTest;
  let servers: TargetServer[];
  let instanceIds: string[];
  const ports = new Map<number, number>();

  /** elbow with my-loadbalancer (HTTP 80 and 443 → the instances' port) whose listeners are bound; another offset while a port is taken. */
  async function startWithBoundListeners(instancePort: number): Promise<ElbowUnderTest> {
    for (let attempt = 0; ; attempt++) {
      const started = await startElbowUnderTest({ listenerPortOffset: randomInt(20_000, 40_000) });
      const { subnetIds } = await defaultVpc(started.elbow);
      const created = await aws(started.elbow, [
        'elb', 'create-load-balancer', '--load-balancer-name', 'my-loadbalancer',
        '--listeners', `Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=${instancePort}`, `Protocol=HTTP,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=${instancePort}`,
        '--subnets', subnetIds[0]!,
      ]);
      expect(created.stderr).toBe('');
      const states = await classicListenerStates(started.elbow);
      if (states.every((state) => state.state === 'bound') || attempt >= 5) {
        expect(states.map((state) => state.state)).toEqual(['bound', 'bound']);
        for (const state of states) ports.set(state.port, Number(state.boundAddress?.split(':').pop()));
        return started;
      }
      await started.stop();
    }
  }

  beforeAll(async () => {
    servers = await startInstanceServers(2);
    harness = await startWithBoundListeners(servers[0]!.port);
    const { subnetIds } = await defaultVpc(harness.elbow);
    instanceIds = [];
    for (const server of servers) {
      const launched = await aws(harness.elbow, [
        'ec2', 'run-instances', '--image-id', 'ami-12345678', '--count', '1', '--subnet-id', subnetIds[0]!,
        '--tag-specifications', `ResourceType=instance,Tags=[{Key=elbow:host,Value=${server.host}}]`,
      ]);
      expect(launched.stderr).toBe('');
      instanceIds.push((JSON.parse(launched.stdout) as { Instances: { InstanceId: string }[] }).Instances[0]!.InstanceId);
    }
    // The API's default check (TCP:80) would find nothing listening: check the instances' port.
    const configured = await aws(harness.elbow, [
      'elb', 'configure-health-check', '--load-balancer-name', 'my-loadbalancer',
      '--health-check', `Target=TCP:${servers[0]!.port},Interval=5,Timeout=2,UnhealthyThreshold=2,HealthyThreshold=2`,
    ]);
    expect(configured.stderr).toBe('');
    const registered = await aws(harness.elbow, ['elb', 'register-instances-with-load-balancer', '--load-balancer-name', 'my-loadbalancer', '--instances', ...instanceIds]);
    expect(registered.stderr).toBe('');
    for (const command of DOC_COMMANDS) expect(await aws(harness.elbow, argsOf(command))).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });
  afterAll(async () => {
    await harness?.stop();
    await Promise.all((servers ?? []).map((server) => server.close()));
  });

  it('describes the policy under the listener PolicyNames and under Policies as AWS prints it', async () => {
    const described = await aws(harness.elbow, argsOf(DESCRIBE_COMMAND));
    expect(described.stderr).toBe('');
    const [description] = (JSON.parse(described.stdout) as { LoadBalancerDescriptions: Record<string, unknown>[] }).LoadBalancerDescriptions;
    expect(description).toMatchObject({
      ListenerDescriptions: [
        { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: servers[0]!.port }, PolicyNames: [] },
        { Listener: { Protocol: 'HTTP', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: servers[0]!.port }, PolicyNames: ['my-duration-cookie-policy'] },
      ],
      Policies: {
        AppCookieStickinessPolicies: [{ PolicyName: 'my-app-cookie-policy', CookieName: 'my-app-cookie' }],
        LBCookieStickinessPolicies: [{ PolicyName: 'my-duration-cookie-policy', CookieExpirationPeriod: 60 }],
        OtherPolicies: [],
      },
      Instances: instanceIds.map((InstanceId) => ({ InstanceId })),
    });
  });

  it('sticks HTTP on port 443 with the duration cookie: AWSELB;PATH=/;MAX-AGE=60, not refreshed', async () => {
    const first = await sendHttp(ports.get(443)!, '/');
    const value = awselbValue(first);
    expect(setCookieLines(first)).toEqual([`AWSELB=${value};PATH=/;MAX-AGE=60`, `AWSELBCORS=${value};PATH=/;MAX-AGE=60;SECURE;SAMESITE=None`]);
    for (let index = 0; index < 3; index++) {
      const later = await sendHttp(ports.get(443)!, '/', { headers: { cookie: `AWSELB=${value}` } });
      expect(servedBy(later)).toBe(servedBy(first));
      expect(setCookieLines(later)).toEqual([]);
    }
    // Port 80 has no stickiness policy: no cookie, requests spread.
    const plain = await sendHttp(ports.get(80)!, '/');
    expect(setCookieLines(plain)).toEqual([]);
  });

  it('sticks HTTP on port 80 to the app cookie once the app cookie policy is set on it', async () => {
    const set = await aws(harness.elbow, ['elb', 'set-load-balancer-policies-of-listener', '--load-balancer-name', 'my-loadbalancer', '--load-balancer-port', '80', '--policy-names', 'my-app-cookie-policy']);
    expect(set.stderr).toBe('');
    for (const server of servers) server.setCookies = () => [`my-app-cookie=${server.name}; Path=/`];
    try {
      const first = await sendHttp(ports.get(80)!, '/');
      const value = awselbValue(first);
      expect(setCookieLines(first)).toEqual([`my-app-cookie=${servedBy(first)}; Path=/`, `AWSELB=${value};PATH=/`, `AWSELBCORS=${value};PATH=/;SECURE;SAMESITE=None`]);
      for (let index = 0; index < 3; index++) {
        const later = await sendHttp(ports.get(80)!, '/', { headers: { cookie: `my-app-cookie=${servedBy(first)}; AWSELB=${value}` } });
        expect(servedBy(later)).toBe(servedBy(first));
        expect(setCookieLines(later)).toEqual([`my-app-cookie=${servedBy(first)}; Path=/`]);
      }
    } finally {
      for (const server of servers) server.setCookies = () => [];
    }
  });
});
