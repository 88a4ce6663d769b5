import { createServer as createHttpServer } from 'node:http';
import { listenOn } from './listen-on.js';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { albErrorResponse } from './alb-error-response.js';
import { MAX_REQUEST_HEADER_BYTES } from './alb-passes.js';
import type { AlbPassSlots } from './alb-passes.js';
import { createAlbProxy, idleTimeoutMs, SILENT_LOGGER } from './alb-proxy.js';
import type { DataPlaneLogger, DrainedTarget } from './alb-proxy.js';
import type { RandomNumber } from './choose-target-group.js';
import { createLoadBalancerCertificates } from './load-balancer-certificates.js';
import type { LoadBalancerCertificates } from './load-balancer-certificates.js';
import { stripPort } from './match-condition.js';
import type { ListenerRoute, RoutingConfig, RoutingConfigSource } from './routing-config.js';
import type { RequestRecordHub } from './request-record.js';
import type { RandomBytes } from './trace-id.js';
import type { InMemoryBalancerState } from './balancer-state.js';

export interface DataPlaneOptions {
  /** The proxy's cursors and in-flight counts, when the caller reads them too (`elbow explain`). */
  readonly balancer?: InMemoryBalancerState;
  readonly source: RoutingConfigSource;
  /** Address listeners bind (`--listener-host`). */
  readonly listenerHost: string;
  /** Added to every listener port (`--listener-port-offset`), so port 80 can run as 8080 without root. */
  readonly listenerPortOffset: number;
  /** The single port routing on `Host: <dns-name>[:port]` (`--gateway-port`); undefined: none. 0 picks a free port. */
  readonly gatewayPort?: number | undefined;
  readonly logger?: DataPlaneLogger;
  readonly slots?: AlbPassSlots;
  readonly certificates?: LoadBalancerCertificates;
  readonly now?: () => number;
  readonly random?: RandomNumber;
  readonly randomBytes?: RandomBytes;
  /** Finished requests are published here (access logs, inspector), when anyone listens. */
  readonly records?: RequestRecordHub;
}

/** One listener as `GET /_elbow/listeners` reports it. */
export interface ListenerStatus {
  readonly listenerArn: string;
  readonly loadBalancerArn: string;
  readonly protocol: string;
  /** The listener's own port. */
  readonly port: number;
  /** `host:port` actually bound, when bound. */
  readonly boundAddress: string | undefined;
  /** `bound`, `failed: <reason>` or `not-served: <why>`. */
  readonly state: string;
}

export interface DataPlane {
  /** Binds the gateway port (when set) and every listener; call once. */
  start(): Promise<void>;
  /**
   * Brings bound ports in line with the current state: new listeners bound, removed ones closed,
   * changed ports or protocols rebound. A port that cannot be bound is reported, never thrown.
   */
  reconcile(): Promise<void>;
  listeners(): ListenerStatus[];
  /** The routing snapshot requests are routed with now (re-read when the state changed). */
  routingSnapshot(): RoutingConfig;
  /** The gateway's bound port, once started; undefined when there is no gateway. */
  gatewayPort(): number | undefined;
  /** Closes the open requests and WebSocket connections of targets whose deregistration delay ended. */
  closeTargetConnections(targets: readonly DrainedTarget[]): void;
  /** Closes every listener, the gateway and open connections; idempotent. */
  close(): Promise<void>;
}

interface BoundListener {
  readonly key: string;
  readonly server: Server;
  readonly address: string;
}

interface ListenerEntry {
  readonly listener: ListenerRoute;
  readonly key: string;
  bound: BoundListener | undefined;
  state: string;
}

/** The gateway serves every load balancer; its connections start with AWS's default idle timeout (60 s [D2]). */
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const SERVED_TYPES = new Set(['application']);
const SERVED_PROTOCOLS = new Set(['HTTP', 'HTTPS']);

