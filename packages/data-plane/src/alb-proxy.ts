import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, RequestOptions, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { albErrorResponse } from './alb-error-response.js';
import type { AlbResponse } from './alb-response.js';
import type { AlbExchange, IncomingAlbRequest, PassEnvironment, TargetResponseHead } from './alb-exchange.js';
import { albRequestPasses, albResponsePasses, createExchange, headerBlockBytes, runRequestPasses, runResponsePasses } from './alb-passes.js';
import type { AlbPassSlots } from './alb-passes.js';
import { albRequestRecord } from './alb-request-record.js';
import type { AlbRequestRecord, RequestRecordHub, TlsRecord } from './request-record.js';
import { createBalancerState } from './balancer-state.js';
import type { InMemoryBalancerState } from './balancer-state.js';
import type { RandomNumber } from './choose-target-group.js';
import { createInstanceConnections } from './classic/instance-connections.js';
import type { HeaderList } from './match-condition.js';
import type { ListenerRoute, RoutingConfig } from './routing-config.js';
import type { RandomBytes } from './trace-id.js';
import { createTargetTransport, hasRequestBody, targetRequestHeaders } from './target-transport.js';
import type { TargetExchange, TargetHead } from './target-transport.js';

/** The slice of a pino logger the data plane writes to (Fastify's `app.log` fits). */
export interface DataPlaneLogger {
  /** Whether debug lines are written; when false the per-request line is never even built. */
  isDebugEnabled?(): boolean;
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const SILENT_LOGGER: DataPlaneLogger = { debug() {}, warn() {}, error() {} };

/** No connection to the target within 10 s → 504 (headers-and-routing.md §6 [D3]). */
export const TARGET_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

export interface AlbProxyOptions {
  /** Cursors and in-flight counts; passed in when something else reads them (`elbow explain`). */
  readonly balancer?: InMemoryBalancerState;
  readonly slots?: AlbPassSlots;
  readonly logger?: DataPlaneLogger;
  readonly now?: () => number;
  readonly random?: RandomNumber;
  readonly randomBytes?: RandomBytes;
  readonly connectTimeoutMs?: number;
  /** Where each finished request's record goes (access logs, inspector); built only while someone listens. */
  readonly records?: RequestRecordHub;
}

export interface AlbProxy {
  /** Routes one request that arrived for `listener` (on its own port or through the gateway). */
  handleRequest(request: IncomingMessage, response: ServerResponse, listener: ListenerRoute, config: RoutingConfig): void;
  /** Routes one upgrade (WebSocket) request; the chosen target keeps the connection. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, listener: ListenerRoute, config: RoutingConfig): void;
  /**
   * Closes what is still open to targets whose deregistration delay just ended (in-flight
   * requests, WebSocket connections); `port` NO_PORT (0): every port of the target in that group.
   */
  closeTargetConnections(targets: readonly DrainedTarget[]): void;
  close(): void;
}

/** A target whose drain ended (elbv2's ExpiredDrain). */
export interface DrainedTarget {
  readonly targetGroupArn: string;
  readonly targetId: string;
  readonly port: number;
}

/** The key the proxy tracks a target's open connections under: group, target id, port. */
const targetConnectionKey = (targetGroupArn: string, targetId: string, port: number) => `${targetGroupArn}\u0000${targetId}\u0000${port}`;

/**
 * Random bytes from a 4 KB block refilled when used up: one getrandom call per ~340 trace ids
 * instead of one per request (the per-request call was 4 % of the proxy's CPU in bench/).
 */
export function pooledRandomBytes(): RandomBytes {
  const POOL_BYTES = 4096;
  let pool = cryptoRandomBytes(POOL_BYTES);
  let offset = 0;
  return (size) => {
    if (size > POOL_BYTES) return cryptoRandomBytes(size);
    if (offset + size > POOL_BYTES) {
      pool = cryptoRandomBytes(POOL_BYTES);
      offset = 0;
    }
    const bytes = pool.subarray(offset, offset + size);
    offset += size;
    return bytes;
  };
}

/** What the proxy measures for a request's record, filled as the request goes (only when records are wanted). */
interface RecordDraft {
  readonly type: AlbRequestRecord['type'];
  /** The request line and header block as Node parsed them (see UNVERIFIED.md of packages/access-logs). */
  readonly headBytes: number;
  bodyBytes: number;
  /** The client socket's byte counter when the request arrived: its growth is this answer's size. */
  readonly bytesWrittenAtStart: number;
  dispatchedAtMs: number | undefined;
  targetRespondedAtMs: number | undefined;
  targetStatusCode: number | undefined;
  elbStatusCode: number | undefined;
  isPublished: boolean;
}

/** Per-request facts the proxy's event handlers need. */
interface InFlight {
  readonly exchange: AlbExchange;
  readonly idleTimeoutMs: number;
  readonly startedMs: number;
  isTimedOut: boolean;
  finish(): void;
  readonly record: RecordDraft | undefined;
}

/** The request as it crossed the wire: `METHOD target HTTP/x.y CRLF`, the header lines, the blank line. */
function requestHeadBytes(request: IncomingAlbRequest): number {
  const line = Buffer.byteLength(request.method) + Buffer.byteLength(request.url) + request.httpVersion.length + 9 + 2;
  return line + headerBlockBytes(request.headers) + 2;
}

/** The TLS facts of the client's connection [access-logs.md §2 fields 15, 16, 19, 20]. */
function tlsRecord(socket: Duplex | Socket, listener: ListenerRoute): TlsRecord | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  return {
    cipher: socket.getCipher()?.name ?? '',
    protocol: socket.getProtocol() ?? '',
    serverName: typeof socket.servername === 'string' && socket.servername !== '' ? socket.servername : undefined,
    // elbow serves its own certificate; the log names the listener's default one, as AWS does [D1].
    certificateArn: listener.certificateArns[0],
  };
}

