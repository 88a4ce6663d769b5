import type { ClassicExchange } from './classic-exchange.js';

/**
 * The X-Elbow-Route value (`--debug-headers`, debug-route-header.ts) of a classic HTTP/HTTPS
 * answer: `target=<instance-id>:<instance-port>` (`none` when the load balancer answered itself),
 * then, under a stickiness policy, `stickiness=<duration|application>:<hit|miss|new>`. Classic
 * listeners have no rules or target groups to name.
 */
export function classicDebugRouteValue(exchange: Pick<ClassicExchange, 'instance' | 'listener' | 'stickiness' | 'stickyRoute'>): string {
  const parts = [`target=${exchange.instance === undefined ? 'none' : `${exchange.instance.instanceId}:${exchange.listener.instancePort}`}`];
  if (exchange.stickiness !== undefined && exchange.stickyRoute !== undefined) parts.push(`stickiness=${exchange.stickiness.kind}:${exchange.stickyRoute.outcome.outcome}`);
  return parts.join('; ');
}
