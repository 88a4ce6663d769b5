import { connect } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestRecordHub, type RequestRecord } from '../request-record.js';
import { createClassicHttpProxy } from './classic-http-proxy.js';
import { createInstanceConnections } from './instance-connections.js';
import { classicLoadBalancerRoute, httpListener, instance } from './testing/classic-routes.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
}

describe('classic HTTP proxy records', () => {
  it('publishes one record when the instance resets its connection after its response head, mid-upload', async () => {
    // The instance answers the head at once and keeps the upload open; once the client has the
    // head, the instance resets: the proxy's error path runs after the head went out, then the
    // response closes too.
    let instanceSocket: { resetAndDestroy(): void } | undefined;
    const instancePort = await listen(createServer((request, response) => {
      instanceSocket = request.socket;
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
    }));
    const records = createRequestRecordHub();
    const published: RequestRecord[] = [];
    records.subscribe((record) => void published.push(record));
    const proxy = createClassicHttpProxy({
      now: Date.now,
      random: () => 0,
      randomBytes,
      keyRing: () => ({ currentKeyId: 1, keys: new Map([[1, new Uint8Array(32)]]) }),
      connections: createInstanceConnections(),
      records,
    });
    const loadBalancer = classicLoadBalancerRoute({ instances: [instance('i-1', 'us-east-1a')] });
    const listener = httpListener({ instancePort });
    const serverSideClosed: Promise<void>[] = [];
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      serverSideClosed.push(new Promise((resolve) => response.once('close', () => resolve())));
      proxy.handleRequest(request, response, loadBalancer, listener);
    });
    const port = await listen(server);
    await new Promise<void>((resolve) => {
      const client = connect(port, '127.0.0.1', () => client.write('POST / HTTP/1.1\r\nHost: lb\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'));
      // The head is back: now the instance breaks off.
      client.once('data', () => instanceSocket?.resetAndDestroy());
      client.on('error', () => client.destroy());
      client.once('close', () => resolve());
    });
    await Promise.all(serverSideClosed);
    proxy.close();
    expect(published).toHaveLength(1);
  });
});

describe('classic HTTP proxy and connection draining', () => {
  it('keeps the status already sent in the record when the drain cuts an answer mid-body', async () => {
    const instancePort = await listen(createServer((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
    }));
    const records = createRequestRecordHub();
    const published: RequestRecord[] = [];
    records.subscribe((record) => void published.push(record));
    const connections = createInstanceConnections();
    const proxy = createClassicHttpProxy({
      now: Date.now,
      random: () => 0,
      randomBytes,
      keyRing: () => ({ currentKeyId: 1, keys: new Map([[1, new Uint8Array(32)]]) }),
      connections,
      records,
    });
    const loadBalancer = classicLoadBalancerRoute({ instances: [instance('i-1', 'us-east-1a')] });
    const listener = httpListener({ instancePort });
    const port = await listen(createServer((request, response) => proxy.handleRequest(request, response, loadBalancer, listener)));
    const received = await new Promise<string>((resolve) => {
      let text = '';
      const client = connect(port, '127.0.0.1', () => client.write('GET / HTTP/1.1\r\nHost: lb\r\n\r\n'));
      client.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        // The head and the first bytes are through: the instance's drain ends now.
        if (text.includes('partial')) connections.closeAll();
      });
      client.on('error', () => client.destroy());
      client.once('close', () => resolve(text));
    });
    proxy.close();
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(published.map((record) => [record.elbStatusCode, record.targetStatusCode])).toEqual([[200, 200]]);
  });
});
