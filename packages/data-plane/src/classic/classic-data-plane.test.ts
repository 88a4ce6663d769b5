import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoadBalancerCertificates } from '../load-balancer-certificates.js';
import { createRequestRecordHub } from '../request-record.js';
import type { ClassicRequestRecord, RequestRecord } from '../request-record.js';
import { createClassicDataPlane } from './classic-data-plane.js';
import type { ClassicDataPlane } from './classic-data-plane.js';
import type { ClassicLoadBalancerRoute, ClassicRoutingConfig, ClassicRoutingConfigSource } from './classic-routing-config.js';
import { classicLoadBalancerRoute, httpListener, instance } from './testing/classic-routes.js';

const keyRing = { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32).fill(1)]]) };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A source whose snapshot the test replaces; each replacement moves the change counter. */
function mutableSource(loadBalancers: ClassicLoadBalancerRoute[]): ClassicRoutingConfigSource & { set(next: ClassicLoadBalancerRoute[]): void } {
  let config: ClassicRoutingConfig = { version: 1, loadBalancers };
  return {
    changeCount: () => config.version,
    read: () => config,
    set(next) {
      config = { version: config.version + 1, loadBalancers: next };
    },
  };
}

async function listening<T extends Server | HttpServer>(server: T): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

async function started(source: ClassicRoutingConfigSource, records = createRequestRecordHub()): Promise<ClassicDataPlane> {
  const dataPlane = createClassicDataPlane({ source, listenerHost: '127.0.0.1', listenerPortOffset: 0, cookieKeyRing: () => keyRing, randomBytes, records });
  cleanups.push(() => dataPlane.close());
  await dataPlane.start();
  return dataPlane;
}

const boundPort = (dataPlane: ClassicDataPlane, name: string) => Number(dataPlane.listeners().find((status) => status.loadBalancerName === name)?.boundAddress?.split(':').pop());

function nextRecord(records: ReturnType<typeof createRequestRecordHub>): Promise<RequestRecord> {
  return new Promise((resolve) => {
    const unsubscribe = records.subscribe((record) => {
      unsubscribe();
      resolve(record);
    });
  });
}

