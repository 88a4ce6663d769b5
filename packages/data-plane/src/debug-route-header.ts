import type { elbv2 } from '@elbow/api-models';
import type { AlbExchange, RequestPass } from './alb-exchange.js';
import type { AlbPassSlots } from './alb-passes.js';
import type { TargetGroupRoute, TargetRoute } from './routing-config.js';

/**
 * `--debug-headers` (issue 7): one response header naming the rule, target group and target that
 * served the request, for tests that assert on routing. The name is elbow's own: AWS's response
 * headers are `Server: awselb/2.0`, its cookies and `x-amzn-*` fields (headers-and-routing.md),
 * so an `X-Elbow-` field can never be mistaken for one. Off unless asked for: an ALB adds nothing.
 */
export const DEBUG_ROUTE_HEADER = 'X-Elbow-Route';

export interface RouteFacts {
  readonly rule: elbv2.Rule | undefined;
  /** The terminal action's type, when a rule was chosen. */
  readonly actionType: string | undefined;
  readonly targetGroup: TargetGroupRoute | undefined;
  readonly target: TargetRoute | undefined;
}

/** `id:port` as DescribeTargetHealth names a target (IPv6 ids in brackets). */
export function targetLabel(target: Pick<TargetRoute, 'id' | 'port'>): string {
  return `${target.id.includes(':') ? `[${target.id}]` : target.id}:${target.port}`;
}

/**
 * `rule=<priority|default|none>; action=<type>; target-group=<name>; target=<id>:<port>`; the
 * later parts only when known (a fixed response has no target group; a 400 before routing no rule).
 * `elbow explain` prints the same value for the request it explains.
 */
export function debugRouteValue(facts: RouteFacts): string {
  const parts = [`rule=${facts.rule === undefined ? 'none' : facts.rule.IsDefault === true ? 'default' : (facts.rule.Priority ?? 'none')}`];
  if (facts.actionType !== undefined) parts.push(`action=${facts.actionType}`);
  if (facts.targetGroup !== undefined) parts.push(`target-group=${facts.targetGroup.name}`);
  if (facts.target !== undefined) parts.push(`target=${targetLabel(facts.target)}`);
  return parts.join('; ');
}

/** The route facts of an exchange whose request passes have run. */
export function exchangeRouteFacts(exchange: AlbExchange): RouteFacts {
  const actionType = exchange.notes['action'];
  return {
    rule: exchange.rule,
    actionType: typeof actionType === 'string' ? actionType : undefined,
    targetGroup: exchange.targetGroup,
    target: exchange.target,
  };
}

/** `debug-route-header`: adds X-Elbow-Route to whatever answer the client gets. */
export const debugRouteHeaderPass: RequestPass = {
  name: 'debug-route-header',
  runsAfterAnswer: true,
  run(exchange) {
    exchange.addedResponseHeaders.push([DEBUG_ROUTE_HEADER, debugRouteValue(exchangeRouteFacts(exchange))]);
  },
};

/** The slot `--debug-headers` fills. */
export function debugRouteSlots(): AlbPassSlots {
  return { afterRequest: [debugRouteHeaderPass] };
}
