import type { ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { HeaderList } from './match-condition.js';

/**
 * How the ALB and classic proxies carry a request to a target and its answer back: undici's
 * dispatcher over pooled keep-alive connections. bench/data-plane.js measured a bare forwarder
 * on undici at about 1.5 times one on node:http's ClientRequest and Agent (both behind the same
 * node:http server), so the proxies use it for every request except upgrades, which hand the
 * raw socket over (alb-proxy.ts keeps node:http for those).
 */

/** Where a request goes. */
export interface TargetAddress {
  /** A host name, an IPv4 address, or an IPv6 address (bare `::1` or bracketed `[::1]`). */
  readonly host: string;
  readonly port: number;
  readonly isHttps: boolean;
}

/** The target's response head as the proxies' response passes read it. */
export interface TargetHead {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Header fields in the target's order, names as sent, repeats (Set-Cookie) kept. */
  readonly headers: [name: string, value: string][];
}

/** Why a target call ended without a response head. */
export type TargetFailure = 'timeout' | 'failed';

export interface TargetCall {
  readonly address: TargetAddress;
  readonly method: string;
  /** The request target as the target sees it (`/a?b`). */
  readonly path: string;
  /** The request headers as they go out (see `targetRequestHeaders`). */
  readonly headers: readonly string[];
  /** The client's request body; undefined when the request has none. */
  readonly body: Readable | undefined;
  /** Silence allowed from the target, waiting for its head and between body chunks (the idle timeout). */
  readonly idleTimeoutMs: number;
  /**
   * The target's head arrived: write it to the client (`response.writeHead`) and return true,
   * or return false to drop the target's answer (the call is aborted; answer the client yourself).
   */
  onHead(head: TargetHead): boolean;
  /** Each response body chunk as it passes to the client (for byte counts). */
  onBodyChunk?(chunk: Buffer): void;
  /** The call ended before a head arrived; `error` for the debug log. */
  onFailure(failure: TargetFailure, error: Error & { code?: string }): void;
}

/** A request in flight to a target. */
export interface TargetExchange {
  /** Stops the call (the client left, or the target's drain ended); nothing more is reported. */
  abort(): void;
}

export interface TargetTransport {
  /** Sends `call`; the target's body goes to `response`, which is ended or destroyed with it. */
  send(call: TargetCall, response: ServerResponse): TargetExchange;
  close(): Promise<void>;
}

// Errors that mean the target kept silent too long rather than refused or broke [D3].
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Fields a proxy never sends on its own connection to the target: the framing is the
 * transport's (`Transfer-Encoding`, a second `Host`/`Content-Length`), `Expect` was answered
 * already by node:http's server (it sent the client 100 Continue), `Trailer` announces trailers
 * that are never forwarded, and the connection fields belong to the client's connection.
 */
const NOT_SENT_TO_TARGETS = new Set(['transfer-encoding', 'expect', 'trailer', 'connection', 'keep-alive', 'upgrade', 'proxy-connection']);

const UPGRADE_FIELDS = new Set(['connection', 'upgrade']);

/**
 * The header fields sent to a target, flat (`name, value, ...`, as node:http's `rawHeaders`)
 * with lower-case names, from the forwarded list: the fields above left out (an upgrade request
 * keeps Connection and Upgrade), one Host, one Content-Length. A request without a body goes
 * without Content-Length when its method expects none (GET, HEAD, DELETE, OPTIONS...): undici
 * writes `content-length: 0` only for POST, PUT and PATCH (UNVERIFIED.md).
 */
export function targetRequestHeaders(headers: HeaderList, options: { readonly keepsUpgrade?: boolean } = {}): string[] {
  const flat: string[] = [];
  let hasHost = false;
  let hasLength = false;
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (NOT_SENT_TO_TARGETS.has(key) && !(options.keepsUpgrade === true && UPGRADE_FIELDS.has(key))) continue;
    if (key === 'host') {
      if (hasHost) continue;
      hasHost = true;
    } else if (key === 'content-length') {
      if (hasLength) continue;
      hasLength = true;
    }
    flat.push(key, value);
  }
  return flat;
}

/** Whether a request announces a body (a length other than 0, or chunked framing). */
export function hasRequestBody(headers: HeaderList): boolean {
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (key === 'transfer-encoding') return true;
    if (key === 'content-length' && value.trim() !== '0') return true;
  }
  return false;
}

