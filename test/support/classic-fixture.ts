import { randomInt } from 'node:crypto';
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingClient,
  RegisterInstancesWithLoadBalancerCommand,
  ConfigureHealthCheckCommand,
  type Listener,
} from '@aws-sdk/client-elastic-load-balancing';
import { RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { ElbowOptions, RunningElbow } from 'elbow';
import { sendHttp, type AlbResponse, type SendOptions } from './alb-fixture.js';
import { defaultVpc, ec2ClientFor } from './default-vpc.js';
import { startElbowUnderTest } from './elbow-under-test.js';
import { startTargetServer, type TargetServer } from './target-servers.js';

/** What `GET /_elbow/listeners` says about one classic listener. */
export interface ClassicListenerState {
  loadBalancerName: string;
  accountId: string;
  region: string;
  protocol: string;
  port: number;
  boundAddress: string | null;
  state: string;
}

export async function classicListenerStates(elbow: RunningElbow): Promise<ClassicListenerState[]> {
  const response = await fetch(`${elbow.endpoint}/_elbow/listeners`);
  return ((await response.json()) as { classicListeners: ClassicListenerState[] }).classicListeners;
}

/**
 * `count` real HTTP servers standing for classic instances. A classic listener sends every
 * instance to the same InstancePort, so they share one port on different loopback addresses
 * (127.0.0.1, 127.0.0.2, ...; Linux routes all of 127/8 to lo), each instance's `elbow:host`.
 * The first server's port is the OS's choice; when another address has that port taken, all
 * close and start again on a new one (the binding decides; no port is probed and reused).
 */
export async function startInstanceServers(count: number, prefix = 'instance'): Promise<TargetServer[]> {
  for (let attempt = 0; ; attempt++) {
    const first = await startTargetServer(`${prefix}-0`);
    const servers = [first];
    try {
      for (let index = 1; index < count; index++) {
        servers.push(await startTargetServer(`${prefix}-${index}`, { host: `127.0.0.${index + 1}`, port: first.port }));
      }
      return servers;
    } catch (error) {
      await Promise.all(servers.map((server) => server.close()));
      if (attempt >= 5) throw error;
    }
  }
}

export interface ClassicFixtureOptions {
  /** The load balancer's listeners; InstancePort is set to the instance servers' shared port. */
  listeners: Omit<Listener, 'InstancePort'>[];
  /** Where the instances listen: one host each, one shared port. */
  instances: readonly { host: string; port: number }[];
  name?: string;
  elbow?: Partial<ElbowOptions>;
}

export interface ClassicFixture {
  elbow: RunningElbow;
  elb: ElasticLoadBalancingClient;
  ec2: EC2Client;
  loadBalancerName: string;
  /** Instance ids, index-aligned with the instance servers. */
  instanceIds: string[];
  /** The port a listener of the load balancer is bound on (127.0.0.1). */
  portOf(loadBalancerPort: number): number;
  /** One HTTP request through the classic listener `loadBalancerPort`. */
  send(loadBalancerPort: number, path: string, options?: Omit<SendOptions, 'via'>): Promise<AlbResponse>;
  stop(): Promise<void>;
}

/**
 * A classic load balancer in zone `a` with the given listeners and the instance servers launched
 * (RunInstances, `elbow:host` tag) and registered, all through the SDK. Classic listener ports are
 * fixed numbers (80, 443, ...), so elbow starts with a random listener port offset and starts
 * again with another while any listener reports its port taken.
 */
export async function startClassicFixture(options: ClassicFixtureOptions): Promise<ClassicFixture> {
  const instancePort = options.instances[0]?.port ?? 80;
  const loadBalancerName = options.name ?? `classic-${randomInt(1e6).toString(36)}`;
  for (let attempt = 0; ; attempt++) {
    const { elbow, stop } = await startElbowUnderTest({ listenerPortOffset: randomInt(20_000, 40_000), ...options.elbow });
    const elb = new ElasticLoadBalancingClient({ endpoint: elbow.endpoint, region: elbow.region, credentials: elbow.credentials, maxAttempts: 1 });
    const ec2 = ec2ClientFor(elbow);
    const stopAll = async () => {
      elb.destroy();
      ec2.destroy();
      await stop();
    };
    try {
      const { subnetIds } = await defaultVpc(elbow);
      const instanceIds: string[] = [];
      for (const server of options.instances) {
        const { Instances } = await ec2.send(
          new RunInstancesCommand({
            ImageId: 'ami-12345678',
            MinCount: 1,
            MaxCount: 1,
            SubnetId: subnetIds[0],
            TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'elbow:host', Value: server.host }] }],
          }),
        );
        instanceIds.push(Instances?.[0]?.InstanceId ?? '');
      }
      await elb.send(
        new CreateLoadBalancerCommand({
          LoadBalancerName: loadBalancerName,
          Listeners: options.listeners.map((listener) => ({ ...listener, InstancePort: instancePort })),
          Subnets: [subnetIds[0] ?? ''],
        }),
      );
      // The API's default check is TCP:80, where no instance server listens: as on AWS, the
      // instances would stay OutOfService. Check the port they do listen on.
      await elb.send(
        new ConfigureHealthCheckCommand({
          LoadBalancerName: loadBalancerName,
          HealthCheck: { Target: `TCP:${instancePort}`, Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 },
        }),
      );
      if (instanceIds.length > 0) {
        await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: loadBalancerName, Instances: instanceIds.map((InstanceId) => ({ InstanceId })) }));
      }
      const states = await classicListenerStates(elbow);
      if (states.some((state) => state.state !== 'bound')) {
        if (attempt >= 5) throw new Error(`classic listeners not bound: ${JSON.stringify(states)}`);
        await stopAll();
        continue;
      }
      const ports = new Map(states.map((state) => [state.port, Number(state.boundAddress?.split(':').pop())]));
      const portOf = (loadBalancerPort: number) => {
        const port = ports.get(loadBalancerPort);
        if (port === undefined) throw new Error(`no classic listener on ${loadBalancerPort}`);
        return port;
      };
      return {
        elbow,
        elb,
        ec2,
        loadBalancerName,
        instanceIds,
        portOf,
        send: (loadBalancerPort, path, sendOptions) => sendHttp(portOf(loadBalancerPort), path, sendOptions),
        stop: stopAll,
      };
    } catch (error) {
      await stopAll();
      throw error;
    }
  }
}

/** The Set-Cookie lines of a response, in order. */
export function setCookieLines(response: AlbResponse): string[] {
  return response.rawHeaders.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value);
}

/** The AWSELB value a response set, if any. */
export function awselbValue(response: AlbResponse): string | undefined {
  return setCookieLines(response)
    .map((line) => /^AWSELB=([^;]*)/.exec(line)?.[1])
    .find((value) => value !== undefined);
}

/** Which instance server answered (the echo's `target`). */
export function servedBy(response: AlbResponse): string {
  return (JSON.parse(response.body) as { target: string }).target;
}
