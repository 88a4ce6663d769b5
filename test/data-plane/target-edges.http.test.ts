import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';
import { openSocket, readResponse } from '../support/raw-http.js';

// How the ALB carries unusual but legal exchanges to and from a target (issue 4's data plane;
// headers-and-routing.md §1 and §6): a request with Expect: 100-continue, HEAD and 204 answers,
// informational answers before the final one, a target that closes without answering.

let targets: TargetServer[];
let alb: AlbFixture;
const rawTargets: TcpServer[] = [];

beforeEach(async () => {
  targets = await startTargetServers(1);
  alb = await startAlbFixture({ targets });
});
afterEach(async () => {
  await alb.stop();
  await Promise.all(targets.map((target) => target.close()));
  for (const server of rawTargets.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A target that answers every request on its connection with `answer` (raw bytes), then maybe closes. */
async function rawTarget(answer: string, closeAfter = false): Promise<TargetServer> {
  const server = createTcpServer((socket: Socket) => {
    socket.on('error', () => socket.destroy());
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      // Health checks pass, so the ALB routes to it.
      const isHealthCheck = head.includes('ELB-HealthChecker');
      head = '';
      if (isHealthCheck) return void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      if (answer === '') return void socket.destroy();
      socket.write(answer);
      if (closeAfter) socket.end();
    });
  });
  rawTargets.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const target: Pick<TargetServer, 'name' | 'host' | 'port'> = { name: 'raw', host: '127.0.0.1', port };
  return target as TargetServer;
}

describe('unusual exchanges with targets', () => {
  it('answers Expect: 100-continue itself and sends the body on without the Expect field', async () => {
    const socket = await openSocket(alb.port);
    try {
      const interim = readResponse(socket);
      socket.write('POST /upload HTTP/1.1\r\nHost: edge.example.com\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
      expect((await interim).statusLine).toBe('HTTP/1.1 100 Continue');
      const final = readResponse(socket);
      socket.write('hello');
      expect((await final).status).toBe(200);
    } finally {
      socket.destroy();
    }
    const received = targets[0]!.received.at(-1) as TargetEcho;
    expect(received.body).toBe('hello');
    expect(received.headers['expect']).toBeUndefined();
  });

  it('passes a HEAD answer with its length and no body, and a 204 without a body', async () => {
    targets[0]!.behaviour = { kind: 'respond', status: 200, headers: { 'Content-Length': '42' } };
    const head = await alb.send('/', { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '42', '']);
    targets[0]!.behaviour = { kind: 'respond', status: 204 };
    const empty = await alb.send('/');
    expect([empty.status, empty.body]).toEqual([204, '']);
  });

  it('passes the final answer after an informational 103 from the target', async () => {
    const early = await rawTarget('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    await alb.useTargets([early]);
    const response = await alb.send('/');
    expect([response.status, response.body]).toEqual([200, 'ok']);
  });

  it('answers a client whose upload the target interrupts with a 100 Continue it was not asked for', async () => {
    // The transport drops Expect (node:http already answered it), and undici takes a 100 that
    // comes unasked as a broken target: the ALB's 502, not a client left waiting (UNVERIFIED.md).
    await alb.useTargets([await rawTarget('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')]);
    const response = await alb.send('/', { method: 'POST', body: 'x' });
    expect(response.status).toBe(502);
    expect(response.headers.server).toBe('awselb/2.0');
  });

  it('answers 502 when the target closes without answering, or answers what is not HTTP', async () => {
    await alb.useTargets([await rawTarget('')]);
    expect((await alb.send('/closed')).status).toBe(502);
    await alb.useTargets([await rawTarget('SSH-2.0-OpenSSH_9.6\r\n\r\n', true)]);
    expect((await alb.send('/not-http')).status).toBe(502);
    // The emulator keeps serving.
    await alb.useTargets([targets[0]!]);
    expect((await alb.send('/after')).status).toBe(200);
  });
});
