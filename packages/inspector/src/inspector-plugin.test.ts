import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestRecordHub, type ClassicRequestRecord, type RequestRecordHub } from '@elbow/data-plane';
import { inspectorPlugin } from './inspector-plugin.js';

// The plugin on its own Fastify app: what the e2e API test (test/inspector) cannot easily show,
// the stream's lifecycle and the buffer's bound.

function classicRecord(completedAtMs: number, instanceId: string): ClassicRequestRecord {
  return {
    kind: 'classic',
    loadBalancerName: 'legacy',
    listenerPort: 80,
    protocol: 'HTTP',
    accountId: '123456789012',
    region: 'us-east-1',
    accessLog: undefined,
    receivedAtMs: completedAtMs - 2,
    dispatchedAtMs: completedAtMs - 1,
    targetRespondedAtMs: completedAtMs - 1,
    completedAtMs,
    clientIp: '127.0.0.1',
    clientPort: 5000,
    target: { id: instanceId, host: '127.0.0.1', port: 8080 },
    elbStatusCode: 200,
    targetStatusCode: 200,
    receivedBytes: 10,
    sentBytes: 20,
    http: { method: 'GET', url: `/${instanceId}`, httpVersion: '1.1', host: 'legacy', userAgent: 'test' },
    tls: undefined,
    stickiness: [],
    sessionCookies: [],
  };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startInspector(hub: RequestRecordHub, capacity?: number): Promise<{ app: FastifyInstance; url: string }> {
  app = Fastify();
  await app.register(inspectorPlugin, { requestRecords: hub, resources: () => ({ loadBalancers: [], targetGroups: [], classicLoadBalancers: [] }), nowMs: () => 1_000_000, ...(capacity === undefined ? {} : { capacity }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

async function readUntil(reader: ReadableStreamDefaultReader<string>, text: string): Promise<string> {
  let received = '';
  while (!received.includes(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${JSON.stringify(text)}; got ${JSON.stringify(received)}`);
    received += value;
  }
  return received;
}

describe('inspectorPlugin', () => {
  it('keeps only the newest `capacity` requests', async () => {
    const hub = createRequestRecordHub();
    const { app } = await startInspector(hub, 2);
    for (const id of ['i-1', 'i-2', 'i-3']) hub.publish(classicRecord(999_000, id));
    const response = await app.inject({ url: '/_elbow/api/requests?since=0' });
    expect(response.json()).toMatchObject({ lastSeq: 3, held: 2, capacity: 2, requests: [{ seq: 2, target: 'i-2:8080' }, { seq: 3, target: 'i-3:8080' }] });
  });

  it('counts classic requests per instance under their load balancer', async () => {
    const hub = createRequestRecordHub();
    const { app } = await startInspector(hub);
    hub.publish(classicRecord(999_000, 'i-1'));
    hub.publish(classicRecord(999_500, 'i-1'));
    hub.publish(classicRecord(900_000, 'i-2')); // 100 s ago: outside a 60 s window
    const response = await app.inject({ url: '/_elbow/api/distribution?by=target&windowSeconds=60' });
    expect(response.json()).toMatchObject({ total: 2, buckets: [{ key: 'classic/legacy|i-1:8080', label: 'i-1:8080', group: 'legacy', count: 2, share: 1 }] });
  });

  it('resumes a reconnecting stream after its Last-Event-ID, ahead of the URL’s since', async () => {
    const hub = createRequestRecordHub();
    const { url } = await startInspector(hub);
    for (const id of ['i-1', 'i-2', 'i-3']) hub.publish(classicRecord(999_000, id));
    const controller = new AbortController();
    const response = await fetch(`${url}/_elbow/api/requests/stream?since=0`, { headers: { 'last-event-id': '2' }, signal: controller.signal });
    const received = await readUntil(response.body!.pipeThrough(new TextDecoderStream()).getReader(), '/i-3');
    controller.abort();
    expect(received).not.toContain('/i-1');
    expect(received).not.toContain('/i-2');
    expect(received).toContain('id: 3\nevent: request\n');
  });

  it('replays at most the newest 1,000 requests to a stream that is far behind', async () => {
    const hub = createRequestRecordHub();
    const { url } = await startInspector(hub);
    for (let index = 1; index <= 1_500; index++) hub.publish(classicRecord(999_000, `i-${index}`));
    const controller = new AbortController();
    const response = await fetch(`${url}/_elbow/api/requests/stream?since=0`, { signal: controller.signal });
    const received = await readUntil(response.body!.pipeThrough(new TextDecoderStream()).getReader(), '/i-1500"');
    controller.abort();
    const ids = [...received.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    expect(ids).toEqual(Array.from({ length: 1_000 }, (_, index) => 501 + index));
  });

  it('ends open streams when the server closes, so closing does not wait on them', async () => {
    const hub = createRequestRecordHub();
    const { app, url } = await startInspector(hub);
    const response = await fetch(`${url}/_elbow/api/requests/stream`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await readUntil(reader, 'retry:');
    expect(hub.hasListeners()).toBe(true);
    await app.close();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    // Closed: the inspector no longer listens, so the data plane can skip building records.
    expect(hub.hasListeners()).toBe(false);
  });

  it('drops a stream client that stops reading once megabytes wait for it, and keeps serving', async () => {
    const hub = createRequestRecordHub();
    const { app, url } = await startInspector(hub);
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET /_elbow/api/requests/stream HTTP/1.1\r\nHost: inspector\r\n\r\n');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // The server cuts the connection: a reset is how that may arrive.
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    // ~1.3 KiB per event: far more than the socket buffers and the 4 MiB backlog together.
    const published = 30_000;
    const record = classicRecord(999_000, 'i-1');
    for (let index = 0; index < published; index++) hub.publish({ ...record, http: { ...record.http!, userAgent: 'u'.repeat(1_000) } });
    socket.resume();
    socket.on('data', () => undefined);
    // A stream that was kept would never close: it is open until the server shuts down.
    await closed;
    // The inspector itself still has everything it keeps, and answers.
    expect((await app.inject({ url: '/_elbow/api/requests?limit=1' })).json()).toMatchObject({ lastSeq: published });
  });
});
