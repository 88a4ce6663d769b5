/** What a classic HealthCheck.Target means for a probe. */
export interface ClassicHealthCheckTarget {
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  readonly port: number;
  /** The ping path of HTTP/HTTPS checks (starts with `/`); empty for TCP/SSL. */
  readonly path: string;
}

/** Why a target does not read; packages/elb words each as ConfigureHealthCheck's error. */
export type ClassicHealthCheckTargetProblem = 'too-long' | 'protocol' | 'port' | 'path-required' | 'path-not-allowed';

export const MAX_HEALTH_CHECK_TARGET_LENGTH = 1024;

/**
 * The one reader of classic health-check targets, for both the API that stores them
 * (packages/elb ConfigureHealthCheck) and the checks that probe them (packages/health), so what
 * is stored is what is checked: `TCP:22`, `SSL:443`, `HTTP:80/path`, `HTTPS:443/path` (model
 * HealthCheck.Target doc: a path is required for HTTP/HTTPS, none is allowed for TCP/SSL; port
 * 1–65535; at most 1024 characters; classic-elb.md §2). The port is the digits after the colon,
 * leading zeros included (`TCP:000080` is port 80).
 */
export function readClassicHealthCheckTarget(text: string): { readonly target: ClassicHealthCheckTarget } | { readonly problem: ClassicHealthCheckTargetProblem } {
  if (text.length > MAX_HEALTH_CHECK_TARGET_LENGTH) return { problem: 'too-long' };
  const match = /^(HTTPS|HTTP|TCP|SSL):(.*)$/s.exec(text);
  if (match === null) return { problem: 'protocol' };
  const protocol = match[1] as ClassicHealthCheckTarget['protocol'];
  const rest = match[2] ?? '';
  const portText = /^\d+/.exec(rest)?.[0] ?? '';
  const port = Number(portText);
  if (portText === '' || port < 1 || port > 65535) return { problem: 'port' };
  const path = rest.slice(portText.length);
  if (protocol === 'HTTP' || protocol === 'HTTPS') return path.startsWith('/') ? { target: { protocol, port, path } } : { problem: 'path-required' };
  return path === '' ? { target: { protocol, port, path } } : { problem: 'path-not-allowed' };
}
