import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a target server answers, as JSON, so tests can see which target served and what it received. */
export interface TargetEcho {
  target: string;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How a target misbehaves, switchable while it runs. */
export type TargetBehaviour =
  | { kind: 'echo' }
  /** Accepts the request and never answers (the ALB answers 504 after its idle timeout). */
  | { kind: 'hang' }
  /** Writes headers and part of a body, then destroys the socket (the ALB answers 502). */
  | { kind: 'break-mid-response' }
  /** Answers the echo only once `until` settles (a slow request kept in flight). */
  | { kind: 'wait'; until: Promise<unknown> }
  /** Answers with this status and extra headers (e.g. an app's Set-Cookie). */
  | { kind: 'respond'; status: number; headers?: Record<string, string | string[]>; body?: string };

export interface TargetServer {
  name: string;
  /** The loopback address it listens on (127.0.0.1 unless started on another, as classic instances sharing a port are). */
  host: string;
  port: number;
  /** Requests received, in order. */
  received: TargetEcho[];
  behaviour: TargetBehaviour;
  /** Per request, extra Set-Cookie lines (e.g. an app cookie) the echo answer carries. */
  setCookies: (request: IncomingMessage) => string[];
  /**
   * Health checks received (User-Agent `ELB-HealthChecker/2.0`, or `/1.0` from classic ELB), kept apart from `received`: they
   * are answered with `healthCheckStatus` whatever `behaviour` says, so a hanging or breaking
   * target still passes its checks unless a test says otherwise (issue 5).
   */
  healthChecks: TargetEcho[];
  /** The status health checks get; 200 by default; `hang`: never answered (a check times out). */
  healthCheckStatus: number | 'hang';
  /** Stops listening and destroys open connections; afterwards connections are refused. */
  close(): Promise<void>;
  /** Listens again on the same port after close() (a restarted target). */
  reopen(): Promise<void>;
}

const HEALTH_CHECKER_USER_AGENTS = new Set(['ELB-HealthChecker/2.0', 'ELB-HealthChecker/1.0']);

/** Starts `count` real HTTP targets on 127.0.0.1, each on a port the OS picks. */
export async function startTargetServers(count: number, prefix = 'target'): Promise<TargetServer[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => startTargetServer(`${prefix}-${index}`)));
}

export async function startTargetServer(name: string, listenOn: { host: string; port: number } = { host: '127.0.0.1', port: 0 }): Promise<TargetServer> {
  const sockets = new Set<Socket>();
  const target: TargetServer = {
    name,
    host: listenOn.host,
    port: listenOn.port,
    received: [],
    behaviour: { kind: 'echo' },
    setCookies: () => [],
    healthChecks: [],
    healthCheckStatus: 200,
    close: async () => {},
    reopen: async () => {},
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const echo: TargetEcho = {
        target: name,
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      // ALB checks say 2.0, classic ELB checks 1.0.
      if (HEALTH_CHECKER_USER_AGENTS.has(request.headers['user-agent'] ?? '')) {
        target.healthChecks.push(echo);
        if (target.healthCheckStatus === 'hang') return;
        response.writeHead(target.healthCheckStatus, { 'content-type': 'text/plain' });
        response.end('health');
        return;
      }
      target.received.push(echo);
      const behaviour = target.behaviour;
      switch (behaviour.kind) {
        case 'hang':
          return;
        case 'wait':
          void behaviour.until.finally(() => {
            response.writeHead(200, { 'content-type': 'application/json' });
            response.end(JSON.stringify(echo));
          });
          return;
        case 'break-mid-response':
          response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
          response.write('partial');
          setImmediate(() => request.socket.destroy());
          return;
        case 'respond':
          response.writeHead(behaviour.status, behaviour.headers ?? {});
          response.end(behaviour.body ?? '');
          return;
        case 'echo': {
          const cookies = target.setCookies(request);
          response.writeHead(200, { 'content-type': 'application/json', ...(cookies.length ? { 'set-cookie': cookies } : {}) });
          response.end(JSON.stringify(echo));
        }
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenOn.port, listenOn.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  target.port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  target.reopen = async () => {
    await closing;
    closing = undefined;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(target.port, target.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  };
  target.close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return target;
}