function headPairs(raw: Buffer[]): [string, string][] {
  const list: [string, string][] = [];
  // latin1: byte for byte what node:http's parser gives for field values.
  for (let index = 0; index + 1 < raw.length; index += 2) list.push([(raw[index] as Buffer).toString('latin1'), (raw[index + 1] as Buffer).toString('latin1')]);
  return list;
}

export function createTargetTransport(options: { readonly connectTimeoutMs: number }): TargetTransport {
  // Targets' certificates are not checked, as the ALB does not check them (headers-and-routing.md).
  const dispatcher = new Agent({ connect: { timeout: options.connectTimeoutMs, rejectUnauthorized: false }, pipelining: 1 });

  return {
    send(call, response) {
      const { address } = call;
      let abortDispatch: ((reason?: Error) => void) | undefined;
      let isAborted = false;
      let isHeadWritten = false;
      const resume: { current: (() => void) | undefined } = { current: undefined };
      const onDrain = () => resume.current?.();
      // undici destroys a body whose request failed; the client's request stream must survive
      // that (destroying it closes the client's connection), so undici reads a pipe of it.
      // Piped now, nothing that arrives before undici reads is lost.
      const body = call.body === undefined ? undefined : call.body.pipe(new PassThrough());
      /**
       * The call is over while the client may still be sending its body (a target that failed,
       * or answered without reading it all): the rest is read and dropped, so the client can
       * finish its upload and use its kept-alive connection for the next request.
       */
      const releaseBody = () => {
        if (body === undefined || call.body === undefined || call.body.readableEnded) return;
        call.body.unpipe(body);
        call.body.resume();
      };
      const handler: Dispatcher.DispatchHandler = {
        onConnect(abort) {
          if (isAborted) abort();
          else abortDispatch = abort;
        },
        onHeaders(statusCode, rawHeaders, resumeReading, statusText) {
          // 1xx informational answers (103 Early Hints) stay between the proxy and the target.
          if (statusCode < 200 || isAborted) return true;
          // undici read the reason phrase as UTF-8; node:http (and the wire) treat it as bytes.
          const statusMessage = Buffer.from(statusText, 'utf8').toString('latin1');
          isHeadWritten = call.onHead({ statusCode, statusMessage, headers: headPairs(rawHeaders) });
          if (!isHeadWritten) {
            isAborted = true;
            abortDispatch?.();
            return false;
          }
          resume.current = resumeReading;
          response.on('drain', onDrain);
          return true;
        },
        onData(chunk) {
          call.onBodyChunk?.(chunk);
          // false pauses the target's connection until the client has taken what was written.
          return response.write(chunk);
        },
        onComplete() {
          response.removeListener('drain', onDrain);
          releaseBody();
          response.end();
        },
        onError(error: Error & { code?: string }) {
          response.removeListener('drain', onDrain);
          releaseBody();
          if (isAborted) return;
          // A target that breaks after its head: the client connection is cut, never left waiting.
          if (isHeadWritten) return void response.destroy();
          try {
            call.onFailure(TIMEOUT_CODES.has(error.code ?? '') ? 'timeout' : 'failed', error);
          } catch {
            // undici swallows what its handler throws: the client would wait forever.
            response.destroy();
          }
        },
      };
      // A URL needs an IPv6 address in brackets; targets registered by IP come bare.
      const host = isIPv6(address.host) ? `[${address.host}]` : address.host;
      const origin = `${address.isHttps ? 'https' : 'http'}://${host}:${address.port}`;
      try {
        dispatcher.dispatch(
          {
            origin,
            path: call.path,
            method: call.method as Dispatcher.HttpMethod,
            headers: call.headers as string[],
            body: body ?? null,
            headersTimeout: call.idleTimeoutMs,
            bodyTimeout: call.idleTimeoutMs,
          },
          handler,
        );
      } catch (error) {
        // undici refuses what it cannot send (a request target that is not a path): the ALB's 502.
        call.onFailure('failed', error as Error);
      }
      return {
        abort() {
          if (isAborted) return;
          isAborted = true;
          response.removeListener('drain', onDrain);
          releaseBody();
          abortDispatch?.(new Error('request aborted by the load balancer'));
        },
      };
    },

    close: () => dispatcher.destroy(),
  };
}
