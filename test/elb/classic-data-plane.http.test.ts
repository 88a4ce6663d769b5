import { connect, createServer, type Server, type Socket } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateAppCookieStickinessPolicyCommand,
  CreateLBCookieStickinessPolicyCommand,
  CreateLoadBalancerCommand,
  CreateLoadBalancerPolicyCommand,
  DeregisterInstancesFromLoadBalancerCommand,
  ModifyLoadBalancerAttributesCommand,
  RegisterInstancesWithLoadBalancerCommand,
  SetLoadBalancerPoliciesForBackendServerCommand,
  SetLoadBalancerPoliciesOfListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import type { IncomingMessage } from 'node:http';
import { defaultVpc } from '../support/default-vpc.js';
import { awselbValue, classicListenerStates, servedBy, setCookieLines, startClassicFixture, startInstanceServers, type ClassicFixture } from '../support/classic-fixture.js';
import type { TargetServer } from '../support/target-servers.js';

// Real HTTP and TCP through classic ELB listeners (issue 6): instances are real servers sharing
// one port on 127.0.0.1 / 127.0.0.2, launched with their `elbow:host` and registered via the SDK.
// Expected cookie lines follow the captured AWSELB format (spec classic-elb.md §3 [G8]).

const AWSELB_LINE = /^AWSELB=([0-9A-F]{144});PATH=\/;MAX-AGE=60$/;

let servers: TargetServer[];
let fixture: ClassicFixture;

beforeAll(async () => {
  servers = await startInstanceServers(2);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});
beforeEach(async () => {
  for (const server of servers) {
    server.behaviour = { kind: 'echo' };
    server.setCookies = () => [];
    server.received.length = 0;
  }
  fixture = await startClassicFixture({ listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP' }], instances: servers });
});
afterEach(async () => {
  await fixture.stop();
});

async function useListenerPolicy(policyName: string, create: 'duration' | 'session' | 'app') {
  const LoadBalancerName = fixture.loadBalancerName;
  if (create === 'app') {
    await fixture.elb.send(new CreateAppCookieStickinessPolicyCommand({ LoadBalancerName, PolicyName: policyName, CookieName: 'my-app-cookie' }));
  } else {
    await fixture.elb.send(
      new CreateLBCookieStickinessPolicyCommand({ LoadBalancerName, PolicyName: policyName, ...(create === 'duration' ? { CookieExpirationPeriod: 60 } : {}) }),
    );
  }
  await fixture.elb.send(new SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName, LoadBalancerPort: 80, PolicyNames: [policyName] }));
}

const deregister = (index: number) =>
  fixture.elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: fixture.loadBalancerName, Instances: [{ InstanceId: fixture.instanceIds[index] }] }));
const register = (index: number) =>
  fixture.elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: fixture.loadBalancerName, Instances: [{ InstanceId: fixture.instanceIds[index] }] }));
const withCookies = (...pairs: string[]) => ({ headers: { cookie: pairs.join('; ') } });

