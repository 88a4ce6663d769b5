import { splitAbsoluteForm, unmappedAddress } from '@elbow/data-plane';
import type { RequestRecord } from '@elbow/data-plane';

/**
 * Formatting shared by the ALB and classic log lines (access-logs.md §2, §3 [D1][D2]).
 */

/** ISO 8601 with microseconds, `2018-07-02T22:23:00.186641Z` [D1]; `epochMs` may carry fractions. */
export function isoMicroseconds(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const wholeSeconds = Math.floor(micros / 1_000_000);
  const fraction = micros - wholeSeconds * 1_000_000;
  const seconds = new Date(wholeSeconds * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(fraction).padStart(6, '0')}Z`;
}

/**
 * A processing time in seconds with `digits` decimals (ALB 3 [D1], classic 6 [D2]), `-1` when
 * one of its two instants is missing (request not dispatched, no response [D1]).
 */
export function processingSeconds(fromMs: number | undefined, toMs: number | undefined, digits: 3 | 6): string {
  if (fromMs === undefined || toMs === undefined) return '-1';
  return (Math.max(0, toMs - fromMs) / 1000).toFixed(digits);
}

/** `ip:port`; IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, Node's dual-stack form) as plain IPv4. */
export function hostPort(ip: string, port: number): string {
  return `${unmappedAddress(ip)}:${port}`;
}

export function targetHostPort(record: RequestRecord): string | undefined {
  return record.target === undefined ? undefined : hostPort(record.target.host, record.target.port);
}

/** A bare field: the value, or `-` when there is none [D1][D2]. */
export function bare(value: string | number | undefined): string {
  return value === undefined || value === '' ? '-' : String(value);
}

// Decision (UNVERIFIED.md): a value that would end its quoted field or the line (`"`, `\`,
// control characters) is written as `\xHH`, nginx's escaping in its access logs (the ALB's
// pages are nginx's); so every line stays one line that AWS's Athena regex reads.
const UNSAFE_IN_QUOTES = /["\\\x00-\x1f\x7f]/g;

/** A quoted field: `"value"`, or `"-"` when there is none [D1]. */
export function quoted(value: string | undefined): string {
  if (value === undefined || value === '') return '"-"';
  return `"${value.replace(UNSAFE_IN_QUOTES, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** A bare field must hold no space either (the fields are space-separated). */
export function bareToken(value: string | undefined): string {
  return bare(value === undefined ? undefined : value.replace(/[\s"]/g, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** User agents above 8 KB are truncated [D1]. */
export const MAX_USER_AGENT_BYTES = 8 * 1024;

export function truncatedUserAgent(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined) return undefined;
  const bytes = Buffer.from(userAgent, 'utf8');
  return bytes.length <= MAX_USER_AGENT_BYTES ? userAgent : bytes.subarray(0, MAX_USER_AGENT_BYTES).toString('utf8').replace(/\uFFFD$/, '');
}

/** The host of a Host header without its port (`[::1]:80` → `[::1]`). */
function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/**
 * The `request` field: `METHOD scheme://host:port/uri HTTP/version` [D1][D2], the host from the
 * Host header (or an absolute-form target), the port the listener's, the URI as sent.
 */
export function requestLine(record: RequestRecord, scheme: 'http' | 'https', fallbackHost: string): string {
  const http = record.http;
  if (http === undefined) return '- - - ';
  const { absoluteFormHost, rest } = splitAbsoluteForm(http.url);
  let uri = rest;
  let host = http.host === undefined ? fallbackHost : hostWithoutPort(http.host);
  if (absoluteFormHost !== undefined) host = hostWithoutPort(absoluteFormHost);
  if (!uri.startsWith('/') && uri !== '*') uri = `/${uri}`;
  return `${http.method} ${scheme}://${host}:${record.listenerPort}${uri} HTTP/${http.httpVersion}`;
}
