import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestRecordHub, type ClassicRequestRecord, type RequestRecord } from '../request-record.js';
import { createClassicTcpRelay } from './classic-tcp-relay.js';
import { createInstanceConnections } from './instance-connections.js';
import { classicLoadBalancerRoute, httpListener, instance } from './testing/classic-routes.js';

// A real relay between real sockets; the clock moves one millisecond per reading, so the record's
// instants show the order in which the relay took them.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
}

/** An instance answering `pong` to `ping`, or, with `isSilent`, nothing at all. */
async function startInstance(isSilent = false): Promise<number> {
  return listen(
    createServer((socket) => {
      socket.on('error', () => socket.destroy());
      socket.on('data', () => {
        if (!isSilent) socket.end('pong');
      });
      if (isSilent) socket.once('data', () => socket.end());
    }),
  );
}

/** A TCP listener relaying to `instancePort`; resolves with the record of one `ping` connection. */
async function relayOnce(instancePort: number): Promise<ClassicRequestRecord> {
  let nowMs = 1_000;
  const records = createRequestRecordHub();
  const published = new Promise<RequestRecord>((resolve) => records.subscribe(resolve));
  const relay = createClassicTcpRelay({ now: () => nowMs++, random: () => 0, connections: createInstanceConnections(), records });
  const loadBalancer = classicLoadBalancerRoute({ instances: [instance('i-1', 'us-east-1a')] });
  const listener = httpListener({ protocol: 'TCP', instanceProtocol: 'TCP', loadBalancerPort: 25, instancePort });
  const port = await listen(createServer((client: Socket) => relay.handleConnection(client, loadBalancer, listener)));
  const client = connect(port, '127.0.0.1', () => client.write('ping'));
  client.on('error', () => client.destroy());
  client.on('data', () => undefined);
  const record = await published;
  client.destroy();
  if (record.kind !== 'classic') throw new Error('expected a classic record');
  return record;
}

describe('classic TCP relay records', () => {
  it('times a relayed connection: accepted, instance connected, first byte back, closed (no -1 in the log)', async () => {
    const instancePort = await startInstance();
    const record = await relayOnce(instancePort);
    expect(record.target).toEqual({ id: 'i-1', host: '127.0.0.1', port: instancePort });
    expect(record.dispatchedAtMs).toBeGreaterThan(record.receivedAtMs);
    expect(record.targetRespondedAtMs).toBeGreaterThan(record.dispatchedAtMs!);
    expect(record.completedAtMs).toBeGreaterThan(record.targetRespondedAtMs!);
    expect(record.receivedBytes).toBe(4);
    expect(record.sentBytes).toBe(4);
  });

  it('ends the instance time at close when the instance sent nothing back', async () => {
    const record = await relayOnce(await startInstance(true));
    expect(record.dispatchedAtMs).toBeGreaterThan(record.receivedAtMs);
    expect(record.targetRespondedAtMs).toBe(record.completedAtMs);
    expect(record.sentBytes).toBe(0);
  });

  it('leaves a connection the instance refused undispatched, with no target', async () => {
    const closedPort = await listen(createServer());
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const record = await relayOnce(closedPort);
    expect(record.dispatchedAtMs).toBeUndefined();
    expect(record.targetRespondedAtMs).toBeUndefined();
    expect(record.target).toBeUndefined();
  });
});