describe('classic HTTP listener', () => {
  it('spreads requests over the registered instances in turn (least outstanding requests, all idle)', async () => {
    const answered: string[] = [];
    for (let index = 0; index < 4; index++) answered.push(servedBy(await fixture.send(80, '/')));
    expect(answered).toEqual(['instance-0', 'instance-1', 'instance-0', 'instance-1']);
  });

  it('appends the client to X-Forwarded-For, sets X-Forwarded-Proto/Port and keeps Host', async () => {
    const response = await fixture.send(80, '/path?q=1', { headers: { host: 'my-loadbalancer.example', 'x-forwarded-for': '203.0.113.9' } });
    const echo = JSON.parse(response.body) as { url: string; headers: Record<string, string> };
    expect(echo.url).toBe('/path?q=1');
    expect(echo.headers).toMatchObject({ host: 'my-loadbalancer.example', 'x-forwarded-for': '203.0.113.9, 127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-port': '80' });
  });

  it('answers 503 with no body when no instance is registered', async () => {
    await deregister(0);
    await deregister(1);
    const response = await fixture.send(80, '/');
    expect([response.status, response.statusMessage, response.headers['content-length'], response.body]).toEqual([
      503,
      'Service Unavailable: Back-end server is at capacity',
      '0',
      '',
    ]);
  });

  it('answers 504 GATEWAY_TIMEOUT when the instance stays silent past the idle timeout (ConnectionSettings)', async () => {
    await fixture.elb.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: fixture.loadBalancerName, LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 1 } } }),
    );
    for (const server of servers) server.behaviour = { kind: 'hang' };
    const response = await fixture.send(80, '/');
    expect([response.status, response.statusMessage, response.headers['content-length'], response.body]).toEqual([504, 'GATEWAY_TIMEOUT', '0', '']);
  });

  it('reports a listener whose port another classic listener holds as failed, and keeps serving the first', async () => {
    const { subnetIds } = await defaultVpc(fixture.elbow);
    await fixture.elb.send(
      new CreateLoadBalancerCommand({ LoadBalancerName: 'second', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], Subnets: [subnetIds[0]!] }),
    );
    const states = await classicListenerStates(fixture.elbow);
    expect(states.find((state) => state.loadBalancerName === 'second')).toMatchObject({ port: 80, boundAddress: null, state: expect.stringMatching(/^failed: EADDRINUSE/) });
    expect((await fixture.send(80, '/')).status).toBe(200);
  });

  it('answers 502 when the instance refuses the connection, and keeps serving', async () => {
    await deregister(1);
    await servers[0]!.close();
    try {
      const response = await fixture.send(80, '/');
      expect([response.status, response.statusMessage, response.body]).toEqual([502, 'Bad Gateway', '']);
    } finally {
      await servers[0]!.reopen();
    }
    expect((await fixture.send(80, '/')).status).toBe(200);
  });
});

describe('--debug-headers on a classic HTTP listener', () => {
  it('names the instance that answered in X-Elbow-Route, and the stickiness decision under a policy', async () => {
    const debug = await startClassicFixture({ listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP' }], instances: servers, name: 'debug-lb', elbow: { debugHeaders: true } });
    try {
      const response = await debug.send(80, '/');
      const index = servers.findIndex((server) => server.name === servedBy(response));
      expect(response.headers['x-elbow-route']).toBe(`target=${debug.instanceIds[index]}:${servers[0]!.port}`);
      const LoadBalancerName = debug.loadBalancerName;
      await debug.elb.send(new CreateLBCookieStickinessPolicyCommand({ LoadBalancerName, PolicyName: 'sticky', CookieExpirationPeriod: 60 }));
      await debug.elb.send(new SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName, LoadBalancerPort: 80, PolicyNames: ['sticky'] }));
      expect((await debug.send(80, '/')).headers['x-elbow-route']).toMatch(/^target=i-[0-9a-f]+:\d+; stickiness=duration:new$/);
    } finally {
      await debug.stop();
    }
  });
});