const byteCount = (socket: Duplex | Socket, counter: 'bytesRead' | 'bytesWritten'): number =>
  counter in socket ? Number((socket as Socket)[counter]) || 0 : 0;

export function idleTimeoutMs(listener: ListenerRoute): number {
  const seconds = Number(listener.loadBalancer.attributes.get('idle_timeout.timeout_seconds') ?? DEFAULT_IDLE_TIMEOUT_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000;
}

function pairs(raw: readonly string[]): [string, string][] {
  const list: [string, string][] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) list.push([raw[index] as string, raw[index + 1] as string]);
  return list;
}

/** The values the passes read from a Node request (the classic proxy reads the same, less `isUpgrade`). */
export function incomingRequest(request: IncomingMessage): IncomingAlbRequest {
  const socket = request.socket;
  return {
    method: request.method ?? 'GET',
    url: request.url ?? '/',
    httpVersion: request.httpVersion,
    headers: pairs(request.rawHeaders),
    clientIp: socket.remoteAddress ?? '',
    clientPort: socket.remotePort ?? 0,
    isUpgrade: request.headers.upgrade !== undefined,
  };
}

/**
 * The path sent to the target: the request target read as a URL and written back as path and
 * query (absolute-form loses its origin, dot segments are resolved, the characters URLs escape
 * are escaped), as http-proxy-3 sent it when it was the proxy core, so targets see the same
 * request line. A target no URL parser accepts goes out as received.
 */
