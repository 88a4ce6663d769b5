import type { elbv2 } from '@elbow/api-models';
import { stripPort } from './match-condition.js';

/** The parts of the original request a redirect can reuse. */
export interface RedirectRequest {
  /** The listener protocol the client used. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** The Host the client sent (a port in it is ignored: `#{host}` is the name). */
  readonly host: string;
  /** The listener port the client connected to. */
  readonly port: number;
  /** The original path, with its leading `/`. */
  readonly path: string;
  /** The original query without `?`, `''` when none. */
  readonly query: string;
}

export interface RedirectResult {
  readonly location: string;
  readonly statusCode: 301 | 302;
}

// Which keywords each component may use [M1 RedirectActionConfig; headers-and-routing.md §3].
const KEYWORDS = {
  protocol: ['protocol'],
  host: ['host'],
  port: ['port'],
  path: ['host', 'path', 'port'],
  query: ['protocol', 'host', 'port', 'path', 'query'],
} as const;

const STATUS_CODES: Record<elbv2.RedirectActionStatusCodeEnum, 301 | 302> = { HTTP_301: 301, HTTP_302: 302 };

/**
 * Builds the Location of a redirect action. Unmodified components keep their original value
 * (an absent member is its own keyword: Path `/#{path}`, Query `#{query}` …) [M1][D4].
 * `#{path}` is the original path with its leading `/` removed — the API reference says so:
 * "#{path} (the leading "/" is removed)" (RedirectActionConfig,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html).
 * `#{protocol}` expands to the lower-case scheme (decision; unverified inside a query).
 * The port is always written, even 80/443: observed `Location: https://<alb>:443/` on an ALB
 * 301 (public curl transcript, 2018, code index).
 */
export function expandRedirect(config: elbv2.RedirectActionConfig, request: RedirectRequest): RedirectResult {
  const values = {
    protocol: request.protocol.toLowerCase(),
    host: stripPort(request.host),
    port: String(request.port),
    path: request.path.replace(/^\//, ''),
    query: request.query,
  };
  const expand = (template: string, component: keyof typeof KEYWORDS) =>
    template.replace(/#\{(protocol|host|port|path|query)\}/g, (whole, keyword: keyof typeof values) =>
      (KEYWORDS[component] as readonly string[]).includes(keyword) ? values[keyword] : whole,
    );
  const scheme = expand(config.Protocol ?? '#{protocol}', 'protocol').toLowerCase();
  const host = expand(config.Host ?? '#{host}', 'host');
  const port = expand(config.Port ?? '#{port}', 'port');
  const path = expand(config.Path ?? '/#{path}', 'path');
  const query = expand(config.Query ?? '#{query}', 'query');
  return {
    location: `${scheme}://${host}:${port}${path}${query === '' ? '' : `?${query}`}`,
    statusCode: STATUS_CODES[config.StatusCode],
  };
}
