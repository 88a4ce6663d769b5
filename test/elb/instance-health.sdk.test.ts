import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand,
  DeregisterInstancesFromLoadBalancerCommand,
  DescribeInstanceHealthCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingClient,
  ModifyLoadBalancerAttributesCommand,
  RegisterInstancesWithLoadBalancerCommand,
  waitUntilInstanceDeregistered,
  type HealthCheck,
} from '@aws-sdk/client-elastic-load-balancing';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc, ec2ClientFor } from '../support/default-vpc.js';

// Expected values: classic-elb.md §2 (HealthCheck ranges [M2], DescribeInstanceHealth texts
// [M2][C1]); connection draining: "while in-flight requests are being served, the load balancer
// reports the state of a de-registering instance as InService: Instance deregistration currently
// in progress" and afterwards "OutOfService: Instance is not currently registered with the
// LoadBalancer" (classic-elb.md [D6] config-conn-drain). Messages elbow words itself are listed in
// packages/elb/UNVERIFIED.md. `--clock-speed 20`: a 2-second drain is 100 ms of real time.
const CLOCK_SPEED = 20;
const NAME = 'my-loadbalancer';

let harness: ElbowUnderTest;
let elb: ElasticLoadBalancingClient;
let subnetIds: string[];

beforeEach(async () => {
  harness = await startElbowUnderTest({ clockSpeed: CLOCK_SPEED });
  elb = new ElasticLoadBalancingClient({ endpoint: harness.elbow.endpoint, region: harness.elbow.region, credentials: harness.elbow.credentials, maxAttempts: 1 });
  ({ subnetIds } = await defaultVpc(harness.elbow));
  await elb.send(
    new CreateLoadBalancerCommand({
      LoadBalancerName: NAME,
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
      Subnets: [subnetIds[0]!],
    }),
  );
});
afterEach(async () => {
  elb.destroy();
  await harness.stop();
});

async function launch(count: number): Promise<string[]> {
  const ec2 = ec2ClientFor(harness.elbow);
  try {
    const { Instances } = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12345678',
        MinCount: count,
        MaxCount: count,
        SubnetId: subnetIds[0],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'elbow:host', Value: '127.0.0.1' }] }],
      }),
    );
    return Instances!.map((instance) => instance.InstanceId!);
  } finally {
    ec2.destroy();
  }
}

async function healthOf(instanceIds?: string[]) {
  const { InstanceStates } = await elb.send(
    new DescribeInstanceHealthCommand({ LoadBalancerName: NAME, ...(instanceIds === undefined ? {} : { Instances: instanceIds.map((InstanceId) => ({ InstanceId })) }) }),
  );
  return InstanceStates ?? [];
}