describe('duration-based stickiness (LBCookieStickinessPolicyType)', () => {
  it('inserts AWSELB and AWSELBCORS in AWS wire format, then sticks without refreshing the expiry', async () => {
    await useListenerPolicy('my-duration-cookie-policy', 'duration');
    const first = await fixture.send(80, '/');
    const [awselb, cors] = setCookieLines(first);
    const value = AWSELB_LINE.exec(awselb ?? '')?.[1];
    expect(value).toBeDefined();
    expect(cors).toBe(`AWSELBCORS=${value};PATH=/;MAX-AGE=60;SECURE;SAMESITE=None`);
    expect(first.headers['cache-control']).toBe('no-cache="set-cookie"');
    const pinned = servedBy(first);
    for (let index = 0; index < 3; index++) {
      const later = await fixture.send(80, '/', withCookies(`AWSELB=${value}`));
      expect(servedBy(later)).toBe(pinned);
      expect(setCookieLines(later)).toEqual([]);
    }
  });

  it('writes a session cookie (no MAX-AGE) when the policy has no expiration period', async () => {
    await useListenerPolicy('my-session-policy', 'session');
    const lines = setCookieLines(await fixture.send(80, '/'));
    expect(lines[0]).toMatch(/^AWSELB=[0-9A-F]{144};PATH=\/$/);
    expect(lines[1]).toMatch(/^AWSELBCORS=[0-9A-F]{144};PATH=\/;SECURE;SAMESITE=None$/);
  });

  it('treats a garbage or forged AWSELB as no cookie: routed and issued a new one', async () => {
    await useListenerPolicy('my-duration-cookie-policy', 'duration');
    for (const forged of ['garbage', 'D3570BC914533D9ACC5FBEA2A258730F699E691A0AC95F4514958C9FF4BF56EAF7767641A593B13DE042F3F65C024717188E5568556FFDF9A4315C07865F178080F8F4D11D', '%00;;']) {
      const response = await fixture.send(80, '/', withCookies(`AWSELB=${forged}`));
      expect(response.status).toBe(200);
      expect(setCookieLines(response)[0]).toMatch(AWSELB_LINE);
    }
  });

  it('fails over to a routable instance when the pinned one is deregistered, with a new cookie', async () => {
    await useListenerPolicy('my-duration-cookie-policy', 'duration');
    const first = await fixture.send(80, '/');
    const pinnedIndex = servedBy(first) === 'instance-0' ? 0 : 1;
    await deregister(pinnedIndex);
    const moved = await fixture.send(80, '/', withCookies(`AWSELB=${awselbValue(first)}`));
    expect(servedBy(moved)).toBe(`instance-${1 - pinnedIndex}`);
    expect(awselbValue(moved)).toMatch(/^[0-9A-F]{144}$/);
  });
});

