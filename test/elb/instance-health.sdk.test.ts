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
import { startTargetServers, type TargetServer } from '../support/target-servers.js';
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
let servers: TargetServer[] = [];

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
  await Promise.all(servers.splice(0).map((server) => server.close()));
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

/** A check every 5 s (250 ms real), 2 s timeout (100 ms real), 2 failures out, 2 passes back in. */
const fastCheck = (target: string): HealthCheck => ({ Target: target, Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 });

async function configure(target: string) {
  await elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: NAME, HealthCheck: fastCheck(target) }));
}

async function register(instanceIds: string[]) {
  await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: NAME, Instances: instanceIds.map((InstanceId) => ({ InstanceId })) }));
}

/** Polls DescribeInstanceHealth (state, never time) until the instance's description is not `leaving`. */
async function descriptionAfter(instanceId: string, leaving: string) {
  for (;;) {
    const [state] = await healthOf([instanceId]);
    if (state?.Description !== leaving) return state;
  }
}

const REGISTERING = 'Instance registration is still in progress.';
const FAILED = 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.';
const RECOVERING = 'Instance has not passed the configured HealthyThreshold number of health checks consecutively.';

describe('live health checks', () => {
  it('HTTP:port/path: an instance answering 200 is InService when RegisterInstances returns, checked with a GET of the path by ELB-HealthChecker/1.0', async () => {
    servers = await startTargetServers(1);
    const [server] = servers;
    await configure(`HTTP:${server!.port}/healthz`);
    const [instance] = await launch(1);
    await register([instance!]);
    expect(await healthOf()).toEqual([{ InstanceId: instance, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' }]);
    expect(server!.healthChecks[0]).toMatchObject({ method: 'GET', url: '/healthz', headers: { 'user-agent': 'ELB-HealthChecker/1.0' } });
  });

  it('an instance answering 500 stays registering, then is OutOfService after UnhealthyThreshold failures, and InService again after HealthyThreshold passes', async () => {
    servers = await startTargetServers(1);
    const [server] = servers;
    server!.healthCheckStatus = 500;
    await configure(`HTTP:${server!.port}/`);
    const [instance] = await launch(1);
    await register([instance!]);
    expect(await healthOf()).toEqual([{ InstanceId: instance, State: 'OutOfService', ReasonCode: 'ELB', Description: REGISTERING }]);
    expect(await descriptionAfter(instance!, REGISTERING)).toEqual({ InstanceId: instance, State: 'OutOfService', ReasonCode: 'Instance', Description: FAILED });
    server!.healthCheckStatus = 200;
    // One pass is not enough once unhealthy: HealthyThreshold (2) passes in a row are.
    expect(await descriptionAfter(instance!, FAILED)).toEqual({ InstanceId: instance, State: 'OutOfService', ReasonCode: 'Instance', Description: RECOVERING });
    expect(await descriptionAfter(instance!, RECOVERING)).toEqual({ InstanceId: instance, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' });
  });

  it('an instance whose server is gone fails its checks', async () => {
    servers = await startTargetServers(1);
    const [server] = servers;
    await configure(`HTTP:${server!.port}/`);
    const [instance] = await launch(1);
    await register([instance!]);
    expect((await healthOf())[0]?.State).toBe('InService');
    await server!.close();
    expect(await descriptionAfter(instance!, 'N/A')).toEqual({ InstanceId: instance, State: 'OutOfService', ReasonCode: 'Instance', Description: FAILED });
  });

  it('TCP:port: an open port is InService, a closed one OutOfService', async () => {
    servers = await startTargetServers(1);
    const [open] = servers;
    const [instance] = await launch(1);
    await configure(`TCP:${open!.port}`);
    await register([instance!]);
    expect(await healthOf()).toEqual([{ InstanceId: instance, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' }]);
    // A server closed on a port the OS gave it: nothing listens there now.
    const [closed] = await startTargetServers(1);
    await closed!.close();
    await configure(`TCP:${closed!.port}`);
    expect(await descriptionAfter(instance!, 'N/A')).toMatchObject({ State: 'OutOfService', ReasonCode: 'ELB', Description: REGISTERING });
    expect(await descriptionAfter(instance!, REGISTERING)).toEqual({ InstanceId: instance, State: 'OutOfService', ReasonCode: 'Instance', Description: FAILED });
  });

  it('POST /_elbow/instances/health forces a checked instance OutOfService until cleared', async () => {
    servers = await startTargetServers(1);
    await configure(`HTTP:${servers[0]!.port}/`);
    const [instance] = await launch(1);
    await register([instance!]);
    expect((await healthOf())[0]?.State).toBe('InService');
    expect(await postOverride({ loadBalancerName: NAME, instanceId: instance, state: 'OutOfService' })).toEqual({
      status: 200,
      body: { loadBalancerName: NAME, instanceId: instance, state: 'OutOfService' },
    });
    expect(await healthOf()).toEqual([{ InstanceId: instance, State: 'OutOfService', ReasonCode: 'Instance', Description: FAILED }]);
    // Another account's load balancer of the same name is not this one.
    expect((await postOverride({ loadBalancerName: NAME, instanceId: instance, state: 'InService', accountId: '210987654321' })).status).toBe(404);
    await postOverride({ loadBalancerName: NAME, instanceId: instance, state: 'clear' });
    expect(await healthOf()).toEqual([{ InstanceId: instance, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' }]);
  });
});
