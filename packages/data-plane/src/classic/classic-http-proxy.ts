import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { CookieKeyRing } from '@elbow/cookies';
import { flatten, incomingRequest, SILENT_LOGGER, TARGET_CONNECT_TIMEOUT_MS, targetPath } from '../alb-proxy.js';
import type { DataPlaneLogger } from '../alb-proxy.js';
import { headerBlockBytes } from '../alb-passes.js';
import type { RandomNumber } from '../choose-target-group.js';
import type { RequestRecordHub } from '../request-record.js';
import type { RandomBytes } from '../trace-id.js';
import { DEBUG_ROUTE_HEADER } from '../debug-route-header.js';
import { createTargetTransport, hasRequestBody, targetRequestHeaders } from '../target-transport.js';
import { classicDebugRouteValue } from './classic-debug-route.js';
import { classicErrorResponse } from './classic-error-response.js';
import type { ClassicErrorStatus } from './classic-error-response.js';
import { classicLoadBalancerKey } from './classic-exchange.js';
import type { ClassicExchange, ClassicPassEnvironment, ClassicResponseHead } from './classic-exchange.js';
import { createClassicExchange, runClassicRequestPasses, runClassicResponsePasses } from './classic-passes.js';
import { classicRecordBase, classicTlsRecord } from './classic-record.js';
import type { ClassicListenerRoute, ClassicLoadBalancerRoute } from './classic-routing-config.js';
import { instanceConnectionKey } from './instance-connections.js';
import type { InstanceConnections } from './instance-connections.js';

export interface ClassicHttpProxyOptions {
  readonly logger?: DataPlaneLogger;
  readonly now: () => number;
  readonly random: RandomNumber;
  readonly randomBytes: RandomBytes;
  /** Asked once per request: the ring rotates. */
  readonly keyRing: () => CookieKeyRing;
  readonly connections: InstanceConnections;
  readonly records?: RequestRecordHub | undefined;
  /** `--debug-headers`: X-Elbow-Route (classic-debug-route.ts) on every answer. */
  readonly debugHeaders?: boolean;
}

export interface ClassicHttpProxy {
  handleRequest(request: IncomingMessage, response: ServerResponse, loadBalancer: ClassicLoadBalancerRoute, listener: ClassicListenerRoute): void;
  close(): void;
}

/** What the proxy learns about one request while it runs, for its record. */
interface Flight {
  readonly exchange: ClassicExchange;
  readonly receivedAtMs: number;
  dispatchedAtMs: number | undefined;
  targetRespondedAtMs: number | undefined;
  targetStatusCode: number | undefined;
  receivedBodyBytes: number;
  sentBodyBytes: number;
  /** One record per request: an error after the head was sent answers, then the response closes too. */
  isPublished: boolean;
}

/**
 * The HTTP/HTTPS side of a classic listener: the passes (classic-passes.ts) decide, node:http
 * carries the request to the instance over keep-alive connections and its answer back through
 * the response passes. The instance is silent past the load balancer's idle timeout → 504 [D5][D7];
 * it refuses, resets or breaks before its response head → 502 (decision, after the ALB's causes
 * in the same guide's troubleshooting page; see UNVERIFIED.md). Back-end certificates are not
 * checked (a classic load balancer checks them only with a BackendServerAuthenticationPolicy).
 */