async function postOverride(body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${harness.elbow.endpoint}/_elbow/instances/health`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('ConfigureHealthCheck refuses what AWS refuses', () => {
  const valid: HealthCheck = { Target: 'HTTP:8080/ping', Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3 };

  async function expectRefused(changes: Partial<HealthCheck>, message: string) {
    const before = (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [NAME] }))).LoadBalancerDescriptions?.[0]?.HealthCheck;
    await expect(elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: NAME, HealthCheck: { ...valid, ...changes } }))).rejects.toMatchObject({
      Code: 'ValidationError',
      message,
      $metadata: { httpStatusCode: 400 },
    });
    const after = (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [NAME] }))).LoadBalancerDescriptions?.[0]?.HealthCheck;
    expect(after).toEqual(before);
  }

  it('refuses malformed targets: unknown protocol, HTTP without a path, TCP with one, ports out of 1–65535, over 1024 characters', async () => {
    await expectRefused({ Target: 'FOO:1' }, 'HealthCheck Target must begin with one of HTTP, TCP, HTTPS, SSL');
    await expectRefused({ Target: 'HTTP:80' }, 'HealthCheck HTTP Target must specify a port followed by a path that begins with a slash. e.g. HTTP:80/ping/this/path');
    await expectRefused({ Target: 'TCP:22/ping' }, 'HealthCheck TCP Target must specify a port number only. e.g. TCP:5000');
    await expectRefused({ Target: 'TCP:0' }, 'HealthCheck Target port must be between 1 and 65535: TCP:0');
    await expectRefused({ Target: 'HTTP:65536/' }, 'HealthCheck Target port must be between 1 and 65535: HTTP:65536/');
    await expectRefused({ Target: `HTTP:80/${'a'.repeat(1017)}` }, 'HealthCheck Target must not be longer than 1024 characters');
  });

  it('refuses thresholds, interval and timeout outside the model’s ranges, and a timeout not below the interval', async () => {
    await expectRefused(
      { UnhealthyThreshold: 1 },
      "1 validation error detected: Value '1' at 'healthCheck.unhealthyThreshold' failed to satisfy constraint: Member must have value greater than or equal to 2",
    );
    await expectRefused(
      { HealthyThreshold: 11 },
      "1 validation error detected: Value '11' at 'healthCheck.healthyThreshold' failed to satisfy constraint: Member must have value less than or equal to 10",
    );
    await expectRefused(
      { Timeout: 1 },
      "1 validation error detected: Value '1' at 'healthCheck.timeout' failed to satisfy constraint: Member must have value greater than or equal to 2",
    );
    await expectRefused({ Interval: 5, Timeout: 5 }, 'HealthCheck Timeout must be less than Interval');
  });

  it('accepts the edges: a 1024-character target, port 65535, thresholds 2 and 10', async () => {
    const edge: HealthCheck = { Target: `HTTP:65535/${'a'.repeat(1013)}`, Interval: 300, Timeout: 60, UnhealthyThreshold: 10, HealthyThreshold: 2 };
    expect(edge.Target).toHaveLength(1024);
    expect((await elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: NAME, HealthCheck: edge }))).HealthCheck).toEqual(edge);
  });
});

describe('connection draining on deregistration', () => {
  it('drops the instance from Instances at once, reports it InService with deregistration in progress, then not registered after the timeout', async () => {
    const [draining, staying] = await launch(2);
    await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: draining }, { InstanceId: staying }] }));
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: NAME, LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 2 } } }),
    );
    const { Instances } = await elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: draining }] }));
    expect(Instances).toEqual([{ InstanceId: staying }]);
    expect((await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [NAME] }))).LoadBalancerDescriptions?.[0]?.Instances).toEqual([{ InstanceId: staying }]);
    expect(await healthOf([draining!])).toEqual([
      { InstanceId: draining, State: 'InService', ReasonCode: 'N/A', Description: 'Instance deregistration currently in progress.' },
    ]);
    // Without Instances only registered instances are described.
    expect((await healthOf()).map((state) => state.InstanceId)).toEqual([staying]);

    // The SDK's own waiter polls until the drain is over (a 2-second timeout is 100 ms here).
    await waitUntilInstanceDeregistered(
      { client: elb, minDelay: 1, maxDelay: 1, maxWaitTime: 30 },
      { LoadBalancerName: NAME, Instances: [{ InstanceId: draining }] },
    );
    expect(await healthOf([draining!])).toEqual([
      { InstanceId: draining, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is not currently registered with the LoadBalancer.' },
    ]);
  });

  it('ends deregistration at once when connection draining is disabled (the API default)', async () => {
    const [instance] = await launch(1);
    await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: instance }] }));
    await elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: instance }] }));
    expect(await healthOf([instance!])).toEqual([
      { InstanceId: instance, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is not currently registered with the LoadBalancer.' },
    ]);
  });

  it('ends a drain when the instance is registered again', async () => {
    const [instance] = await launch(1);
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: NAME, LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 3600 } } }),
    );
    await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: instance }] }));
    await elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: instance }] }));
    expect((await healthOf([instance!]))[0]?.Description).toBe('Instance deregistration currently in progress.');
    await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: instance }] }));
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: NAME, LoadBalancerAttributes: { ConnectionDraining: { Enabled: false } } }),
    );
    await elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: NAME, Instances: [{ InstanceId: instance }] }));
    expect((await healthOf([instance!]))[0]?.Description).toBe('Instance is not currently registered with the LoadBalancer.');
  });
});

describe('POST /_elbow/instances/health', () => {
  it('refuses a body that is not the override shape with 400, and an instance no checks watch with 404', async () => {
    expect(await postOverride('not json')).toEqual({ status: 400, body: { error: 'expected a JSON body' } });
    const shape = {
      error: 'expected {"loadBalancerName": string, "instanceId": string, "state": "InService" | "OutOfService" | "clear", "accountId"?: string, "region"?: string}',
    };
    expect(await postOverride({ loadBalancerName: NAME, instanceId: 'i-1', state: 'healthy' })).toEqual({ status: 400, body: shape });
    expect(await postOverride({ loadBalancerName: NAME, state: 'InService' })).toEqual({ status: 400, body: shape });
    expect(await postOverride({ loadBalancerName: NAME, instanceId: 'i-1', state: 'InService', region: 7 })).toEqual({ status: 400, body: shape });
    expect(await postOverride({ loadBalancerName: 'no-such-lb', instanceId: 'i-0123456789abcdef0', state: 'OutOfService' })).toEqual({
      status: 404,
      body: { error: 'no health-checked instance with that load balancer and id' },
    });
  });
});
