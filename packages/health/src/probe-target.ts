import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from './clock.js';
import type { CheckResult } from './next-health.js';

/** What one health check sends, and what it accepts. */
export interface ProbeRequest {
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly timeoutMs: number;
  readonly matches: (statusCode: number) => boolean;
}

export type ProbeTarget = (probe: ProbeRequest) => Promise<CheckResult>;

/** The User-Agent ALB health checks send (observed in target access logs; headers-and-routing.md §5). */
export const HEALTH_CHECK_USER_AGENT = 'ELB-HealthChecker/2.0';

/**
 * One health check over real HTTP(S): a GET of the path on a fresh connection closed afterwards
 * ("after each health check is completed, the load balancer node closes the connection" [D8]).
 * The timeout runs on the injected clock, so `--clock-speed` shortens it with everything else.
 * Certificates are not verified, as AWS does not verify targets' certificates [D8].
 */
export function createHttpProbe(clock: Clock): ProbeTarget {
  return (probe) =>
    new Promise<CheckResult>((resolve) => {
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
        headers: { 'User-Agent': HEALTH_CHECK_USER_AGENT, Connection: 'close' },
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
}
