import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { randomInt } from 'node:crypto';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  type ElasticLoadBalancingV2Client,
  type TargetGroupAttribute,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ElbowOptions, RunningElbow } from 'elbow';
import { defaultVpc } from './default-vpc.js';
import { startElbowUnderTest } from './elbow-under-test.js';
import type { TargetServer } from './target-servers.js';

/** What `GET /_elbow/listeners` says about one listener. */
export interface ListenerState {
  listenerArn: string;
  loadBalancerArn: string;
  protocol: string;
  port: number;
  boundAddress: string | null;
  state: string;
}

export interface AlbResponse {
  status: number;
  statusMessage: string;
  /** Header fields in wire order, repeats (Set-Cookie) kept. */
  rawHeaders: [string, string][];
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  /** `listener` (default): the listener's own bound port; `gateway`: the gateway port with `Host: <dns-name>:<listener port>`. */
  via?: 'listener' | 'gateway';
}

export interface AlbFixtureOptions {
  /** Registered as ip targets 127.0.0.1:<port> in zone `all`. */
  targets: readonly TargetServer[];
  /** Target stickiness of the group: none (default), `lb_cookie`, or `app_cookie` with `appCookieName`. */
  stickiness?: 'lb_cookie' | 'app_cookie';
  appCookieName?: string;
  /** Extra target-group attributes (e.g. the algorithm). */
  targetGroupAttributes?: TargetGroupAttribute[];
  elbow?: Partial<ElbowOptions>;
}

export interface AlbFixture {
  elbow: RunningElbow;
  elbv2: ElasticLoadBalancingV2Client;
  vpcId: string;
  subnetIds: string[];
  loadBalancerArn: string;
  dnsName: string;
  listenerArn: string;
  targetGroupArn: string;
  /** The listener's own port as created (and, with offset 0, as bound). */
  listenerPort: number;
  /** The port the listener is bound on (127.0.0.1). */
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The emulator's gateway port. */
  gatewayPort: number;
  /** One request through the ALB with node:http (Host can be set, Set-Cookie lines kept apart). */
  send(path: string, options?: SendOptions): Promise<AlbResponse>;
  /** Replaces the group's registered targets with these. */
  useTargets(targets: readonly TargetServer[]): Promise<void>;
  setIdleTimeoutSeconds(seconds: number): Promise<void>;
  createTargetGroup(name: string, targets: readonly TargetServer[], attributes?: TargetGroupAttribute[]): Promise<string>;
  listenerStates(): Promise<ListenerState[]>;
  stop(): Promise<void>;
}

/** Sends one HTTP/1.1 request to 127.0.0.1:port and reads the whole answer. */
export function sendHttp(port: number, path: string, options: Omit<SendOptions, 'via'> = {}): Promise<AlbResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const rawHeaders: [string, string][] = [];
        for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) {
          rawHeaders.push([response.rawHeaders[index] ?? '', response.rawHeaders[index + 1] ?? '']);
        }
        resolve({ status: response.statusCode ?? 0, statusMessage: response.statusMessage ?? '', rawHeaders, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

export async function listenerStates(elbow: RunningElbow): Promise<ListenerState[]> {
  const response = await fetch(`${elbow.endpoint}/_elbow/listeners`);
  return ((await response.json()) as { listeners: ListenerState[] }).listeners;
}

/**
 * An ALB with one HTTP listener forwarding to one ip target group whose targets are the given
 * target servers, all made through the SDK. Listener ports are fixed numbers that may be taken on
 * this machine, so the listener starts on a random high port and moves (ModifyListener) until
 * the emulator reports it bound — the binding itself decides, no port is probed and reused.
 * The emulator also has a gateway port (0: a free one).
 */
export async function startAlbFixture(options: AlbFixtureOptions): Promise<AlbFixture> {
  const { elbow, elbv2, stop } = await startElbowUnderTest({ gatewayPort: 0, ...options.elbow });
  try {
    const { vpcId, subnetIds } = await defaultVpc(elbow);
    const suffix = randomInt(1e6).toString(36);
    const lb = (await elbv2.send(new CreateLoadBalancerCommand({ Name: `alb-${suffix}`, Subnets: subnetIds.slice(0, 2) }))).LoadBalancers?.[0];
    const loadBalancerArn = lb?.LoadBalancerArn ?? '';
    const dnsName = lb?.DNSName ?? '';

    async function registerAll(targetGroupArn: string, targets: readonly TargetServer[]) {
      if (targets.length === 0) return;
      await elbv2.send(
        new RegisterTargetsCommand({
          TargetGroupArn: targetGroupArn,
          Targets: targets.map((target) => ({ Id: target.host, Port: target.port, AvailabilityZone: 'all' })),
        }),
      );
    }

    async function createTargetGroup(name: string, targets: readonly TargetServer[], attributes: TargetGroupAttribute[] = []) {
      const group = (await elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups?.[0];
      const arn = group?.TargetGroupArn ?? '';
      if (attributes.length > 0) await elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: attributes }));
      await registerAll(arn, targets);
      return arn;
    }

    const stickiness: TargetGroupAttribute[] =
      options.stickiness === undefined
        ? []
        : [
            { Key: 'stickiness.enabled', Value: 'true' },
            { Key: 'stickiness.type', Value: options.stickiness },
            ...(options.stickiness === 'app_cookie' ? [{ Key: 'stickiness.app_cookie.cookie_name', Value: options.appCookieName ?? 'APP_SESSION_ID' }] : []),
          ];
    const targetGroupArn = await createTargetGroup(`tg-${suffix}`, options.targets, [...stickiness, ...(options.targetGroupAttributes ?? [])]);

    let listenerPort = randomInt(20000, 60000);
    const listenerArn =
      (await elbv2.send(
        new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: listenerPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }),
      )).Listeners?.[0]?.ListenerArn ?? '';
    let state = (await listenerStates(elbow)).find((listener) => listener.listenerArn === listenerArn);
    for (let attempt = 0; state?.state !== 'bound' && attempt < 20; attempt++) {
      listenerPort = randomInt(20000, 60000);
      await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: listenerPort }));
      state = (await listenerStates(elbow)).find((listener) => listener.listenerArn === listenerArn);
    }
    if (state?.state !== 'bound' || state.boundAddress === null) throw new Error(`listener not bound: ${JSON.stringify(state)}`);
    const port = Number(state.boundAddress.slice(state.boundAddress.lastIndexOf(':') + 1));
    const gatewayPort = elbow.gatewayPort ?? 0;

    return {
      elbow,
      elbv2,
      vpcId,
      subnetIds,
      loadBalancerArn,
      dnsName,
      listenerArn,
      targetGroupArn,
      listenerPort,
      port,
      url: `http://127.0.0.1:${port}`,
      gatewayPort,
      send(path, { via = 'listener', ...rest } = {}) {
        if (via === 'listener') return sendHttp(port, path, rest);
        return sendHttp(gatewayPort, path, { ...rest, headers: { Host: `${dnsName}:${listenerPort}`, ...rest.headers } });
      },
      async useTargets(targets) {
        const health = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
        const registered = (health.TargetHealthDescriptions ?? []).flatMap((description) => (description.Target ? [description.Target] : []));
        if (registered.length > 0) await elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: registered }));
        await registerAll(targetGroupArn, targets);
      },
      async setIdleTimeoutSeconds(seconds) {
        await elbv2.send(
          new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: loadBalancerArn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: String(seconds) }] }),
        );
      },
      createTargetGroup,
      listenerStates: () => listenerStates(elbow),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
