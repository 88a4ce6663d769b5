import { isIPv6 } from 'node:net';
import type { HeaderList } from './match-condition.js';
import { stripPort } from './match-condition.js';
import { unmappedAddress } from './unmapped-address.js';

/** Load-balancer attributes that shape the forwarded request (headers-and-routing.md §1 [D1][D2]). */
export interface ForwardedHeaderSettings {
  /** `routing.http.xff_header_processing.mode`. */
  readonly xffMode: 'append' | 'preserve' | 'remove';
  /** `routing.http.xff_client_port.enabled` (append mode only). */
  readonly isXffClientPortEnabled: boolean;
  /** `routing.http.preserve_host_header.enabled`. */
  readonly isHostHeaderPreserved: boolean;
}

export interface ForwardingRequest {
  readonly headers: HeaderList;
  /** The TCP peer (the last hop). */
  readonly clientIp: string;
  readonly clientPort: number;
  readonly listenerProtocol: 'HTTP' | 'HTTPS';
  readonly listenerPort: number;
  /** The authority of an absolute-form request target (`GET https://dns_name/...`), if any. */
  readonly absoluteFormHost?: string;
}

export type ForwardedHeadersResult =
  | { readonly kind: 'forward'; readonly headers: HeaderList }
  /** More than 30 addresses in X-Forwarded-For: the LB answers HTTP 463 [D3]. */
  | { readonly kind: 'reject'; readonly statusCode: 463 };

export const MAX_XFF_ADDRESSES = 30;

const isNamed = (name: string) => (header: readonly [string, string]) => header[0].toLowerCase() === name;

function rewriteHost(host: string, listenerPort: number): string {
  // Ports 80/443: any port in Host is removed; other ports: `:<listener-port>` is appended
  // when absent [D2].
  if (listenerPort === 80 || listenerPort === 443) return stripPort(host);
  return stripPort(host) === host ? `${host}:${listenerPort}` : host;
}

/**
 * The request headers as the target receives them: X-Forwarded-For per mode, X-Forwarded-Proto
 * and X-Forwarded-Port set by the LB, Host rewritten unless preserved (headers-and-routing.md
 * §1). Other headers keep their order; the rewritten Host takes the first Host's place and the
 * X-Forwarded-* headers go last. Decisions, unverified: incoming X-Forwarded-Proto/Port are
 * replaced; several incoming X-Forwarded-For headers are joined with `, ` before appending; the
 * 30-address limit applies in every mode; a request without Host gets none.
 */
export function forwardedHeaders(request: ForwardingRequest, settings: ForwardedHeaderSettings): ForwardedHeadersResult {
  const incomingXff = request.headers.filter(isNamed('x-forwarded-for')).map(([, value]) => value);
  const addressCount = incomingXff
    .flatMap((value) => value.split(','))
    .filter((entry) => entry.trim() !== '').length;
  if (addressCount > MAX_XFF_ADDRESSES) return { kind: 'reject', statusCode: 463 };

  const headers: [string, string][] = [];
  let isHostWritten = false;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'x-forwarded-proto' || lower === 'x-forwarded-port') continue;
    if (lower === 'x-forwarded-for' && settings.xffMode !== 'preserve') continue;
    if (lower === 'host' && !settings.isHostHeaderPreserved) {
      if (!isHostWritten) headers.push(['Host', rewriteHost(request.absoluteFormHost ?? value, request.listenerPort)]);
      isHostWritten = true;
      continue;
    }
    headers.push([name, value]);
  }
  if (!isHostWritten && !settings.isHostHeaderPreserved && request.absoluteFormHost !== undefined) {
    headers.unshift(['Host', rewriteHost(request.absoluteFormHost, request.listenerPort)]);
  }

  if (settings.xffMode === 'append') {
    const ip = unmappedAddress(request.clientIp);
    const hop = settings.isXffClientPortEnabled
      ? `${isIPv6(ip) ? `[${ip}]` : ip}:${request.clientPort}`
      : ip;
    const existing = incomingXff.join(', ');
    headers.push(['X-Forwarded-For', existing === '' ? hop : `${existing}, ${hop}`]);
  }
  headers.push(['X-Forwarded-Proto', request.listenerProtocol.toLowerCase()]);
  headers.push(['X-Forwarded-Port', String(request.listenerPort)]);
  return { kind: 'forward', headers };
}
