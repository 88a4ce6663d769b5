import type { elb } from '@elbow/api-models';
import { MAX_HEALTH_CHECK_TARGET_LENGTH, readClassicHealthCheckTarget } from '@elbow/data-plane';
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

/**
 * Parses a HealthCheck.Target with the one reader the health checks use too
 * (readClassicHealthCheckTarget in packages/data-plane), so a stored target is a checked one.
 * The "must begin with" message is moto's (classic-elb.md §1 [X2]); the others are unverified
 * (UNVERIFIED.md).
 */
export function parseHealthCheckTarget(target: string): HealthCheckTarget {
  const read = readClassicHealthCheckTarget(target);
  if ('target' in read) {
    const { protocol, port, path } = read.target;
    return { protocol, port, path: protocol === 'HTTP' || protocol === 'HTTPS' ? path : undefined };
  }
  switch (read.problem) {
    case 'too-long':
      throw validationError(`HealthCheck Target must not be longer than ${MAX_HEALTH_CHECK_TARGET_LENGTH} characters`);
    case 'protocol':
      throw validationError('HealthCheck Target must begin with one of HTTP, TCP, HTTPS, SSL');
    case 'port':
      throw validationError(`HealthCheck Target port must be between 1 and 65535: ${target}`);
    case 'path-required':
      throw validationError(`HealthCheck HTTP Target must specify a port followed by a path that begins with a slash. e.g. HTTP:80/ping/this/path`);
    case 'path-not-allowed': {
      const protocol = target.slice(0, target.indexOf(':'));
      throw validationError(`HealthCheck ${protocol} Target must specify a port number only. e.g. ${protocol}:5000`);
    }
  }
}

/** The whole check: a valid target, and a timeout shorter than the interval (model HealthCheck.Timeout doc). */
export function assertValidHealthCheck(check: elb.HealthCheck): void {
  parseHealthCheckTarget(check.Target);
  if (check.Timeout >= check.Interval) throw validationError('HealthCheck Timeout must be less than Interval');
}
