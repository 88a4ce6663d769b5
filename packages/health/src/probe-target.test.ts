import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server as TcpServer, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoadBalancerCertificates } from '@elbow/data-plane';
import { createScaledClock } from './clock.js';
import { parseMatcher } from './parse-matcher.js';
import { CLASSIC_HEALTH_CHECK_USER_AGENT, createHttpProbe, HEALTH_CHECK_USER_AGENT } from './probe-target.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const request = (port: number, httpCode = '200', timeoutMs = 5_000) => ({ protocol: 'HTTP' as const, host: '127.0.0.1', port, path: '/health?x=1', timeoutMs, matches: parseMatcher(httpCode) });

describe('createHttpProbe', () => {
  it('passes on a matching code, sending a GET of the path with the health checker User-Agent', async () => {
    const seen: string[] = [];
    const port = await serve((incoming, response) => {
      seen.push(`${incoming.method} ${incoming.url} ${incoming.headers['user-agent']}`);
      response.end('ok');
    });
    expect(await createHttpProbe(createScaledClock(1))(request(port))).toEqual({ kind: 'pass' });
    expect(seen).toEqual([`GET /health?x=1 ${HEALTH_CHECK_USER_AGENT}`]);
  });

  it('reports a code outside the matcher', async () => {
    const port = await serve((_incoming, response) => {
      response.statusCode = 302;
      response.end();
    });
    expect(await createHttpProbe(createScaledClock(1))(request(port))).toEqual({ kind: 'code-mismatch', statusCode: 302 });
    expect(await createHttpProbe(createScaledClock(1))(request(port, '200,302'))).toEqual({ kind: 'pass' });
  });

  it('reports a refused connection as failed', async () => {
    const port = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await createHttpProbe(createScaledClock(1))(request(port))).toEqual({ kind: 'failed' });
  });

  it('reports a target that never answers as a timeout on the scaled clock', async () => {
    const port = await serve(() => undefined);
    const clock = createScaledClock(1_000);
    expect(await createHttpProbe(clock)(request(port, '200', 5_000))).toEqual({ kind: 'timeout' });
    expect(clock.pendingTimers()).toBe(0);
    servers[0]!.closeAllConnections();
  });
});

describe('createHttpProbe, classic checks', () => {
  const tcpServers: TcpServer[] = [];
  const accepted: Socket[] = [];
  afterEach(async () => {
    for (const socket of accepted.splice(0)) socket.destroy();
    await Promise.all(tcpServers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  function track(socket: Socket) {
    accepted.push(socket);
    socket.on('error', () => undefined);
  }

  /** A plain TCP listener that accepts and then says nothing: enough for a TCP check, not for an SSL one. */
  async function listenTcp(): Promise<number> {
    const server = createTcpServer((socket) => {
      track(socket);
      socket.end();
    });
    tcpServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }
  const layer4 = (protocol: 'TCP' | 'SSL', port: number, timeoutMs = 5_000) => ({ protocol, host: '127.0.0.1', port, path: '', timeoutMs, matches: parseMatcher('200') });

  it('passes a TCP check once the connection opens, and fails it when refused', async () => {
    const port = await listenTcp();
    const clock = createScaledClock(1);
    expect(await createHttpProbe(clock)(layer4('TCP', port))).toEqual({ kind: 'pass' });
    for (const socket of accepted.splice(0)) socket.destroy();
    await new Promise((resolve) => tcpServers.pop()!.close(resolve));
    expect(await createHttpProbe(clock)(layer4('TCP', port))).toEqual({ kind: 'failed' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('passes an SSL check once the TLS handshake completes, whatever the certificate', async () => {
    // A self-signed certificate from the data plane's maker: checks do not verify certificates.
    const credentials = await createLoadBalancerCertificates().forLoadBalancer({
      arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef',
      name: 'web',
      type: 'application',
      dnsName: undefined,
      accountId: '123456789012',
      region: 'us-east-1',
      availabilityZones: [],
      attributes: new Map(),
    });
    const server = createTlsServer(credentials, (socket) => {
      track(socket);
      socket.end();
    });
    tcpServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const clock = createScaledClock(1);
    expect(await createHttpProbe(clock)(layer4('SSL', (server.address() as AddressInfo).port))).toEqual({ kind: 'pass' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fails an SSL check against a port that accepts TCP but never completes a TLS handshake', async () => {
    const port = await listenTcp();
    expect(await createHttpProbe(createScaledClock(1))(layer4('SSL', port))).toEqual({ kind: 'failed' });
  });

  it('times an SSL check out on the scaled clock when the handshake gets no answer', async () => {
    const silent = createTcpServer(track);
    tcpServers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const clock = createScaledClock(1_000);
    const port = (silent.address() as AddressInfo).port;
    expect(await createHttpProbe(clock)(layer4('SSL', port, 5_000))).toEqual({ kind: 'timeout' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('sends the classic User-Agent when asked', async () => {
    const seen: string[] = [];
    const port = await serve((incoming, response) => {
      seen.push(String(incoming.headers['user-agent']));
      response.end();
    });
    expect(await createHttpProbe(createScaledClock(1))({ ...request(port), userAgent: CLASSIC_HEALTH_CHECK_USER_AGENT })).toEqual({ kind: 'pass' });
    expect(seen).toEqual(['ELB-HealthChecker/1.0']);
  });
});