export function targetPath(url: string): string {
  try {
    // A leading `//` would read as a host; it is a path here.
    const parsed = url.startsWith('//') ? new URL(`http://base.invalid${url}`) : new URL(url, 'http://base.invalid');
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

const UPGRADE_TOKEN = /(^|,)\s*upgrade\s*($|,)/i;

/** The target's 101 head, written to the client's socket as received (names and order kept). */
function switchingProtocolsHead(response: IncomingMessage): string {
  const lines = ['HTTP/1.1 101 Switching Protocols'];
  const raw = response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) lines.push(`${raw[index]}: ${raw[index + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const HOP_BY_HOP_ON_SOCKET = new Set(['connection', 'transfer-encoding', 'keep-alive']);

/**
 * A target's ordinary (non-101) answer to an upgrade request, written to the client's raw socket:
 * status and headers as received, the body re-framed (its length, or chunked when the target gave
 * none), then the connection closes; the upgrade did not happen.
 */
function writeTargetAnswerToSocket(socket: Duplex, request: IncomingMessage, response: IncomingMessage): void {
  if (socket.destroyed || !socket.writable) return void response.resume();
  const isChunked = request.httpVersion === '1.1' && response.headers['content-length'] === undefined;
  const lines = [`HTTP/${request.httpVersion} ${response.statusCode ?? 502} ${response.statusMessage ?? ''}`];
  const raw = response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if (!HOP_BY_HOP_ON_SOCKET.has((raw[index] as string).toLowerCase())) lines.push(`${raw[index]}: ${raw[index + 1]}`);
  }
  if (isChunked) lines.push('Transfer-Encoding: chunked');
  lines.push('Connection: close');
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  response.on('data', (chunk: Buffer) => {
    socket.write(isChunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
  });
  response.once('end', () => socket.end(isChunked ? '0\r\n\r\n' : undefined));
  response.once('error', () => socket.destroy());
}

/** A socket carrying an upgraded connection: no idle timer of Node's, no Nagle delay, TCP keep-alive. */
function holdUpgradedSocket(socket: Socket | Duplex): void {
  if (!('setNoDelay' in socket)) return;
  socket.setTimeout(0);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 0);
}

export function flatten(headers: HeaderList): string[] {
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  return flat;
}

/**
 * `Connection` as the ALB writes it (`keep-alive` in the captured 503 [G1]) and nothing else:
 * written by hand, Node adds no `Keep-Alive: timeout=` line, which ALB answers never carry.
 */
function connectionHeader(response: ServerResponse, isClosing = false): [string, string] {
  return ['Connection', response.shouldKeepAlive && !isClosing ? 'keep-alive' : 'close'];
}

// After a request the ALB refused as malformed, the rest of the connection cannot be trusted
// (its body may be another request): the connection is closed.
const CLOSING_STATUSES = new Set([400, 501]);

/** Writes an answer of the ALB's own; `Date` is in it, so Node must not add a second one. */
function writeAnswer(response: ServerResponse, answer: AlbResponse, added: HeaderList, isHead: boolean): void {
  response.sendDate = false;
  response.writeHead(answer.statusCode, answer.statusMessage, flatten([...answer.headers, connectionHeader(response, CLOSING_STATUSES.has(answer.statusCode)), ...added]));
  response.end(isHead ? undefined : answer.body);
}

/** The same answer on a raw socket (upgrade requests have no ServerResponse). */
function writeAnswerToSocket(socket: Duplex, answer: AlbResponse): void {
  if (!socket.writable) return void socket.destroy();
  const head = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`, ...answer.headers.map(([name, value]) => `${name}: ${value}`), 'Connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n${answer.body}`);
}

/**
 * The ALB data path: request passes (alb-passes.ts) decide; the target transport
 * (target-transport.ts, undici over keep-alive pools) carries the request to the chosen target
 * and the target's response back, through the response passes; WebSocket upgrades go over a
 * node:http request of their own. (http-proxy-3, the design card's core, was replaced after
 * bench/data-plane.js measured bare forwarders on node:http's client and then on undici clearly
 * faster, as issue 4 allows.) Failures map to the ALB's own pages (headers-and-routing.md §6 [D3]):
 * refused, reset or broken before the response head → 502; no connection within 10 s or a
 * target silent past the load balancer's idle timeout → 504. A target that breaks after its
 * response head has started cannot be answered with a page: the client connection is cut.
 */
export function createAlbProxy(options: AlbProxyOptions = {}): AlbProxy {
  const logger = options.logger ?? SILENT_LOGGER;
  const now = options.now ?? Date.now;
  const connectTimeoutMs = options.connectTimeoutMs ?? TARGET_CONNECT_TIMEOUT_MS;
  const requestPasses = albRequestPasses(options.slots);
  const responsePasses = albResponsePasses(options.slots);
  const balancer = options.balancer ?? createBalancerState();
  const environment: PassEnvironment = {
    random: options.random ?? Math.random,
    randomBytes: options.randomBytes ?? pooledRandomBytes(),
    balancer,
  };
  // Keep-alive connections to targets, as the ALB keeps them (one TCP handshake per request
  // would dominate the latency of a local target).
  const transport = createTargetTransport({ connectTimeoutMs });
  const inFlight = new WeakMap<IncomingMessage, InFlight>();
  // Open requests and WebSocket connections per target, closed when its deregistration delay ends
  // ("in-flight requests complete" during the delay; then the connections are closed [D7]).
  const targetConnections = createInstanceConnections();
  const records = options.records;
  // The access log's conn_trace_id: one per client connection (UNVERIFIED.md of packages/access-logs).
  const connectionTraceIds = new WeakMap<object, string>();

  function connectionTraceId(socket: object): string {
    let id = connectionTraceIds.get(socket);
    if (id === undefined) {
      id = `TID_${Buffer.from(environment.randomBytes(16)).toString('hex')}`;
      connectionTraceIds.set(socket, id);
    }
    return id;
  }

  /**
   * Publishes the request's record once it is over. HTTP: the client's response closed (bytes
   * sent: what the client socket took meanwhile); WebSocket: the connection closed (bytes: the
   * whole connection's). A response closed before any head was sent means the client left
   * first: ALB's 460 (headers-and-routing.md §6).
   */
  function publishRecord(flight: InFlight, request: IncomingMessage, socket: Duplex | Socket, response?: ServerResponse): void {
    const draft = flight.record;
    if (draft === undefined || draft.isPublished || records === undefined) return;
    draft.isPublished = true;
    const isConnection = draft.type === 'ws' || draft.type === 'wss';
    let elbStatusCode = draft.elbStatusCode;
    if (response !== undefined && !response.headersSent && !response.writableFinished) elbStatusCode ??= 460;
    try {
      records.publish(
        albRequestRecord(flight.exchange, {
          type: draft.type,
          receivedAtMs: flight.startedMs,
          dispatchedAtMs: draft.dispatchedAtMs,
          targetRespondedAtMs: draft.targetRespondedAtMs,
          completedAtMs: now(),
          elbStatusCode,
          targetStatusCode: draft.targetStatusCode,
          receivedBytes: isConnection ? byteCount(socket, 'bytesRead') : draft.headBytes + draft.bodyBytes,
          sentBytes: byteCount(socket, 'bytesWritten') - draft.bytesWrittenAtStart,
          tls: tlsRecord(request.socket, flight.exchange.listener),
          connectionTraceId: connectionTraceId(request.socket),
        }),
      );
    } catch (error) {
      logger.error({ err: error, listener: flight.exchange.listener.arn }, 'request record failed');
    }
  }

  function logLine(flight: InFlight, statusCode: number | string): void {
    if (logger.isDebugEnabled?.() === false) return;
    const { exchange } = flight;
    logger.debug(
      {
        listener: exchange.listener.arn,
        method: exchange.request.method,
        url: exchange.request.url,
        status: statusCode,
        targetGroup: exchange.targetGroup?.arn,
        target: exchange.target === undefined ? undefined : `${exchange.target.host}:${exchange.target.port}`,
        elapsedMs: now() - flight.startedMs,
        ...exchange.notes,
      },
      'alb request',
    );
  }

  /** Connect and idle timeouts on the request to the target, once it has a socket. */
  function watchTarget(flight: InFlight, proxyRequest: ClientRequest, socket: Socket): void {
    // The target stays silent past the idle timeout → 504 [D3].
    proxyRequest.setTimeout(flight.idleTimeoutMs, () => {
      flight.isTimedOut = true;
      proxyRequest.destroy();
    });
    if (socket.connecting) {
      const timer = setTimeout(() => {
        flight.isTimedOut = true;
        proxyRequest.destroy();
      }, connectTimeoutMs);
      timer.unref();
      const clear = () => clearTimeout(timer);
      socket.once('connect', clear);
      socket.once('close', clear);
    }
  }

  /** The target's head: through the response passes to the client; false when the ALB answers instead. */
  function onTargetResponse(flight: InFlight, targetHead: TargetHead, request: IncomingMessage, response: ServerResponse): boolean {
    if (response.headersSent || response.destroyed) return false;
    if (flight.record !== undefined) {
      flight.record.targetRespondedAtMs = now();
      flight.record.targetStatusCode = targetHead.statusCode;
    }
    const head: TargetResponseHead = { statusCode: targetHead.statusCode, statusMessage: targetHead.statusMessage, headers: targetHead.headers };
    try {
      runResponsePasses(responsePasses, flight.exchange, head);
    } catch (error) {
      logger.error({ err: error, listener: flight.exchange.listener.arn }, 'response pass failed');
      answerFailure(request, response, 502);
      return false;
    }
    if (flight.record !== undefined) flight.record.elbStatusCode = head.statusCode;
    response.sendDate = false;
    response.writeHead(head.statusCode, head.statusMessage, flatten([...head.headers, connectionHeader(response)]));
    // A listener per request only when its debug line will be written.
    if (logger.isDebugEnabled?.() !== false) response.once('finish', () => logLine(flight, head.statusCode));
    return true;
  }

  function answerFailure(request: IncomingMessage, response: ServerResponse | Duplex, status: 502 | 503 | 504): void {
    const flight = inFlight.get(request);
    flight?.finish();
    if (flight !== undefined) logLine(flight, status);
    if (flight?.record !== undefined) flight.record.elbStatusCode = status;
    const answer = albErrorResponse(status, now());
    if ('writeHead' in response) {
      if (response.headersSent) return void response.destroy();
      writeAnswer(response, answer, [], request.method === 'HEAD');
    } else {
      writeAnswerToSocket(response, answer);
    }
  }

  function onTargetError(error: Error & { code?: string }, request: IncomingMessage, response: ServerResponse | Duplex): void {
    const flight = inFlight.get(request);
    const status = flight?.isTimedOut === true ? 504 : 502;
    logger.debug({ err: { message: error.message, code: error.code }, status }, 'target failed');
    answerFailure(request, response, status);
  }

  function prepare(request: IncomingMessage, listener: ListenerRoute, config: RoutingConfig): InFlight {
    const startedMs = now();
    const exchange = createExchange(incomingRequest(request), listener, config, startedMs, environment);
    let finish = () => {};
    try {
      runRequestPasses(requestPasses, exchange);
    } catch (error) {
      // A pass that throws is a bug; the client gets the ALB's 502, the emulator keeps serving.
      logger.error({ err: error, listener: listener.arn }, 'request pass failed');
      exchange.answer = albErrorResponse(502, startedMs);
    }
    if (exchange.answer === undefined && exchange.targetGroup !== undefined && exchange.target !== undefined) {
      finish = balancer.begin(exchange.targetGroup.arn, exchange.target);
    }
    const isTls = request.socket instanceof TLSSocket;
    // Zero cost when nobody listens: no draft, no counting.
    const record: RecordDraft | undefined =
      records?.hasListeners() === true
        ? {
            type: exchange.request.isUpgrade ? (isTls ? 'wss' : 'ws') : isTls ? 'https' : 'http',
            headBytes: requestHeadBytes(exchange.request),
            bodyBytes: 0,
            bytesWrittenAtStart: exchange.request.isUpgrade ? 0 : byteCount(request.socket, 'bytesWritten'),
            dispatchedAtMs: undefined,
            targetRespondedAtMs: undefined,
            targetStatusCode: undefined,
            elbStatusCode: undefined,
            isPublished: false,
          }
        : undefined;
    const flight: InFlight = { exchange, idleTimeoutMs: idleTimeoutMs(listener), startedMs, isTimedOut: false, finish, record };
    inFlight.set(request, flight);
    return flight;
  }

  /**
   * An upgrade request to the chosen target, on a connection of its own that the client's
   * WebSocket keeps after 101 (node:http hands the raw socket over; the transport keeps its pool).
   */
  function upgradeRequest(flight: InFlight, request: IncomingMessage): ClientRequest {
    const { target, targetGroup } = flight.exchange;
    const isHttps = targetGroup?.protocol === 'HTTPS';
    const host = target?.host ?? '';
    const hostname = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    const method = request.method ?? 'GET';
    const headers = targetRequestHeaders(flight.exchange.upstreamHeaders ?? [], { keepsUpgrade: true });
    const connection = headers.findIndex((name, index) => index % 2 === 0 && name === 'connection');
    if (connection < 0) headers.push('connection', 'close');
    else if (!UPGRADE_TOKEN.test(headers[connection + 1] ?? '')) headers[connection + 1] = 'close';
    const options: RequestOptions & { rejectUnauthorized?: boolean } = {
      host,
      hostname,
      port: target?.port ?? 0,
      method,
      path: targetPath(request.url ?? '/'),
      headers,
      agent: false,
    };
    // Targets' certificates are not checked, as the ALB does not check them (headers-and-routing.md).
    if (isHttps) options.rejectUnauthorized = false;
    return isHttps ? httpsRequest(options) : httpRequest(options);
  }

  function trackTarget(flight: InFlight, connection: { destroy(): void }): () => void {
    const { targetGroup, target } = flight.exchange;
    if (targetGroup === undefined || target === undefined) return () => undefined;
    return targetConnections.add(targetConnectionKey(targetGroup.arn, target.id, target.port), connection);
  }

  function forward(flight: InFlight, request: IncomingMessage, response: ServerResponse): void {
    const { exchange } = flight;
    if (flight.record !== undefined) flight.record.dispatchedAtMs = now();
    const method = request.method ?? 'GET';
    const call: TargetExchange = transport.send(
      {
        address: { host: exchange.target?.host ?? '', port: exchange.target?.port ?? 0, isHttps: exchange.targetGroup?.protocol === 'HTTPS' },
        method,
        path: targetPath(request.url ?? '/'),
        headers: targetRequestHeaders(exchange.upstreamHeaders ?? []),
        body: hasRequestBody(exchange.request.headers) ? request : undefined,
        idleTimeoutMs: flight.idleTimeoutMs,
        onHead: (head) => onTargetResponse(flight, head, request, response),
        onFailure: (failure, error) => {
          // The client reset its own connection: nobody is left to answer.
          if (request.socket?.destroyed !== false) return;
          flight.isTimedOut = failure === 'timeout';
          onTargetError(error, request, response);
        },
      },
      response,
    );
    // At the end of the target's drain an unfinished request is cut as a broken target's is.
    const untrack = trackTarget(flight, {
      destroy() {
        call.abort();
        if (response.headersSent) response.destroy();
        else answerFailure(request, response, 502);
      },
    });
    // A client gone before its answer is complete: the target's request goes too.
    response.once('close', () => {
      untrack();
      if (!response.writableFinished) call.abort();
    });
  }

  function forwardUpgrade(flight: InFlight, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Only WebSocket upgrades of GET requests are proxied (as the proxy core did); others are cut.
    if (request.method !== 'GET' || request.headers.upgrade?.toLowerCase() !== 'websocket') return void socket.destroy();
    const targetSockets: Duplex[] = [];
    socket.once('close', () => {
      for (const targetSocket of targetSockets) targetSocket.end();
    });
    socket.on('error', () => {
      for (const targetSocket of targetSockets) targetSocket.end();
    });
    holdUpgradedSocket(socket);
    if (head.length > 0) socket.unshift(head);
    if (flight.record !== undefined) flight.record.dispatchedAtMs = now();
    const proxyRequest = upgradeRequest(flight, request);
    proxyRequest.once('socket', (targetSocket: Socket) => watchTarget(flight, proxyRequest, targetSocket));
    // The client's side too: an upgraded connection is closed whole.
    const untrack = trackTarget(flight, {
      destroy() {
        proxyRequest.destroy();
        socket.destroy();
      },
    });
    socket.once('close', untrack);
    const onError = (error: Error & { code?: string }) => {
      onTargetError(error, request, socket);
      if ('destroySoon' in socket && typeof socket.destroySoon === 'function') socket.destroySoon();
    };
    proxyRequest.on('error', onError);
    proxyRequest.once('upgrade', (proxyResponse: IncomingMessage, targetSocket: Socket, targetHead: Buffer) => {
      // The target answered 101: its idle/connect timers no longer apply to the connection.
      proxyRequest.setTimeout(0);
      if (flight.record !== undefined) {
        flight.record.targetRespondedAtMs = now();
        flight.record.targetStatusCode = proxyResponse.statusCode ?? 101;
        flight.record.elbStatusCode = proxyResponse.statusCode ?? 101;
      }
      targetSockets.push(targetSocket);
      targetSocket.on('error', onError);
      targetSocket.once('close', () => socket.end());
      holdUpgradedSocket(targetSocket);
      if (targetHead.length > 0) targetSocket.unshift(targetHead);
      socket.write(switchingProtocolsHead(proxyResponse));
      targetSocket.pipe(socket).pipe(targetSocket);
    });
    // A target that declines the upgrade: its answer goes back as it came, then the connection closes.
    proxyRequest.once('response', (proxyResponse: IncomingMessage) => {
      if (flight.record !== undefined) {
        flight.record.targetRespondedAtMs = now();
        flight.record.targetStatusCode = proxyResponse.statusCode;
        flight.record.elbStatusCode = proxyResponse.statusCode;
      }
      writeTargetAnswerToSocket(socket, request, proxyResponse);
    });
    proxyRequest.end();
  }

  return {
    handleRequest(request, response, listener, config) {
      const flight = prepare(request, listener, config);
      const { exchange } = flight;
      const draft = flight.record;
      if (draft !== undefined) {
        // The body as the client sent it, forwarded or not (the transport pipes the request in
        // the same turn, so this listener takes nothing away from the target).
        request.on('data', (chunk: Buffer) => (draft.bodyBytes += chunk.length));
        response.once('close', () => publishRecord(flight, request, request.socket, response));
      }
      if (exchange.answer !== undefined || exchange.upstreamHeaders === undefined) {
        const answer = exchange.answer ?? albErrorResponse(503, flight.startedMs);
        if (draft !== undefined) draft.elbStatusCode = answer.statusCode;
        writeAnswer(response, answer, exchange.addedResponseHeaders, request.method === 'HEAD');
        logLine(flight, answer.statusCode);
        return;
      }
      response.once('close', flight.finish);
      forward(flight, request, response);
    },

    handleUpgrade(request, socket, head, listener, config) {
      socket.on('error', () => socket.destroy());
      const flight = prepare(request, listener, config);
      const { exchange } = flight;
      if (flight.record !== undefined) socket.once('close', () => publishRecord(flight, request, socket));
      if (exchange.answer !== undefined || exchange.upstreamHeaders === undefined) {
        if (flight.record !== undefined) flight.record.elbStatusCode = exchange.answer?.statusCode ?? 503;
        writeAnswerToSocket(socket, exchange.answer ?? albErrorResponse(503, flight.startedMs));
        logLine(flight, exchange.answer?.statusCode ?? 503);
        return;
      }
      socket.once('close', flight.finish);
      logLine(flight, 'upgrade');
      // After 101 the connection belongs to this target; no cookie logic runs on it [cookies.md §1].
      forwardUpgrade(flight, request, socket, head);
    },

    closeTargetConnections(targets) {
      for (const { targetGroupArn, targetId, port } of targets) {
        const exact = targetConnectionKey(targetGroupArn, targetId, port);
        const anyPort = `${targetGroupArn}\u0000${targetId}\u0000`;
        targetConnections.closeMatching((key) => (port === 0 ? key.startsWith(anyPort) : key === exact));
      }
    },

    close() {
      void transport.close();
    },
  };
}