describe('application-controlled stickiness (AppCookieStickinessPolicyType)', () => {
  /** Each instance sets `my-app-cookie` (with these attributes) when the client has none, or always when `isEveryTime`. */
  let issued = 0;
  function appSetsCookie(attributes: string, isEveryTime = false) {
    for (const server of servers) {
      server.setCookies = (request: IncomingMessage) =>
        isEveryTime || !(request.headers.cookie ?? '').includes('my-app-cookie=') ? [`my-app-cookie=${server.name}-${++issued}${attributes}`] : [];
    }
  }

  it('inserts AWSELB only when the application sets a new app cookie, mirroring its attributes', async () => {
    await useListenerPolicy('my-app-cookie-policy', 'app');
    expect(setCookieLines(await fixture.send(80, '/'))).toEqual([]);
    appSetsCookie('; Path=/my_path; Secure; HttpOnly');
    const first = await fixture.send(80, '/');
    const lines = setCookieLines(first);
    expect(lines[0]).toMatch(/^my-app-cookie=instance-\d-\d+; Path=\/my_path; Secure; HttpOnly$/);
    const value = /^AWSELB=([0-9A-F]{144});PATH=\/my%5Fpath;SECURE;HTTPONLY$/.exec(lines[1] ?? '')?.[1];
    expect(value).toBeDefined();
    expect(lines[2]).toBe(`AWSELBCORS=${value};PATH=/my%5Fpath;HTTPONLY;SECURE;SAMESITE=None`);
    const appCookie = lines[0]!.split(';')[0]!;
    const pinned = servedBy(first);
    for (let index = 0; index < 3; index++) {
      const later = await fixture.send(80, '/', withCookies(appCookie, `AWSELB=${value}`));
      expect(servedBy(later)).toBe(pinned);
      expect(setCookieLines(later)).toEqual([]);
    }
    appSetsCookie('; Path=/my_path', true);
    const renewed = await fixture.send(80, '/', withCookies(appCookie, `AWSELB=${value}`));
    expect(servedBy(renewed)).toBe(pinned);
    expect(setCookieLines(renewed)[1]).toMatch(/^AWSELB=[0-9A-F]{144};PATH=\/my%5Fpath$/);
  });

  it('stops sticking when the client no longer sends the app cookie, though it still sends AWSELB', async () => {
    await useListenerPolicy('my-app-cookie-policy', 'app');
    appSetsCookie('; Path=/');
    const first = await fixture.send(80, '/');
    const awselb = `AWSELB=${awselbValue(first)}`;
    // Routed as new: least outstanding requests over idle instances takes each in turn.
    const servedWithoutAppCookie = new Set<string | undefined>();
    for (let index = 0; index < 2; index++) servedWithoutAppCookie.add(servedBy(await fixture.send(80, '/', withCookies(awselb))));
    expect(servedWithoutAppCookie).toEqual(new Set(['instance-0', 'instance-1']));
  });

  it('ignores an app cookie whose Set-Cookie ends with a semicolon', async () => {
    await useListenerPolicy('my-app-cookie-policy', 'app');
    appSetsCookie('; Path=/;');
    const lines = setCookieLines(await fixture.send(80, '/'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^my-app-cookie=.*;$/);
  });

  it('moves to a healthy instance when the pinned one leaves and stays there when it returns', async () => {
    await useListenerPolicy('my-app-cookie-policy', 'app');
    appSetsCookie('; Path=/');
    const first = await fixture.send(80, '/');
    const appCookie = setCookieLines(first)[0]!.split(';')[0]!;
    const pinnedIndex = servedBy(first) === 'instance-0' ? 0 : 1;
    await deregister(pinnedIndex);
    const moved = await fixture.send(80, '/', withCookies(appCookie, `AWSELB=${awselbValue(first)}`));
    expect(servedBy(moved)).toBe(`instance-${1 - pinnedIndex}`);
    const newValue = awselbValue(moved);
    expect(newValue).toMatch(/^[0-9A-F]{144}$/);
    await register(pinnedIndex);
    for (let index = 0; index < 3; index++) {
      const later = await fixture.send(80, '/', withCookies(appCookie, `AWSELB=${newValue}`));
      expect(servedBy(later)).toBe(`instance-${1 - pinnedIndex}`);
    }
  });
});

/** A raw TCP server that records what it receives and answers `pong` to each chunk. */
async function startTcpInstance(host: string, port: number): Promise<{ server: Server; port: number; received: Buffer[]; close(): Promise<void> }> {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (chunk.toString('latin1').endsWith('ping')) socket.write('pong');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  return {
    server,
    port: bound,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Connects to 127.0.0.1:port, sends `ping`, resolves with the first answer. */
function pingOver(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('ping'));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString('latin1'));
    });
    socket.once('error', reject);
  });
}

describe('classic TCP listener', () => {
  it('relays bytes both ways, with the proxy protocol v1 line first when the back-end policy asks for it', async () => {
    const instance = await startTcpInstance('127.0.0.1', 0);
    const tcp = await startClassicFixture({ listeners: [{ Protocol: 'TCP', LoadBalancerPort: 25, InstanceProtocol: 'TCP' }], instances: [{ host: '127.0.0.1', port: instance.port }] });
    try {
      expect(await pingOver(tcp.portOf(25))).toBe('pong');
      expect(Buffer.concat(instance.received).toString('latin1')).toBe('ping');
      instance.received.length = 0;
      const LoadBalancerName = tcp.loadBalancerName;
      await tcp.elb.send(
        new CreateLoadBalancerPolicyCommand({
          LoadBalancerName,
          PolicyName: 'EnableProxyProtocol',
          PolicyTypeName: 'ProxyProtocolPolicyType',
          PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }],
        }),
      );
      await tcp.elb.send(new SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName, InstancePort: instance.port, PolicyNames: ['EnableProxyProtocol'] }));
      expect(await pingOver(tcp.portOf(25))).toBe('pong');
      expect(Buffer.concat(instance.received).toString('latin1')).toMatch(/^PROXY TCP4 127\.0\.0\.1 127\.0\.0\.1 \d+ 25\r\nping$/);
    } finally {
      await tcp.stop();
      await instance.close();
    }
  });
});

