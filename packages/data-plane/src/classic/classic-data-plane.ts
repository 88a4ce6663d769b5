import { createServer as createHttpServer } from 'node:http';
import { listenOn } from '../listen-on.js';
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import type { CookieKeyRing } from '@elbow/cookies';
import { pooledRandomBytes, SILENT_LOGGER } from '../alb-proxy.js';
import type { DataPlaneLogger } from '../alb-proxy.js';
import type { RandomNumber } from '../choose-target-group.js';
import { formatAddress } from '../data-plane.js';
import { createLoadBalancerCertificates } from '../load-balancer-certificates.js';
import type { LoadBalancerCertificates, TlsCredentials } from '../load-balancer-certificates.js';
import type { RequestRecordHub } from '../request-record.js';
import type { RandomBytes } from '../trace-id.js';
import { classicErrorResponse } from './classic-error-response.js';
import { classicLoadBalancerKey } from './classic-exchange.js';
import { createClassicHttpProxy } from './classic-http-proxy.js';
import type { ClassicListenerRoute, ClassicLoadBalancerRoute, ClassicRoutingConfig, ClassicRoutingConfigSource } from './classic-routing-config.js';
import { createClassicTcpRelay } from './classic-tcp-relay.js';
import { createInstanceConnections, instanceConnectionKey } from './instance-connections.js';

export interface ClassicDataPlaneOptions {
  readonly source: ClassicRoutingConfigSource;
  /** Address listeners bind (`--listener-host`), as for ALB listeners. */
  readonly listenerHost: string;
  /** Added to every listener port (`--listener-port-offset`), as for ALB listeners. */
  readonly listenerPortOffset: number;
  /** The sticky-cookie key ring, asked once per request (it rotates); the ALB's ring. */
  readonly cookieKeyRing: () => CookieKeyRing;
  readonly logger?: DataPlaneLogger;
  readonly certificates?: LoadBalancerCertificates;
  readonly now?: () => number;
  readonly random?: RandomNumber;
  readonly randomBytes?: RandomBytes;
  /** Where finished requests and connections are published (access logs, inspector). */
  readonly records?: RequestRecordHub;
  /** `--debug-headers`: X-Elbow-Route on every HTTP/HTTPS answer, as on ALB listeners. */
  readonly debugHeaders?: boolean;
}

/** One classic listener as `GET /_elbow/listeners` reports it. */
export interface ClassicListenerStatus {
  readonly loadBalancerName: string;
  readonly accountId: string;
  readonly region: string;
  readonly protocol: string;
  /** The listener's own LoadBalancerPort. */
  readonly port: number;
  /** `host:port` actually bound, when bound. */
  readonly boundAddress: string | undefined;
  /** `bound` or `failed: <reason>`. */
  readonly state: string;
}

export interface ClassicDataPlane {
  /** Binds every listener; call once. */
  start(): Promise<void>;
  /** New listeners bound, removed ones closed, changed ones rebound; a port that cannot be bound is reported, never thrown. */
  reconcile(): Promise<void>;
  listeners(): ClassicListenerStatus[];
  /** Closes every listener and open connection; idempotent. */
  close(): Promise<void>;
}

interface ListenerEntry {
  readonly loadBalancer: ClassicLoadBalancerRoute;
  readonly listener: ClassicListenerRoute;
  /** A listener needs a new server when this changes. */
  readonly bindKey: string;
  server: Server | undefined;
  /** HTTP servers: sets the idle timeout of new client connections. */
  setIdleTimeoutMs: ((timeoutMs: number) => void) | undefined;
  address: string | undefined;
  state: string;
}

const entryKey = (loadBalancer: ClassicLoadBalancerRoute, port: number) => `${classicLoadBalancerKey(loadBalancer)}:${port}`;

/**
 * The certificate store keys load balancers by ARN and names the certificate after the DNS name;
 * a classic load balancer is handed to it under its own ARN form (`loadbalancer/<name>`).
 * ACM/IAM certificates named on the listener are not real keys, so elbow serves its own, as for ALBs.
 */
function certificateSubject(loadBalancer: ClassicLoadBalancerRoute) {
  return {
    arn: `arn:aws:elasticloadbalancing:${loadBalancer.region}:${loadBalancer.accountId}:loadbalancer/${loadBalancer.name}`,
    name: loadBalancer.name,
    type: 'application' as const,
    dnsName: loadBalancer.dnsName,
    accountId: loadBalancer.accountId,
    region: loadBalancer.region,
    availabilityZones: loadBalancer.availabilityZones,
    attributes: new Map<string, string>(),
  };
}

/** What Node's HTTP parser refused (malformed, oversized) gets the classic 400, then the connection closes [D7]. */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
  const answer = classicErrorResponse(400);
  const head = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`, ...answer.headers.map(([name, value]) => `${name}: ${value}`), 'Connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n`);
}