/** Bind key: a listener needs a new server when any of these changes. */
const bindKey = (listener: ListenerRoute, port: number) => `${listener.protocol} ${port} ${listener.loadBalancer.arn}`;

export function formatAddress(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

// Node's own limit is on the whole head; AWS's is 64 K for the header block (plus the request
// line) [D6], so Node's limit is set just above it and the passes check the exact limits.
const MAX_HEAD_BYTES = MAX_REQUEST_HEADER_BYTES + 16 * 1024 + 1024;

/** Answers what Node's HTTP parser refused (malformed, oversized, both CL and TE) with the ALB's 400 page. */
function answerClientError(error: Error & { code?: string }, socket: Duplex, now: () => number): void {
  if (!socket.writable || (error.code === 'ECONNRESET')) return void socket.destroy();
  const answer = albErrorResponse(error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400, now());
  const head = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`, ...answer.headers.map(([name, value]) => `${name}: ${value}`), 'Connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n${answer.body}`);
}

/**
 * The ALB data plane of the emulator: one server per served listener port, an optional gateway
 * port, and the proxy behind them. Routing reads a snapshot of the control plane's state and
 * re-reads it whenever the store's change counter moved, so API changes apply on the next request.
 */
export function createDataPlane(options: DataPlaneOptions): DataPlane {
  const logger = options.logger ?? SILENT_LOGGER;
  const now = options.now ?? Date.now;
  const certificates = options.certificates ?? createLoadBalancerCertificates();
  const proxy = createAlbProxy({
    logger,
    now,
    ...(options.balancer === undefined ? {} : { balancer: options.balancer }),
    ...(options.slots === undefined ? {} : { slots: options.slots }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.randomBytes === undefined ? {} : { randomBytes: options.randomBytes }),
    ...(options.records === undefined ? {} : { records: options.records }),
  });
  const entries = new Map<string, ListenerEntry>();
  let snapshot: RoutingConfig | undefined;
  let byArn = new Map<string, ListenerRoute>();
  let gateway: Server | undefined;
  let reconciling: Promise<void> = Promise.resolve();
  /** The snapshot version the bound ports last matched; reconcile does nothing while it holds. */
  let reconciledVersion: number | undefined;
  let closing: Promise<void> | undefined;
  const socketsByServer = new Map<Server, Set<Socket>>();

  function current(): RoutingConfig {
    if (snapshot === undefined || options.source.changeCount() !== snapshot.version) {
      snapshot = options.source.read();
      byArn = new Map(snapshot.listeners.map((listener) => [listener.arn, listener]));
    }
    return snapshot;
  }

  function track(
    server: Server,
    initialIdleTimeoutMs: number,
    onRequest: (request: IncomingMessage, response: ServerResponse) => void,
    onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ) {
    const sockets = new Set<Socket>();
    socketsByServer.set(server, sockets);
    // Upgraded (WebSocket) connections leave the server's own bookkeeping; these are closed by hand.
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    // The client side of the idle timeout (`idle_timeout.timeout_seconds` [D2]): a connection
    // that sends nothing for that long is closed, a half-sent request included. While a request
    // waits for its target the client is allowed to be silent: the target side answers 504.
    const busy = new WeakSet<Socket>();
    server.setTimeout(initialIdleTimeoutMs, (socket: Socket) => {
      if (!busy.has(socket)) socket.destroy();
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      busy.add(socket);
      response.once('close', () => busy.delete(socket));
      onRequest(request, response);
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      (socket as Socket).setTimeout(0);
      onUpgrade(request, socket, head);
    });
    server.on('clientError', (error: Error, socket: Duplex) => answerClientError(error, socket, now));
  }

  /** The listener a request on a listener's own port belongs to, from the current snapshot. */
  function listenerServer(listener: ListenerRoute, isTls: boolean, credentials?: { key: string; cert: string }): Server {
    const listenerArn = listener.arn;
    const serverOptions = { maxHeaderSize: MAX_HEAD_BYTES, requireHostHeader: false };
    const server = isTls && credentials !== undefined ? createHttpsServer({ ...serverOptions, ...credentials }) : createHttpServer(serverOptions);
    const resolve = () => {
      const config = current();
      return { config, listener: byArn.get(listenerArn) };
    };
    track(
      server,
      idleTimeoutMs(listener),
      (request, response) => {
        const { config, listener: current } = resolve();
        if (current === undefined) return void response.destroy();
        setClientIdleTimeout(server, request, current);
        proxy.handleRequest(request, response, current, config);
      },
      (request, socket, head) => {
        const { config, listener: current } = resolve();
        if (current === undefined) return void socket.destroy();
        proxy.handleUpgrade(request, socket, head, current, config);
      },
    );
    return server;
  }

  /** The client connection's idle timeout is the load balancer's (`idle_timeout.timeout_seconds` [D2]). */
  function setClientIdleTimeout(server: Server | undefined, request: IncomingMessage, listener: ListenerRoute): void {
    const timeoutMs = idleTimeoutMs(listener);
    if (server !== undefined && server.timeout !== timeoutMs) {
      server.timeout = timeoutMs;
      server.keepAliveTimeout = timeoutMs;
    }
    if (request.socket.timeout !== timeoutMs) request.socket.setTimeout(timeoutMs);
  }

  /** Gateway: `Host: <dns-name>[:port]`, the port naming the listener (80 when absent). */
  function gatewayListener(request: IncomingMessage): { config: RoutingConfig; listener: ListenerRoute | undefined } {
    const config = current();
    const host = request.headers.host ?? '';
    const name = stripPort(host).toLowerCase();
    const portText = host.slice(stripPort(host).length + 1);
    const port = portText === '' ? 80 : Number(portText);
    const listener = config.listeners.find(
      (candidate) => candidate.loadBalancer.dnsName?.toLowerCase() === name && candidate.port === port && SERVED_TYPES.has(candidate.loadBalancer.type),
    );
    return { config, listener };
  }

  function noListener(response: ServerResponse, host: string | undefined): void {
    const body = `elbow gateway: no application load balancer listener for Host '${host ?? ''}'\n`;
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  }

  /**
   * Closes a server and destroys its connections, resolving once every connection has closed:
   * a connection's close is when its request record is published (issue 7), so a stopping
   * emulator can deliver its last access logs after this.
   */
  function closeServer(server: Server): Promise<void> {
    const sockets = [...(socketsByServer.get(server) ?? [])];
    socketsByServer.delete(server);
    const socketsClosed = sockets.map((socket) => (socket.closed ? Promise.resolve() : new Promise<void>((resolveSocket) => socket.once('close', () => resolveSocket()))));
    const serverClosed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    return Promise.all([serverClosed, ...socketsClosed]).then(() => undefined);
  }

  async function bind(entry: ListenerEntry): Promise<void> {
    const { listener } = entry;
    const port = listener.port + options.listenerPortOffset;
    if (port > 65535) {
      entry.state = `failed: port ${listener.port} + offset ${options.listenerPortOffset} is above 65535`;
      return;
    }
    try {
      const isTls = listener.protocol === 'HTTPS';
      const credentials = isTls ? await certificates.forLoadBalancer(listener.loadBalancer) : undefined;
      const server = listenerServer(listener, isTls, credentials);
      const boundPort = await listenOn(server, options.listenerHost, port);
      entry.bound = { key: entry.key, server, address: formatAddress(options.listenerHost, boundPort) };
      entry.state = 'bound';
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      entry.state = `failed: ${code ?? 'error'} ${message ?? String(error)}`.trim();
      logger.warn({ listener: listener.arn, port, err: { code, message } }, 'listener port not bound');
    }
  }

  async function reconcileOnce(): Promise<void> {
    if (closing !== undefined) return;
    const config = current();
    if (config.version === reconciledVersion) return;
    reconciledVersion = config.version;
    const seen = new Set<string>();
    const closes: Promise<void>[] = [];
    const binds: ListenerEntry[] = [];
    for (const listener of config.listeners) {
      seen.add(listener.arn);
      const key = bindKey(listener, listener.port + options.listenerPortOffset);
      const existing = entries.get(listener.arn);
      if (existing !== undefined && existing.key === key && existing.bound !== undefined) {
        entries.set(listener.arn, { ...existing, listener });
        // New connections get the load balancer's current idle timeout.
        existing.bound.server.timeout = idleTimeoutMs(listener);
        existing.bound.server.keepAliveTimeout = idleTimeoutMs(listener);
        continue;
      }
      if (existing?.bound !== undefined) closes.push(closeServer(existing.bound.server));
      const entry: ListenerEntry = { listener, key, bound: undefined, state: 'binding' };
      entries.set(listener.arn, entry);
      if (!SERVED_TYPES.has(listener.loadBalancer.type)) {
        entry.state = `not-served: ${listener.loadBalancer.type} load balancers have no data plane in elbow yet`;
      } else if (!SERVED_PROTOCOLS.has(listener.protocol)) {
        entry.state = `not-served: ${listener.protocol} listeners are not served`;
      } else {
        binds.push(entry);
      }
    }
    for (const [arn, entry] of entries) {
      if (seen.has(arn)) continue;
      entries.delete(arn);
      if (entry.bound !== undefined) closes.push(closeServer(entry.bound.server));
    }
    // Ports are freed before they are bound again (a changed listener may keep its port), and
    // bound one by one in snapshot order, so two listeners on one port fail the same way each time.
    await Promise.all(closes);
    for (const entry of binds) await bind(entry);
  }

  return {
    async start() {
      if (options.gatewayPort !== undefined) {
        const server = createHttpServer({ maxHeaderSize: MAX_HEAD_BYTES, requireHostHeader: false });
        track(
          server,
          DEFAULT_IDLE_TIMEOUT_MS,
          (request, response) => {
            const { config, listener } = gatewayListener(request);
            if (listener === undefined) return noListener(response, request.headers.host);
            setClientIdleTimeout(undefined, request, listener);
            proxy.handleRequest(request, response, listener, config);
          },
          (request, socket, head) => {
            const { config, listener } = gatewayListener(request);
            if (listener === undefined) return void socket.destroy();
            proxy.handleUpgrade(request, socket, head, listener, config);
          },
        );
        await listenOn(server, options.listenerHost, options.gatewayPort);
        gateway = server;
      }
      await this.reconcile();
    },

    reconcile() {
      // Called after every API request: nothing changed, nothing to wait for.
      if (closing !== undefined || (reconciledVersion !== undefined && options.source.changeCount() === reconciledVersion)) return reconciling;
      // One reconcile at a time, in call order; a failed one never blocks the next.
      reconciling = reconciling.then(reconcileOnce, reconcileOnce).catch((error: unknown) => {
        logger.error({ err: error }, 'data-plane reconcile failed');
      });
      return reconciling;
    },

    listeners() {
      return [...entries.values()].map(({ listener, bound, state }) => ({
        listenerArn: listener.arn,
        loadBalancerArn: listener.loadBalancer.arn,
        protocol: listener.protocol,
        port: listener.port,
        boundAddress: bound?.address,
        state,
      }));
    },

    routingSnapshot: current,

    closeTargetConnections: (targets) => proxy.closeTargetConnections(targets),

    gatewayPort() {
      const address = gateway?.address();
      return address !== null && typeof address === 'object' ? address.port : undefined;
    },

    close() {
      closing ??= (async () => {
        await reconciling;
        const servers = [...entries.values()].flatMap((entry) => (entry.bound === undefined ? [] : [entry.bound.server]));
        if (gateway !== undefined) servers.push(gateway);
        entries.clear();
        await Promise.all(servers.map(closeServer));
        proxy.close();
      })();
      return closing;
    },
  };
}