export function createClassicHttpProxy(options: ClassicHttpProxyOptions): ClassicHttpProxy {
  const logger = options.logger ?? SILENT_LOGGER;
  const cursors = new Map<string, number>();
  // Keep-alive connections to instances; a connection not made within 10 s is a 504, as the ALB's.
  const transport = createTargetTransport({ connectTimeoutMs: TARGET_CONNECT_TIMEOUT_MS });

  function environment(): ClassicPassEnvironment {
    return {
      random: options.random,
      randomBytes: options.randomBytes,
      keyRing: options.keyRing(),
      cursor: (key) => cursors.get(key) ?? 0,
      setCursor: (key, cursor) => void cursors.set(key, cursor),
      inFlight: (key, instanceId) => options.connections.count(instanceConnectionKey(key, instanceId)),
    };
  }

  function debugRoute(exchange: ClassicExchange): [string, string][] {
    return options.debugHeaders === true ? [[DEBUG_ROUTE_HEADER, classicDebugRouteValue(exchange)]] : [];
  }

  function publish(flight: Flight, request: IncomingMessage, elbStatusCode: number | undefined): void {
    const { records } = options;
    if (flight.isPublished || records === undefined || !records.hasListeners()) return;
    flight.isPublished = true;
    const { exchange } = flight;
    const { loadBalancer, listener, instance } = exchange;
    const socket = request.socket;
    const sessionCookieNames = new Set(['AWSELB', 'AWSELBCORS', ...(exchange.stickiness?.kind === 'application' ? [exchange.stickiness.cookieName] : [])]);
    records.publish({
      ...classicRecordBase(loadBalancer, listener),
      receivedAtMs: flight.receivedAtMs,
      dispatchedAtMs: flight.dispatchedAtMs,
      targetRespondedAtMs: flight.targetRespondedAtMs,
      completedAtMs: options.now(),
      clientIp: exchange.request.clientIp,
      clientPort: exchange.request.clientPort,
      target: instance === undefined || flight.dispatchedAtMs === undefined ? undefined : { id: instance.instanceId, host: instance.host, port: listener.instancePort },
      elbStatusCode,
      targetStatusCode: flight.targetStatusCode,
      receivedBytes: headerBlockBytes(exchange.request.headers) + flight.receivedBodyBytes,
      sentBytes: flight.sentBodyBytes,
      // Classic access logs count only bodies on HTTP listeners [access-logs.md §3].
      receivedBodyBytes: flight.receivedBodyBytes,
      sentBodyBytes: flight.sentBodyBytes,
      http: {
        method: exchange.request.method,
        url: exchange.request.url,
        httpVersion: exchange.request.httpVersion,
        host: request.headers.host,
        userAgent: request.headers['user-agent'],
      },
      tls: listener.protocol === 'HTTPS' ? classicTlsRecord(socket as TLSSocket, listener) : undefined,
      stickiness: exchange.stickinessOutcomes,
      sessionCookies: [...exchange.requestCookies].filter(([name]) => sessionCookieNames.has(name)).map(([name, value]) => `${name}=${value}`),
      stickySessionKey: exchange.stickySessionKey,
    });
  }

  function answer(flight: Flight, request: IncomingMessage, response: ServerResponse, status: ClassicErrorStatus): void {
    if (response.headersSent) {
      response.destroy();
      return publish(flight, request, undefined);
    }
    const error = classicErrorResponse(status);
    // The captured 504 kept the connection alive; after a malformed request it cannot be trusted.
    const isClosing = status === 400 || !response.shouldKeepAlive;
    response.writeHead(error.statusCode, error.statusMessage, flatten([...error.headers, ...debugRoute(flight.exchange), ['Connection', isClosing ? 'close' : 'keep-alive']]));
    response.end();
    logger.debug({ loadBalancer: flight.exchange.loadBalancer.name, status }, 'classic request answered by the load balancer');
    publish(flight, request, status);
  }

  function forward(flight: Flight, request: IncomingMessage, response: ServerResponse): void {
    const { exchange } = flight;
    const instanceId = exchange.instance?.instanceId ?? '';
    const method = request.method ?? 'GET';
    flight.dispatchedAtMs = options.now();
    // The body as the client sent it (the transport pipes the request in this same turn).
    request.on('data', (chunk: Buffer) => (flight.receivedBodyBytes += chunk.length));
    // undici reports a request it refuses at once, before `untrack` below exists.
    let untrack = () => {};
    const call = transport.send(
      {
        address: { host: exchange.instance?.host ?? '', port: exchange.listener.instancePort, isHttps: exchange.listener.instanceProtocol === 'HTTPS' },
        method,
        path: targetPath(request.url ?? '/'),
        headers: targetRequestHeaders(exchange.upstreamHeaders ?? []),
        body: hasRequestBody(exchange.request.headers) ? request : undefined,
        idleTimeoutMs: exchange.loadBalancer.idleTimeoutSeconds * 1000,
        onHead: (target) => {
          flight.targetRespondedAtMs = options.now();
          flight.targetStatusCode = target.statusCode;
          if (response.headersSent || response.destroyed) return false;
          const head: ClassicResponseHead = { statusCode: target.statusCode, headers: target.headers };
          try {
            runClassicResponsePasses(exchange, head);
          } catch (error) {
            logger.error({ err: error, loadBalancer: exchange.loadBalancer.name }, 'classic response pass failed');
            answer(flight, request, response, 502);
            return false;
          }
          response.writeHead(head.statusCode, target.statusMessage, flatten([...head.headers, ...exchange.addedResponseHeaders, ...debugRoute(exchange)]));
          response.once('close', () => publish(flight, request, head.statusCode));
          return true;
        },
        onBodyChunk: (chunk) => (flight.sentBodyBytes += chunk.length),
        onFailure: (failure, error) => {
          untrack();
          // The client reset its own connection: nobody is left to answer.
          if (request.socket?.destroyed !== false) return;
          logger.debug({ err: { message: error.message, code: error.code }, instance: instanceId }, 'classic instance failed');
          answer(flight, request, response, failure === 'timeout' ? 504 : 502);
        },
      },
      response,
    );
    // Counted for least outstanding requests, and cut when the instance leaves the snapshot.
    untrack = options.connections.add(instanceConnectionKey(classicLoadBalancerKey(exchange.loadBalancer), instanceId), {
      destroy() {
        call.abort();
        // Mid-answer the connection is cut and the record keeps the status already sent.
        if (response.headersSent) response.destroy();
        else answer(flight, request, response, 502);
      },
    });
    response.once('close', () => {
      untrack();
      if (!response.writableFinished) call.abort();
    });
  }

  return {
    handleRequest(request, response, loadBalancer, listener) {
      const receivedAtMs = options.now();
      const exchange = createClassicExchange(
        incomingRequest(request),
        loadBalancer,
        listener,
        receivedAtMs,
        environment(),
      );
      const flight: Flight = {
        exchange,
        receivedAtMs,
        dispatchedAtMs: undefined,
        targetRespondedAtMs: undefined,
        targetStatusCode: undefined,
        receivedBodyBytes: 0,
        sentBodyBytes: 0,
        isPublished: false,
      };
      try {
        runClassicRequestPasses(exchange);
      } catch (error) {
        // A pass that throws is a bug: the client gets a 502, the emulator keeps serving.
        logger.error({ err: error, loadBalancer: loadBalancer.name }, 'classic request pass failed');
        exchange.answer = 502;
      }
      if (exchange.answer !== undefined || exchange.instance === undefined) {
        request.resume();
        return answer(flight, request, response, exchange.answer ?? 503);
      }
      forward(flight, request, response);
    },

    close() {
      void transport.close();
    },
  };
}
