import type { elb } from '@elbow/api-models';
import { validationError } from '@elbow/query-protocol';

/**
 * The health check a load balancer created through the API gets: `TCP:80`, interval 30 s,
 * timeout 5 s, unhealthy 2, healthy 10 (classic-elb.md §2 [D1]).
 */
export const DEFAULT_HEALTH_CHECK: elb.HealthCheck = { Target: 'TCP:80', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 };

export interface HealthCheckTarget {
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  readonly port: number;
  /** Only for HTTP/HTTPS, always starting with `/`. */
  readonly path: string | undefined;
}

const MAX_TARGET_LENGTH = 1024;

/**
 * Parses `TCP:22`, `SSL:443`, `HTTP:80/path`, `HTTPS:443/path` (model HealthCheck.Target doc:
 * a path is required for HTTP/HTTPS, none is allowed for TCP/SSL; 1–65535; at most 1024
 * characters [D1]). The "must begin with" message is moto's (classic-elb.md §1 [X2]); the others
 * are unverified (UNVERIFIED.md).
 */
export function parseHealthCheckTarget(target: string): HealthCheckTarget {
  if (target.length > MAX_TARGET_LENGTH) throw validationError(`HealthCheck Target must not be longer than ${MAX_TARGET_LENGTH} characters`);
  const match = /^(HTTPS|HTTP|TCP|SSL):(.*)$/.exec(target);
  if (!match) throw validationError('HealthCheck Target must begin with one of HTTP, TCP, HTTPS, SSL');
  const protocol = match[1] as HealthCheckTarget['protocol'];
  const rest = match[2] ?? '';
  const portText = /^\d+/.exec(rest)?.[0] ?? '';
  const port = Number(portText);
  if (portText === '' || port < 1 || port > 65535) throw validationError(`HealthCheck Target port must be between 1 and 65535: ${target}`);
  const path = rest.slice(portText.length);
  if (protocol === 'HTTP' || protocol === 'HTTPS') {
    if (!path.startsWith('/')) throw validationError(`HealthCheck HTTP Target must specify a port followed by a path that begins with a slash. e.g. HTTP:80/ping/this/path`);
    return { protocol, port, path };
  }
  if (path !== '') throw validationError(`HealthCheck ${protocol} Target must specify a port number only. e.g. ${protocol}:5000`);
  return { protocol, port, path: undefined };
}

/** The whole check: a valid target, and a timeout shorter than the interval (model HealthCheck.Timeout doc). */
export function assertValidHealthCheck(check: elb.HealthCheck): void {
  parseHealthCheckTarget(check.Target);
  if (check.Timeout >= check.Interval) throw validationError('HealthCheck Timeout must be less than Interval');
}
