import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  ModifyListenerCommand,
  type Action,
  type CreateListenerCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { sendHttp, startAlbFixture, type AlbFixture, type ListenerState } from '../support/alb-fixture.js';
import { openSocket, socketClosed } from '../support/raw-http.js';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/3dcb0a41-bd72-4774-9ad9-756919c40557';

let targets: TargetServer[];
let alb: AlbFixture;

beforeEach(async () => {
  targets = await startTargetServers(1);
  alb = await startAlbFixture({ targets });
});
afterEach(async () => {
  await alb.stop();
  await Promise.all(targets.map((target) => target.close()));
});

const forward = (): Action[] => [{ Type: 'forward', TargetGroupArn: alb.targetGroupArn }];

async function stateOf(listenerArn: string): Promise<ListenerState | undefined> {
  return (await alb.listenerStates()).find((listener) => listener.listenerArn === listenerArn);
}

/** Creates a listener on a random high port, moving it until the emulator reports it bound (no port is probed). */
async function boundListener(input: Omit<CreateListenerCommandInput, 'Port'>): Promise<{ listenerArn: string; port: number }> {
  const { Listeners } = await alb.elbv2.send(new CreateListenerCommand({ ...input, Port: randomInt(20000, 60000) }));
  const listenerArn = Listeners?.[0]?.ListenerArn ?? '';
  let state = await stateOf(listenerArn);
  for (let attempt = 0; state?.state !== 'bound' && attempt < 20; attempt++) {
    await alb.elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: randomInt(20000, 60000) }));
    state = await stateOf(listenerArn);
  }
  const address = state?.boundAddress ?? '';
  return { listenerArn, port: Number(address.slice(address.lastIndexOf(':') + 1)) };
}

