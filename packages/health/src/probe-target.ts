import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as connectTcp } from 'node:net';
import type { Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import type { Clock } from './clock.js';
import type { CheckResult } from './next-health.js';

/** What one health check sends, and what it accepts. */
export interface ProbeRequest {
  /** TCP and SSL: classic ELB's layer-4 checks (a connection, or a TLS handshake, within the timeout). */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly timeoutMs: number;
  readonly matches: (statusCode: number) => boolean;
  /** The HTTP(S) check's User-Agent; defaults to the ALB's. */
  readonly userAgent?: string;
}

export type ProbeTarget = (probe: ProbeRequest) => Promise<CheckResult>;

/** The User-Agent ALB health checks send (observed in target access logs; headers-and-routing.md §5). */
export const HEALTH_CHECK_USER_AGENT = 'ELB-HealthChecker/2.0';

/**
 * The User-Agent classic ELB health checks send: observed in back-end access logs (an Apache log
 * of 2017 in a public issue, `"GET /drupal7/ HTTP/1.1" 200 9211 "-" "ELB-HealthChecker/1.0"`)
 * and in tools that tell CLB (1.0) from ALB (2.0) checks (packages/elb UNVERIFIED.md).
 */
export const CLASSIC_HEALTH_CHECK_USER_AGENT = 'ELB-HealthChecker/1.0';

/**
 * A TCP check passes once the connection opens, an SSL check once the TLS handshake completes
 * ("for SSL, a health check attempts to establish both a TCP connection and an SSL connection.
 * If the instance doesn't accept the connection within a set timeout value, the health check
 * reports the instance as unhealthy", AWS knowledge center "health checks for a Classic Load
 * Balancer"); the connection is closed at once. Certificates are not verified, as for HTTPS.
 */
function probeConnection(clock: Clock, probe: ProbeRequest): Promise<CheckResult> {
  return new Promise<CheckResult>((resolve) => {
    let isSettled = false;
    const settle = (result: CheckResult) => {
      if (isSettled) return;
      isSettled = true;
      timer.cancel();
      secure?.destroy();
      socket.destroy();
      resolve(result);
    };
    const isSsl = probe.protocol === 'SSL';
    const socket: Socket = connectTcp({ host: probe.host, port: probe.port }, () => {
      if (!isSsl) settle({ kind: 'pass' });
    });
    // TLS runs over the TCP socket we own, so settling always closes the connection itself (a TLS
    // socket that fails before its handshake does not close the socket it opened on its own).
    const secure: TLSSocket | undefined = isSsl ? connectTls({ socket, servername: undefined, rejectUnauthorized: false }, () => settle({ kind: 'pass' })) : undefined;
    const timer = clock.setTimer(() => settle({ kind: 'timeout' }), probe.timeoutMs);
    socket.on('error', () => settle({ kind: 'failed' }));
    socket.on('close', () => settle({ kind: 'failed' }));
    secure?.on('error', () => settle({ kind: 'failed' }));
  });
}

/**
 * One health check over real HTTP(S) (or, for classic ELB, a TCP connection or TLS handshake): a GET of the path on a fresh connection closed afterwards
 * ("after each health check is completed, the load balancer node closes the connection" [D8]).
 * The timeout runs on the injected clock, so `--clock-speed` shortens it with everything else.
 * Certificates are not verified, as AWS does not verify targets' certificates [D8].
 */
export function createHttpProbe(clock: Clock): ProbeTarget {
  return (probe) => {
    if (probe.protocol === 'TCP' || probe.protocol === 'SSL') return probeConnection(clock, probe);
    return new Promise<CheckResult>((resolve) => {
      let isSettled = false;
      const settle = (result: CheckResult) => {
        if (isSettled) return;
        isSettled = true;
        timer.cancel();
        outgoing.destroy();
        resolve(result);
      };
      const send = probe.protocol === 'HTTPS' ? httpsRequest : httpRequest;
      const outgoing = send({
        host: probe.host,
        port: probe.port,
        path: probe.path,
        method: 'GET',
        agent: false,
        rejectUnauthorized: false,
        headers: { 'User-Agent': probe.userAgent ?? HEALTH_CHECK_USER_AGENT, Connection: 'close' },
      });
      const timer = clock.setTimer(() => settle({ kind: 'timeout' }), probe.timeoutMs);
      outgoing.on('response', (response) => {
        const statusCode = response.statusCode ?? 0;
        // The status decides; the body is drained so the socket can close cleanly.
        response.resume();
        settle(probe.matches(statusCode) ? { kind: 'pass' } : { kind: 'code-mismatch', statusCode });
      });
      outgoing.on('error', () => settle({ kind: 'failed' }));
      outgoing.end();
    });
  };
}
