import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import type { Server as TcpServer, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTargetTransport, hasRequestBody, targetRequestHeaders } from './target-transport.js';
import type { TargetCall, TargetFailure, TargetHead, TargetTransport } from './target-transport.js';

describe('targetRequestHeaders', () => {
  it('lower-cases names, keeps order and repeats, and leaves out what belongs to the connection', () => {
    const headers: [string, string][] = [
      ['Host', 'app.example.com'],
      ['X-A', '1'],
      ['Connection', 'keep-alive'],
      ['Keep-Alive', 'timeout=5'],
      ['Transfer-Encoding', 'chunked'],
      ['Expect', '100-continue'],
      ['Trailer', 'X-Sum'],
      ['Upgrade', 'websocket'],
      ['X-A', '2'],
      ['host', 'second.example.com'],
    ];
    expect(targetRequestHeaders(headers)).toEqual(['host', 'app.example.com', 'x-a', '1', 'x-a', '2']);
  });

  it('keeps Connection and Upgrade for an upgrade request', () => {
    const headers: [string, string][] = [['Host', 'h'], ['Connection', 'Upgrade'], ['Upgrade', 'websocket']];
    expect(targetRequestHeaders(headers, { keepsUpgrade: true })).toEqual(['host', 'h', 'connection', 'Upgrade', 'upgrade', 'websocket']);
  });

  it('sends one Content-Length and adds none', () => {
    expect(targetRequestHeaders([['Content-Length', '3'], ['content-length', '3']])).toEqual(['content-length', '3']);
    expect(targetRequestHeaders([])).toEqual([]);
  });
});

describe('hasRequestBody', () => {
  it('is true for a length other than 0 or chunked framing', () => {
    expect(hasRequestBody([])).toBe(false);
    expect(hasRequestBody([['Content-Length', '0']])).toBe(false);
    expect(hasRequestBody([['content-length', '5']])).toBe(true);
    expect(hasRequestBody([['Transfer-Encoding', 'chunked']])).toBe(true);
  });
});

const servers: Server[] = [];
let transport: TargetTransport | undefined;
afterEach(async () => {
  await transport?.close();
  transport = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void, host = '127.0.0.1'): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return (server.address() as { port: number }).port;
}