describe('createClassicDataPlane', () => {
  it('proxies HTTP to the instance and publishes one classic record per request', async () => {
    const instancePort = await listening(
      createHttpServer((request, response) => {
        response.writeHead(201, { 'content-type': 'text/plain' });
        response.end('hello');
      }),
    );
    const loadBalancer = classicLoadBalancerRoute({
      name: 'web',
      listeners: [httpListener({ loadBalancerPort: 0, instancePort })],
      instances: [instance('i-1', 'us-east-1a')],
    });
    const records = createRequestRecordHub();
    const dataPlane = await started(mutableSource([loadBalancer]), records);
    expect(dataPlane.listeners()).toEqual([
      { loadBalancerName: 'web', accountId: '123456789012', region: 'us-east-1', protocol: 'HTTP', port: 0, boundAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/), state: 'bound' },
    ]);
    const recorded = nextRecord(records);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: boundPort(dataPlane, 'web'), path: '/a?b', headers: { 'user-agent': 'test/1', cookie: 'AWSELB=XYZ; other=1' }, agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(201);
    const record = (await recorded) as ClassicRequestRecord;
    expect(record).toMatchObject({
      kind: 'classic',
      loadBalancerName: 'web',
      listenerPort: 0,
      protocol: 'HTTP',
      accessLog: undefined,
      target: { id: 'i-1', host: '127.0.0.1', port: instancePort },
      elbStatusCode: 201,
      targetStatusCode: 201,
      sentBytes: 5,
      http: { method: 'GET', url: '/a?b', httpVersion: '1.1', userAgent: 'test/1' },
      tls: undefined,
      stickiness: [],
      sessionCookies: ['AWSELB=XYZ'],
    });
    expect(record.completedAtMs).toBeGreaterThanOrEqual(record.receivedAtMs);
  });

  it('relays a TCP connection and publishes its record when it closes', async () => {
    const instancePort = await listening(createNetServer((socket) => socket.on('data', (chunk: Buffer) => socket.end(chunk))));
    const loadBalancer = classicLoadBalancerRoute({
      name: 'tcp',
      listeners: [httpListener({ loadBalancerPort: 0, protocol: 'TCP', instanceProtocol: 'TCP', instancePort })],
      instances: [instance('i-1', 'us-east-1a')],
    });
    const records = createRequestRecordHub();
    const dataPlane = await started(mutableSource([loadBalancer]), records);
    const recorded = nextRecord(records);
    const echoed = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect(boundPort(dataPlane, 'tcp'), '127.0.0.1', () => socket.write('ping'));
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
      socket.on('error', reject);
    });
    expect(echoed).toBe('ping');
    expect(await recorded).toMatchObject({ kind: 'classic', protocol: 'TCP', receivedBytes: 4, sentBytes: 4, http: undefined, elbStatusCode: undefined, target: { id: 'i-1' } });
  });

  it('publishes the record of a connection still open when it closes before close() resolves (logs flushed at shutdown keep it)', async () => {
    const instancePort = await listening(createNetServer((socket) => socket.on('data', (chunk: Buffer) => socket.write(chunk))));
    const loadBalancer = classicLoadBalancerRoute({
      name: 'open-at-close',
      listeners: [httpListener({ loadBalancerPort: 0, protocol: 'TCP', instanceProtocol: 'TCP', instancePort })],
      instances: [instance('i-1', 'us-east-1a')],
    });
    const records = createRequestRecordHub();
    const published: RequestRecord[] = [];
    records.subscribe((record) => published.push(record));
    const dataPlane = await started(mutableSource([loadBalancer]), records);
    const client = connect(boundPort(dataPlane, 'open-at-close'), '127.0.0.1', () => client.write('ping'));
    client.on('error', () => {});
    cleanups.push(() => void client.destroy());
    await new Promise<void>((resolve) => client.once('data', () => resolve()));
    expect(published).toEqual([]);
    await dataPlane.close();
    expect(published).toMatchObject([{ kind: 'classic', protocol: 'TCP', loadBalancerName: 'open-at-close', receivedBytes: 4, sentBytes: 4 }]);
  });

  it('closes a listener removed from the snapshot, and reports a port it cannot bind without throwing', async () => {
    const taken = createNetServer();
    const takenPort = await listening(taken);
    const source = mutableSource([
      classicLoadBalancerRoute({ name: 'a', listeners: [httpListener({ loadBalancerPort: 0 })] }),
      classicLoadBalancerRoute({ name: 'b', listeners: [httpListener({ loadBalancerPort: takenPort })] }),
    ]);
    const dataPlane = await started(source);
    expect(dataPlane.listeners().map(({ loadBalancerName, state }) => [loadBalancerName, state.replace(/:.*/, '')])).toEqual([
      ['a', 'bound'],
      ['b', 'failed'],
    ]);
    source.set([]);
    await dataPlane.reconcile();
    expect(dataPlane.listeners()).toEqual([]);
  });

  it('sends no new request to a draining instance and lets its in-flight request finish', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrived: string[] = [];
    const instanceServer = (name: string, isSlow: boolean) =>
      createHttpServer((request, response) => {
        arrived.push(name);
        void (isSlow ? released : Promise.resolve()).then(() => response.end(name));
      });
    const slow = instanceServer('i-1', true);
    const instancePort = await listening(slow);
    const other = instanceServer('i-2', false);
    await new Promise<void>((resolve) => other.listen(instancePort, '127.0.0.2', resolve));
    cleanups.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const route = (draining: boolean) =>
      classicLoadBalancerRoute({
        name: 'drain',
        listeners: [httpListener({ loadBalancerPort: 0, instancePort })],
        instances: [instance('i-1', 'us-east-1a', draining ? { drainingUntilMs: Date.now() + 60_000 } : {}), instance('i-2', 'us-east-1a', { host: '127.0.0.2' })],
      });
    const source = mutableSource([route(false)]);
    const dataPlane = await started(source);
    const get = () =>
      new Promise<string>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port: boundPort(dataPlane, 'drain'), path: '/', agent: false }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(Buffer.concat(chunks).toString()));
        });
        request.on('error', reject);
        request.end();
      });
    const inFlight = get();
    await expect.poll(() => arrived).toEqual(['i-1']);
    source.set([route(true)]);
    expect([await get(), await get()]).toEqual(['i-2', 'i-2']);
    release();
    expect(await inFlight).toBe('i-1');
  });

  it('opens TLS to an instance whose InstanceProtocol is HTTPS (its certificate unchecked)', async () => {
    const credentials = await createLoadBalancerCertificates().forLoadBalancer({
      arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1',
      name: 'instance',
      type: 'application',
      dnsName: undefined,
      accountId: '123456789012',
      region: 'us-east-1',
      availabilityZones: [],
      attributes: new Map(),
    });
    const instancePort = await listening(
      createHttpsServer(credentials, (request, response) => response.end(`tls ${request.headers['x-forwarded-proto']} ${request.url}`)),
    );
    const loadBalancer = classicLoadBalancerRoute({
      name: 'to-tls',
      listeners: [httpListener({ loadBalancerPort: 0, instanceProtocol: 'HTTPS', instancePort })],
      instances: [instance('i-1', 'us-east-1a')],
    });
    const dataPlane = await started(mutableSource([loadBalancer]));
    const body = await new Promise<string>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: boundPort(dataPlane, 'to-tls'), path: '/x', agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
      request.on('error', reject);
      request.end();
    });
    expect(body).toBe('tls http /x');
  });
});