describe('classic SSL listener', () => {
  it('terminates TLS with the load balancer certificate and relays plain bytes to a TCP instance', async () => {
    const instance = await startTcpInstance('127.0.0.1', 0);
    const ssl = await startClassicFixture({
      listeners: [{ Protocol: 'SSL', LoadBalancerPort: 465, InstanceProtocol: 'TCP', SSLCertificateId: 'arn:aws:iam::123456789012:server-certificate/my-server-cert' }],
      instances: [{ host: '127.0.0.1', port: instance.port }],
    });
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: ssl.portOf(465), rejectUnauthorized: false }, () => socket.write('ping'));
        socket.once('data', (chunk: Buffer) => {
          socket.destroy();
          resolve(chunk.toString('latin1'));
        });
        socket.once('error', reject);
      });
      expect(answer).toBe('pong');
      expect(Buffer.concat(instance.received).toString('latin1')).toBe('ping');
    } finally {
      await ssl.stop();
      await instance.close();
    }
  });
});

describe('deregistration', () => {
  it('closes the open TCP connections of an instance that leaves the load balancer', async () => {
    const instance = await startTcpInstance('127.0.0.1', 0);
    const tcp = await startClassicFixture({ listeners: [{ Protocol: 'TCP', LoadBalancerPort: 25, InstanceProtocol: 'TCP' }], instances: [{ host: '127.0.0.1', port: instance.port }] });
    try {
      const socket = connect(tcp.portOf(25), '127.0.0.1');
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => socket.destroy());
      const answered = new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
      socket.write('ping');
      expect(await answered).toBe('pong');
      await tcp.elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: tcp.loadBalancerName, Instances: [{ InstanceId: tcp.instanceIds[0] }] }));
      await closed;
      expect(socket.destroyed).toBe(true);
    } finally {
      await tcp.stop();
      await instance.close();
    }
  });
});

describe('connection draining', () => {
  it('closes an idle TCP connection of a deregistered instance when ConnectionDraining.Timeout ends, with no request or API call after', async () => {
    const instance = await startTcpInstance('127.0.0.1', 0);
    // 1 s of draining on a clock 20 times faster than real time.
    const tcp = await startClassicFixture({
      listeners: [{ Protocol: 'TCP', LoadBalancerPort: 25, InstanceProtocol: 'TCP' }],
      instances: [{ host: '127.0.0.1', port: instance.port }],
      elbow: { clockSpeed: 20 },
    });
    try {
      await tcp.elb.send(
        new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: tcp.loadBalancerName, LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 1 } } }),
      );
      const socket = connect(tcp.portOf(25), '127.0.0.1');
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => socket.destroy());
      const answered = new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
      socket.write('ping');
      expect(await answered).toBe('pong');
      await tcp.elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: tcp.loadBalancerName, Instances: [{ InstanceId: tcp.instanceIds[0] }] }));
      // Draining keeps the connection open; only the deadline timer can close it now.
      expect(socket.destroyed).toBe(false);
      await closed;
      expect(socket.destroyed).toBe(true);
    } finally {
      await tcp.stop();
      await instance.close();
    }
  });
});

describe('classic HTTPS listener', () => {
  it('terminates TLS with the load balancer certificate and forwards plain HTTP with X-Forwarded-Proto https', async () => {
    await fixture.stop();
    fixture = await startClassicFixture({
      listeners: [{ Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', SSLCertificateId: 'arn:aws:iam::123456789012:server-certificate/my-server-cert' }],
      instances: servers,
    });
    const body = await new Promise<string>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', port: fixture.portOf(443), path: '/secure', rejectUnauthorized: false, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      request.on('error', reject);
      request.end();
    });
    const echo = JSON.parse(body) as { url: string; headers: Record<string, string> };
    expect(echo.url).toBe('/secure');
    expect(echo.headers).toMatchObject({ 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' });
  });
});