const tcpServers: TcpServer[] = [];
const tcpSockets = new Set<Socket>();
afterEach(async () => {
  // The transport keeps its connections alive: cut them, or close() would wait for them.
  for (const socket of tcpSockets) socket.destroy();
  tcpSockets.clear();
  for (const server of tcpServers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A raw TCP target: `onHead` gets each connection once a request head has arrived. */
async function rawTarget(onHead: (socket: Socket) => void): Promise<number> {
  const server = createTcpServer((socket) => {
    tcpSockets.add(socket);
    socket.on('error', () => socket.destroy());
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      onHead(socket);
    };
    socket.on('data', onData);
  });
  tcpServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
}

/** What a front server saw of one call: the head, failure, byte counts. */
interface Outcome {
  head?: TargetHead;
  failure?: TargetFailure;
  bodyReceived: number;
}

/**
 * A front server that hands every request to the transport (as the proxies do), answering 502
 * itself on failure; `adjust` changes the call before it goes.
 */
async function front(targetPort: number, outcome: Outcome, adjust: (call: TargetCall) => TargetCall = (call) => call): Promise<number> {
  const active = createTargetTransport({ connectTimeoutMs: 1_000 });
  transport = active;
  return listen((request, response) => {
    const headers: [string, string][] = [];
    for (let index = 0; index < request.rawHeaders.length; index += 2) headers.push([request.rawHeaders[index]!, request.rawHeaders[index + 1]!]);
    const call: TargetCall = {
      address: { host: '127.0.0.1', port: targetPort, isHttps: false },
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: targetRequestHeaders(headers),
      body: hasRequestBody(headers) ? request : undefined,
      idleTimeoutMs: 5_000,
      onHead(head) {
        outcome.head = head;
        response.writeHead(head.statusCode, head.statusMessage, head.headers.flat());
        return true;
      },
      onBodyChunk: (chunk) => (outcome.bodyReceived += chunk.length),
      onFailure(failure) {
        outcome.failure = failure;
        response.writeHead(502);
        response.end('failed');
      },
    };
    active.send(adjust(call), response);
  });
}

/** A raw request to `port`: the head, then each body piece after a pause; resolves with the answer. */
function sendSlowly(port: number, head: string, pieces: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', async () => {
      socket.write(head);
      for (const piece of pieces) {
        await new Promise((wait) => setTimeout(wait, 30));
        socket.write(piece);
      }
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (/\r\n\r\n[\s\S]*(done|failed)/.test(answer)) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

describe('createTargetTransport', () => {
  it('sends a body that arrives in pieces whole, and passes the target head and body back', async () => {
    let received = '';
    const targetPort = await listen((request, response) => {
      request.setEncoding('latin1');
      request.on('data', (chunk: string) => (received += chunk));
      request.on('end', () => {
        response.writeHead(201, 'Made It', [['X-Target', 'yes'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']].flat());
        response.end('done');
      });
    });
    const outcome: Outcome = { bodyReceived: 0 };
    const port = await front(targetPort, outcome);
    const answer = await sendSlowly(port, 'POST /upload HTTP/1.1\r\nHost: front\r\nTransfer-Encoding: chunked\r\n\r\n', ['5\r\nhello\r\n', '6\r\n world\r\n', '0\r\n\r\n']);
    expect(received).toBe('hello world');
    expect(outcome.head?.statusCode).toBe(201);
    expect(outcome.head?.statusMessage).toBe('Made It');
    expect(outcome.head?.headers.filter(([name]) => name === 'Set-Cookie')).toEqual([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
    expect(outcome.bodyReceived).toBe(4);
    expect(answer).toMatch(/^HTTP\/1\.1 201 Made It\r\n/);
    expect(answer).toContain('done');
  });

  it('sends a Content-Length body split over two writes whole', async () => {
    let received = '';
    const targetPort = await listen((request, response) => {
      request.setEncoding('latin1');
      request.on('data', (chunk: string) => (received += chunk));
      request.on('end', () => response.end('done'));
    });
    const outcome: Outcome = { bodyReceived: 0 };
    const port = await front(targetPort, outcome);
    await sendSlowly(port, 'PUT /item HTTP/1.1\r\nHost: front\r\nContent-Length: 10\r\n\r\nfirst', ['-half']);
    expect(received).toBe('first-half');
  });

  it('passes the final head after a 103 Early Hints', async () => {
    const targetPort = await listen((_request, response) => {
      response.writeEarlyHints({ link: '</style.css>; rel=preload' });
      response.end('done');
    });
    const outcome: Outcome = { bodyReceived: 0 };
    const port = await front(targetPort, outcome);
    const answer = await sendSlowly(port, 'GET / HTTP/1.1\r\nHost: front\r\n\r\n', []);
    expect(outcome.head?.statusCode).toBe(200);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('reports a refused connection as failed and a silent target as a timeout', async () => {
    const closedPort = await listen(() => {});
    const closing = servers.pop()!;
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    const refused: Outcome = { bodyReceived: 0 };
    const refusedFront = await front(closedPort, refused);
    await sendSlowly(refusedFront, 'GET / HTTP/1.1\r\nHost: front\r\n\r\n', []);
    expect(refused.failure).toBe('failed');

    const silentPort = await listen(() => {});
    const silent: Outcome = { bodyReceived: 0 };
    const silentFront = await front(silentPort, silent, (call) => ({ ...call, idleTimeoutMs: 100 }));
    await sendSlowly(silentFront, 'GET / HTTP/1.1\r\nHost: front\r\n\r\n', []);
    expect(silent.failure).toBe('timeout');
  });

  it('drops the target answer when onHead refuses it, and reports nothing after abort', async () => {
    const targetPort = await listen((_request, response) => response.end('target body'));
    let failures = 0;
    const active = createTargetTransport({ connectTimeoutMs: 1_000 });
    transport = active;
    const port = await listen((request, response) => {
      const base: TargetCall = {
        address: { host: '127.0.0.1', port: targetPort, isHttps: false },
        method: 'GET',
        path: '/',
        headers: [],
        body: undefined,
        idleTimeoutMs: 5_000,
        onHead: () => false,
        onFailure: () => void (failures += 1),
      };
      if (request.url === '/refuse') {
        active.send(base, response);
        setTimeout(() => response.end('own answer'), 50);
      } else {
        const call = active.send({ ...base, onHead: () => true }, response);
        call.abort();
        setTimeout(() => response.end('aborted'), 50);
      }
    });
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path, agent: false }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve(body));
        }).on('error', reject).end();
      });
    expect(await get('/refuse')).toBe('own answer');
    expect(await get('/abort')).toBe('aborted');
    expect(failures).toBe(0);
  });

  it('reaches a target registered by a bare IPv6 address', async () => {
    const targetPort = await listen((_request, response) => response.end('done'), '::1');
    const outcome: Outcome = { bodyReceived: 0 };
    const port = await front(targetPort, outcome, (call) => ({ ...call, address: { ...call.address, host: '::1' } }));
    const answer = await sendSlowly(port, 'GET / HTTP/1.1\r\nHost: front\r\n\r\n', []);
    expect(outcome.failure).toBeUndefined();
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('passes a reason phrase byte for byte, UTF-8 included', async () => {
    const targetPort = await rawTarget((socket) => socket.write(Buffer.concat([Buffer.from('HTTP/1.1 200 '), Buffer.from('Ökay ✓', 'utf8'), Buffer.from('\r\nContent-Length: 4\r\n\r\ndone')])));
    const outcome: Outcome = { bodyReceived: 0 };
    const port = await front(targetPort, outcome);
    const answer = await sendSlowly(port, 'GET / HTTP/1.1\r\nHost: front\r\n\r\n', []);
    expect(Buffer.from(answer.split('\r\n')[0] ?? '', 'latin1')).toEqual(Buffer.from('HTTP/1.1 200 Ökay ✓', 'utf8'));
  });

  it('lets a client finish an upload the target broke off, and answers its next request on the same connection', async () => {
    const targetPort = await rawTarget((socket) => socket.resetAndDestroy());
    const outcome: Outcome = { bodyReceived: 0 };
    const port = await front(targetPort, outcome);
    const answers = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', async () => {
        socket.write('POST /upload HTTP/1.1\r\nHost: front\r\nContent-Length: 100000\r\n\r\n');
        for (let sent = 0; sent < 100_000; sent += 20_000) {
          await new Promise((wait) => setTimeout(wait, 20));
          socket.write('x'.repeat(20_000));
        }
        socket.write('GET /next HTTP/1.1\r\nHost: front\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if ((text.match(/HTTP\/1\.1 502/g) ?? []).length === 2) socket.end();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });
    expect(outcome.failure).toBe('failed');
    expect(answers.match(/HTTP\/1\.1 502/g)).toHaveLength(2);
  });
});
