import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { albErrorResponse } from './alb-error-response.js';
import type { AlbResponse } from './alb-response.js';
import type { AlbExchange, IncomingAlbRequest, PassEnvironment, TargetResponseHead } from './alb-exchange.js';
import { albRequestPasses, albResponsePasses, createExchange, runRequestPasses, runResponsePasses } from './alb-passes.js';
import type { AlbPassSlots } from './alb-passes.js';
import { createBalancerState } from './balancer-state.js';
import type { RandomNumber } from './choose-target-group.js';
import type { HeaderList } from './match-condition.js';
import type { ListenerRoute, RoutingConfig } from './routing-config.js';
import type { RandomBytes } from './trace-id.js';

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
  readonly slots?: AlbPassSlots;
  readonly logger?: DataPlaneLogger;
  readonly now?: () => number;
  readonly random?: RandomNumber;
  readonly randomBytes?: RandomBytes;
  readonly connectTimeoutMs?: number;
}

export interface AlbProxy {
  /** Routes one request that arrived for `listener` (on its own port or through the gateway). */
  handleRequest(request: IncomingMessage, response: ServerResponse, listener: ListenerRoute, config: RoutingConfig): void;
  /** Routes one upgrade (WebSocket) request; the chosen target keeps the connection. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, listener: ListenerRoute, config: RoutingConfig): void;
  close(): void;
}

/**
 * Random bytes from a 4 KB block refilled when used up: one getrandom call per ~340 trace ids
 * instead of one per request (the per-request call was 4 % of the proxy's CPU in bench/).
 */
function pooledRandomBytes(): RandomBytes {
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

/** Per-request facts the proxy's event handlers need. */
interface InFlight {
  readonly exchange: AlbExchange;
  readonly idleTimeoutMs: number;
  readonly startedMs: number;
  isTimedOut: boolean;
  finish(): void;
}

export function idleTimeoutMs(listener: ListenerRoute): number {
  const seconds = Number(listener.loadBalancer.attributes.get('idle_timeout.timeout_seconds') ?? DEFAULT_IDLE_TIMEOUT_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000;
}

function pairs(raw: readonly string[]): [string, string][] {
  const list: [string, string][] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) list.push([raw[index] as string, raw[index + 1] as string]);
  return list;
}

function incomingRequest(request: IncomingMessage): IncomingAlbRequest {
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

/** The forwarded header list as Node's outgoing header object: lower-case names, repeats as arrays. */
function headerObject(headers: HeaderList): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const existing = object[key];
    if (existing === undefined) object[key] = value;
    else if (key === 'host') continue;
    else object[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return object;
}

function flatten(headers: HeaderList): string[] {
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
 * The ALB data path: request passes (alb-passes.ts) decide; http-proxy-3 (the design card's
 * proxy core) carries the request to the chosen target and the target's response back, through
 * the response passes. Failures map to the ALB's own pages (headers-and-routing.md §6 [D3]):
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
  const balancer = createBalancerState();
  const environment: PassEnvironment = {
    random: options.random ?? Math.random,
    randomBytes: options.randomBytes ?? pooledRandomBytes(),
    balancer,
  };
  // Keep-alive connections to targets, as the ALB keeps them (one TCP handshake per request
  // would dominate the latency of a local target).
  const httpAgent = new HttpAgent({ keepAlive: true, maxFreeSockets: 256 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxFreeSockets: 256, rejectUnauthorized: false });
  const proxy = createProxyServer({ xfwd: false, selfHandleResponse: true, prependPath: false, secure: false });
  const inFlight = new WeakMap<IncomingMessage, InFlight>();

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

  proxy.on('proxyReq', (proxyRequest: ClientRequest, request: IncomingMessage, _response: unknown, _options: unknown, socket: Socket) => {
    const flight = inFlight.get(request);
    if (flight === undefined) return;
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
  });

  proxy.on('proxyRes', (proxyResponse: IncomingMessage, request: IncomingMessage, response: ServerResponse) => {
    const flight = inFlight.get(request);
    if (flight === undefined || response.headersSent) return void proxyResponse.resume();
    const head: TargetResponseHead = {
      statusCode: proxyResponse.statusCode ?? 502,
      statusMessage: proxyResponse.statusMessage ?? '',
      headers: pairs(proxyResponse.rawHeaders),
    };
    try {
      runResponsePasses(responsePasses, flight.exchange, head);
    } catch (error) {
      logger.error({ err: error, listener: flight.exchange.listener.arn }, 'response pass failed');
      proxyResponse.destroy();
      return answerFailure(request, response, 502);
    }
    response.sendDate = false;
    response.writeHead(head.statusCode, head.statusMessage, flatten([...head.headers, connectionHeader(response)]));
    // A target that breaks mid-body: the client connection is cut too, never left waiting.
    proxyResponse.once('close', () => {
      if (!proxyResponse.complete) response.destroy();
    });
    proxyResponse.once('error', () => response.destroy());
    proxyResponse.pipe(response);
    response.once('finish', () => logLine(flight, head.statusCode));
  });

  function answerFailure(request: IncomingMessage, response: ServerResponse | Duplex, status: 502 | 503 | 504): void {
    const flight = inFlight.get(request);
    flight?.finish();
    if (flight !== undefined) logLine(flight, status);
    const answer = albErrorResponse(status, now());
    if ('writeHead' in response) {
      if (response.headersSent) return void response.destroy();
      writeAnswer(response, answer, [], request.method === 'HEAD');
    } else {
      writeAnswerToSocket(response, answer);
    }
  }

  function onProxyError(error: Error & { code?: string }, request: IncomingMessage, response: ServerResponse | Duplex): void {
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
    const flight: InFlight = { exchange, idleTimeoutMs: idleTimeoutMs(listener), startedMs, isTimedOut: false, finish };
    inFlight.set(request, flight);
    return flight;
  }

  function targetOptions(flight: InFlight) {
    const { target, targetGroup } = flight.exchange;
    const isHttps = targetGroup?.protocol === 'HTTPS';
    return {
      target: { protocol: isHttps ? 'https:' : 'http:', host: target?.host ?? '', hostname: target?.host ?? '', port: target?.port ?? 0 },
      agent: isHttps ? httpsAgent : httpAgent,
    };
  }

  return {
    handleRequest(request, response, listener, config) {
      const flight = prepare(request, listener, config);
      const { exchange } = flight;
      if (exchange.answer !== undefined || exchange.upstreamHeaders === undefined) {
        const answer = exchange.answer ?? albErrorResponse(503, flight.startedMs);
        writeAnswer(response, answer, exchange.addedResponseHeaders, request.method === 'HEAD');
        logLine(flight, answer.statusCode);
        return;
      }
      response.once('close', flight.finish);
      request.headers = headerObject(exchange.upstreamHeaders);
      proxy.web(request, response, targetOptions(flight), (error: Error, req: IncomingMessage, res: ServerResponse | Duplex) =>
        onProxyError(error, req, res),
      );
    },

    handleUpgrade(request, socket, head, listener, config) {
      socket.on('error', () => socket.destroy());
      const flight = prepare(request, listener, config);
      const { exchange } = flight;
      if (exchange.answer !== undefined || exchange.upstreamHeaders === undefined) {
        writeAnswerToSocket(socket, exchange.answer ?? albErrorResponse(503, flight.startedMs));
        logLine(flight, exchange.answer?.statusCode ?? 503);
        return;
      }
      socket.once('close', flight.finish);
      request.headers = headerObject(exchange.upstreamHeaders);
      logLine(flight, 'upgrade');
      // After 101 the connection belongs to this target; no cookie logic runs on it [cookies.md §1].
      proxy.ws(request, socket, head, { target: targetOptions(flight).target }, (error: Error, req: IncomingMessage, res: ServerResponse | Duplex) =>
        onProxyError(error, req, res),
      );
    },

    close() {
      proxy.close();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