/**
 * The classic ELB data plane (issue 6): one server per classic listener, bound on the listener
 * port plus the offset like ALB listeners. HTTP/HTTPS listeners proxy through the classic passes,
 * TCP/SSL listeners relay bytes. Routing reads a snapshot of the control plane and re-reads it
 * whenever the store's change counter moved; when an instance leaves the snapshot (deregistered,
 * or done draining) its open connections are closed.
 */
export function createClassicDataPlane(options: ClassicDataPlaneOptions): ClassicDataPlane {
  const logger = options.logger ?? SILENT_LOGGER;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const certificates = options.certificates ?? createLoadBalancerCertificates();
  const connections = createInstanceConnections();
  const records = options.records;
  const httpProxy = createClassicHttpProxy({
    logger,
    now,
    random,
    randomBytes: options.randomBytes ?? pooledRandomBytes(),
    keyRing: options.cookieKeyRing,
    connections,
    records,
    debugHeaders: options.debugHeaders ?? false,
  });
  const tcpRelay = createClassicTcpRelay({ logger, now, random, connections, records });
  const entries = new Map<string, ListenerEntry>();
  const clientSockets = new Map<Server, Set<Socket>>();
  let snapshot: ClassicRoutingConfig | undefined;
  let reconciledVersion: number | undefined;
  let reconciling: Promise<void> = Promise.resolve();
  let closing: Promise<void> | undefined;

  let routesByKey = new Map<string, { loadBalancer: ClassicLoadBalancerRoute; listener: ClassicListenerRoute }>();

  function current(): ClassicRoutingConfig {
    if (snapshot === undefined || options.source.changeCount() !== snapshot.version) {
      snapshot = options.source.read();
      routesByKey = new Map(
        snapshot.loadBalancers.flatMap((loadBalancer) =>
          loadBalancer.listeners.map((listener) => [entryKey(loadBalancer, listener.loadBalancerPort), { loadBalancer, listener }] as const),
        ),
      );
      // Instances gone from the snapshot (deregistered, or their draining time over) keep no connection.
      const live = new Set(
        snapshot.loadBalancers.flatMap((loadBalancer) =>
          loadBalancer.instances.map((instance) => instanceConnectionKey(classicLoadBalancerKey(loadBalancer), instance.instanceId)),
        ),
      );
      connections.closeAllExcept(live);
    }
    return snapshot;
  }

  /** The listener as the current snapshot has it; undefined once it is gone. */
  function resolve(key: string): { loadBalancer: ClassicLoadBalancerRoute; listener: ClassicListenerRoute } | undefined {
    current();
    return routesByKey.get(key);
  }

  function trackSockets(server: Server): void {
    const sockets = new Set<Socket>();
    clientSockets.set(server, sockets);
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
  }

  function httpServer(key: string, credentials: TlsCredentials | undefined): HttpServer {
    // The client side of the idle timeout (ConnectionSettings [D5]): a connection silent that long
    // is closed, unless its request waits for the instance (that side answers 504 [D7]).
    const busy = new WeakSet<Socket>();
    const onRequest = (request: IncomingMessage, response: ServerResponse) => {
      const route = resolve(key);
      if (route === undefined) return void response.destroy();
      const socket = request.socket;
      busy.add(socket);
      response.once('close', () => busy.delete(socket));
      socket.setTimeout(route.loadBalancer.idleTimeoutSeconds * 1000);
      httpProxy.handleRequest(request, response, route.loadBalancer, route.listener);
    };
    const serverOptions = { requireHostHeader: false };
    const server = credentials === undefined ? createHttpServer(serverOptions, onRequest) : createHttpsServer({ ...serverOptions, ...credentials }, onRequest);
    server.on('clientError', (error: Error, socket: Duplex) => answerClientError(error, socket));
    server.on('timeout', (socket: Socket) => {
      if (!busy.has(socket)) socket.destroy();
    });
    return server;
  }

  function tcpServer(key: string, credentials: TlsCredentials | undefined): Server {
    const onConnection = (socket: Socket) => {
      const route = resolve(key);
      if (route === undefined) return void socket.destroy();
      tcpRelay.handleConnection(socket, route.loadBalancer, route.listener);
    };
    if (credentials === undefined) return createNetServer(onConnection);
    const server = createTlsServer(credentials, (socket: TLSSocket) => onConnection(socket));
    // A client that fails the handshake only loses its own connection.
    server.on('tlsClientError', (_error: Error, socket: TLSSocket) => socket.destroy());
    return server;
  }

  async function bind(entry: ListenerEntry, key: string): Promise<void> {
    const { loadBalancer, listener } = entry;
    const port = listener.loadBalancerPort + options.listenerPortOffset;
    if (port > 65535) {
      entry.state = `failed: port ${listener.loadBalancerPort} + offset ${options.listenerPortOffset} is above 65535`;
      return;
    }
    try {
      const isTls = listener.protocol === 'HTTPS' || listener.protocol === 'SSL';
      const credentials = isTls ? await certificates.forLoadBalancer(certificateSubject(loadBalancer)) : undefined;
      let server: Server;
      if (listener.protocol === 'HTTP' || listener.protocol === 'HTTPS') {
        const http = httpServer(key, credentials);
        entry.setIdleTimeoutMs = (timeoutMs) => {
          http.timeout = timeoutMs;
          http.keepAliveTimeout = timeoutMs;
        };
        entry.setIdleTimeoutMs(loadBalancer.idleTimeoutSeconds * 1000);
        server = http;
      } else {
        server = tcpServer(key, credentials);
      }
      trackSockets(server);
      const boundPort = await listenOn(server, options.listenerHost, port);
      entry.server = server;
      entry.address = formatAddress(options.listenerHost, boundPort);
      entry.state = 'bound';
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      entry.state = `failed: ${code ?? 'error'} ${message ?? String(error)}`.trim();
      logger.warn({ loadBalancer: loadBalancer.name, port, err: { code, message } }, 'classic listener port not bound');
    }
  }

  /**
   * Resolves once the server and every client socket it had are closed. A server reports closed
   * as soon as its connection count drops, which is before its sockets emit 'close' (Node emits
   * that from the handle's close callback, a later event-loop phase); the TCP relay and the HTTP
   * proxy publish a connection's last record on 'close', so waiting for the sockets keeps those
   * records ahead of the access-log flush at shutdown (issue 7).
   */
  function closeServer(server: Server): Promise<void> {
    const sockets = [...(clientSockets.get(server) ?? [])];
    clientSockets.delete(server);
    // Sockets leave the set on 'close' (trackSockets), so every one left still has it to come.
    const socketsClosed = sockets.map((socket) => new Promise<void>((resolveSocket) => socket.once('close', () => resolveSocket())));
    const serverClosed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    for (const socket of sockets) socket.destroy();
    return Promise.all([serverClosed, ...socketsClosed]).then(() => undefined);
  }

  async function reconcileOnce(): Promise<void> {
    if (closing !== undefined) return;
    const config = current();
    if (config.version === reconciledVersion) return;
    reconciledVersion = config.version;
    const seen = new Set<string>();
    const closes: Promise<void>[] = [];
    const binds: [ListenerEntry, string][] = [];
    for (const loadBalancer of config.loadBalancers) {
      for (const listener of loadBalancer.listeners) {
        const key = entryKey(loadBalancer, listener.loadBalancerPort);
        seen.add(key);
        const bindKey = `${listener.protocol} ${listener.loadBalancerPort + options.listenerPortOffset}`;
        const existing = entries.get(key);
        if (existing !== undefined && existing.bindKey === bindKey && existing.server !== undefined) {
          entries.set(key, { ...existing, loadBalancer, listener });
          // New HTTP connections get the load balancer's current idle timeout.
          existing.setIdleTimeoutMs?.(loadBalancer.idleTimeoutSeconds * 1000);
          continue;
        }
        if (existing?.server !== undefined) closes.push(closeServer(existing.server));
        const entry: ListenerEntry = { loadBalancer, listener, bindKey, server: undefined, setIdleTimeoutMs: undefined, address: undefined, state: 'binding' };
        entries.set(key, entry);
        binds.push([entry, key]);
      }
    }
    for (const [key, entry] of entries) {
      if (seen.has(key)) continue;
      entries.delete(key);
      if (entry.server !== undefined) closes.push(closeServer(entry.server));
    }
    // Ports are freed before they are bound again, then bound one by one in snapshot order.
    await Promise.all(closes);
    for (const [entry, key] of binds) await bind(entry, key);
  }

  return {
    start() {
      return this.reconcile();
    },

    reconcile() {
      if (closing !== undefined || (reconciledVersion !== undefined && options.source.changeCount() === reconciledVersion)) return reconciling;
      reconciling = reconciling.then(reconcileOnce, reconcileOnce).catch((error: unknown) => {
        logger.error({ err: error }, 'classic data-plane reconcile failed');
      });
      return reconciling;
    },

    listeners() {
      return [...entries.values()].map(({ loadBalancer, listener, address, state }) => ({
        loadBalancerName: loadBalancer.name,
        accountId: loadBalancer.accountId,
        region: loadBalancer.region,
        protocol: listener.protocol,
        port: listener.loadBalancerPort,
        boundAddress: address,
        state,
      }));
    },

    close() {
      closing ??= (async () => {
        await reconciling;
        const servers = [...entries.values()].flatMap((entry) => (entry.server === undefined ? [] : [entry.server]));
        entries.clear();
        connections.closeAll();
        await Promise.all(servers.map(closeServer));
        httpProxy.close();
      })();
      return closing;
    },
  };
}