describe('listener binding', () => {
  it('binds a listener on its port plus the listener port offset and reports it', async () => {
    const offset = randomInt(20000, 40000);
    const other = await startAlbFixture({ targets, elbow: { listenerPortOffset: offset } });
    try {
      const [state] = await other.listenerStates();
      expect(state).toEqual({
        listenerArn: other.listenerArn,
        loadBalancerArn: other.loadBalancerArn,
        protocol: 'HTTP',
        port: other.listenerPort,
        boundAddress: `127.0.0.1:${other.listenerPort + offset}`,
        state: 'bound',
      });
      expect(other.port).toBe(other.listenerPort + offset);
      const response = await sendHttp(other.port, '/offset');
      expect((JSON.parse(response.body) as TargetEcho).headers['x-forwarded-port']).toBe(String(other.listenerPort));
    } finally {
      await other.stop();
    }
  });

  it('reports a port that cannot be bound as failed while the API call succeeds, and serves the others', async () => {
    const { LoadBalancers } = await alb.elbv2.send(new CreateLoadBalancerCommand({ Name: 'second', Subnets: alb.subnetIds.slice(0, 2) }));
    // The second load balancer asks for the port the first one's listener holds.
    const { Listeners } = await alb.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: LoadBalancers?.[0]?.LoadBalancerArn, Protocol: 'HTTP', Port: alb.listenerPort, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }),
    );
    const state = await stateOf(Listeners?.[0]?.ListenerArn ?? '');
    expect(state?.state).toMatch(/^failed: EADDRINUSE /);
    expect(state?.boundAddress).toBeNull();
    expect((await stateOf(alb.listenerArn))?.state).toBe('bound');
    expect((await alb.send('/still')).status).toBe(200);
  });

  it('closes a deleted listener port and rebinds a listener whose port changed', async () => {
    const { listenerArn, port } = await boundListener({ LoadBalancerArn: alb.loadBalancerArn, Protocol: 'HTTP', DefaultActions: forward() });
    expect((await sendHttp(port, '/')).status).toBe(200);
    let moved = await stateOf(listenerArn);
    while (moved?.boundAddress === `127.0.0.1:${port}` || moved?.state !== 'bound') {
      await alb.elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: randomInt(20000, 60000) }));
      moved = await stateOf(listenerArn);
    }
    const newPort = Number(moved.boundAddress?.split(':')[1]);
    await expect(sendHttp(port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await sendHttp(newPort, '/')).status).toBe(200);
    await alb.elbv2.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
    await expect(sendHttp(newPort, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await stateOf(listenerArn)).toBeUndefined();
  });

  it('lists listeners of other load balancer types as not served', async () => {
    const { LoadBalancers } = await alb.elbv2.send(new CreateLoadBalancerCommand({ Name: 'network', Type: 'network', Subnets: alb.subnetIds.slice(0, 1) }));
    const { TargetGroups } = await alb.elbv2.send(new CreateTargetGroupCommand({ Name: 'tcp', Protocol: 'TCP', Port: 7000, VpcId: alb.vpcId, TargetType: 'ip' }));
    const { Listeners } = await alb.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: LoadBalancers?.[0]?.LoadBalancerArn,
        Protocol: 'TCP',
        Port: 7000,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: TargetGroups?.[0]?.TargetGroupArn }],
      }),
    );
    const state = await stateOf(Listeners?.[0]?.ListenerArn ?? '');
    expect(state).toMatchObject({ protocol: 'TCP', port: 7000, boundAddress: null });
    expect(state?.state).toMatch(/^not-served: network load balancers/);
  });

  it('closes every listener when the emulator stops', async () => {
    const other = await startAlbFixture({ targets });
    await other.stop();
    await expect(sendHttp(other.port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(sendHttp(other.gatewayPort, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('HTTPS listeners', () => {
  it('terminate TLS with a certificate elbow made for the load balancer and tell the target the protocol was https', async () => {
    const { port } = await boundListener({
      LoadBalancerArn: alb.loadBalancerArn,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
      DefaultActions: forward(),
    });
    const { body, altNames } = await new Promise<{ body: string; altNames: string }>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', port, path: '/secure', rejectUnauthorized: false, agent: false }, (response) => {
        const certificate = (response.socket as TLSSocket).getPeerCertificate();
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ body: text, altNames: certificate.subjectaltname ?? '' }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(altNames).toContain(`DNS:${alb.dnsName}`);
    expect(altNames).toContain('DNS:localhost');
    const received = (JSON.parse(body) as TargetEcho).headers;
    expect(received['x-forwarded-proto']).toBe('https');
    expect(received['x-forwarded-port']).toBe(String(port));
  });
});

describe('WebSocket upgrades', () => {
  let wsTarget: Server;
  let wsPort: number;
  const upgraded = new Set<Socket>();

  beforeEach(async () => {
    // A minimal upgrade-capable target: answers 101 and echoes every byte back, tagged.
    wsTarget = createServer((_request, response) => response.end('not an upgrade'));
    wsTarget.on('upgrade', (request: IncomingMessage, socket: Socket) => {
      upgraded.add(socket);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Seen-Host: ${request.headers.host}\r\n\r\n`);
      socket.on('data', (chunk: Buffer) => socket.write(`echo:${chunk.toString()}`));
    });
    await new Promise<void>((resolve) => wsTarget.listen(0, '127.0.0.1', resolve));
    wsPort = (wsTarget.address() as AddressInfo).port;
  });
  afterEach(async () => {
    for (const socket of upgraded) socket.destroy();
    await new Promise<void>((resolve) => wsTarget.close(() => resolve()));
  });

  it('proxies the upgrade to one target, which keeps the connection', async () => {
    await alb.useTargets([{ ...targets[0]!, port: wsPort }]);
    const { response, socket } = await new Promise<{ response: IncomingMessage; socket: Socket }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: alb.port, path: '/ws', agent: false, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
      request.on('upgrade', (upgradeResponse: IncomingMessage, upgradeSocket: Socket) => resolve({ response: upgradeResponse, socket: upgradeSocket }));
      request.on('error', reject);
      request.end();
    });
    expect(response.statusCode).toBe(101);
    expect(response.headers['x-seen-host']).toBe(`127.0.0.1:${alb.listenerPort}`);
    const replies: string[] = [];
    socket.on('data', (chunk: Buffer) => replies.push(chunk.toString()));
    socket.write('one');
    await expect.poll(() => replies.join('')).toBe('echo:one');
    socket.write('two');
    await expect.poll(() => replies.join('')).toBe('echo:oneecho:two');
    socket.destroy();
    await socketClosed(socket);
  });

  it("passes a target's refusal of the upgrade back as it came, then closes the connection", async () => {
    // No 'upgrade' listener: Node hands the request to the handler, which answers an upgrade
    // request 426 in two chunks without a length, so the proxy must re-frame the body for the
    // client (anything else, a health check included, gets 200).
    const declining = createServer((request, response) => {
      if (request.headers.upgrade === undefined) return void response.end('ok');
      response.writeHead(426, { 'Content-Type': 'text/plain' });
      response.write('upgrade ');
      response.end('required');
    });
    await new Promise<void>((resolve) => declining.listen(0, '127.0.0.1', resolve));
    try {
      await alb.useTargets([{ ...targets[0]!, port: (declining.address() as AddressInfo).port }]);
      const socket = await openSocket(alb.port);
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
      await socketClosed(socket);
      const headEnd = text.indexOf('\r\n\r\n');
      expect(headEnd).toBeGreaterThan(0);
      const head = text.slice(0, headEnd);
      const body = text.slice(headEnd + 4);
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 426 Upgrade Required');
      expect(head).toContain('\r\nContent-Type: text/plain');
      expect(head).toContain('\r\nTransfer-Encoding: chunked');
      expect(head).toContain('\r\nConnection: close');
      expect(body).toBe('8\r\nupgrade \r\n8\r\nrequired\r\n0\r\n\r\n');
    } finally {
      declining.closeAllConnections();
      await new Promise<void>((resolve) => declining.close(() => resolve()));
    }
  });

  it('answers 503 to an upgrade when the group has no target', async () => {
    await alb.useTargets([]);
    const socket = await openSocket(alb.port);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    await socketClosed(socket);
    expect(text.startsWith('HTTP/1.1 503 Service Temporarily Unavailable\r\nServer: awselb/2.0\r\n')).toBe(true);
  });
});
