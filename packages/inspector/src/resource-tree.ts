import type { elbv2 } from '@elbow/api-models';
import type { ClassicRoutingConfig, RoutingConfig } from '@elbow/data-plane';
import { targetGroupNameOf } from './inspector-entry.js';

/** A target's live health as the inspector shows it; null where no health check watches it. */
export interface HealthNode {
  /** elbv2 TargetHealthStateEnum (`healthy`, `initial`, ...) or classic `InService` / `OutOfService`. */
  state: string;
  reason: string | null;
  description: string | null;
}

export interface ActionNode {
  type: string;
  /** Forward actions: the groups and their weights (a lone TargetGroupArn weighs 1). */
  targetGroups: Array<{ arn: string; name: string; weight: number }>;
  /** Redirect and fixed-response actions, in a line; null for forward. */
  detail: string | null;
}

export interface RuleNode {
  arn: string;
  /** `default` or the priority. */
  priority: string;
  /** One line per condition, `path-pattern: /api/*, /v2/*`. */
  conditions: string[];
  actions: ActionNode[];
}

export interface ListenerNode {
  arn: string;
  port: number;
  protocol: string;
  rules: RuleNode[];
}

export interface LoadBalancerNode {
  arn: string;
  name: string;
  type: string;
  dnsName: string | null;
  accountId: string;
  region: string;
  listeners: ListenerNode[];
}

export interface TargetNode {
  id: string;
  port: number;
  host: string | null;
  availabilityZone: string | null;
  health: HealthNode | null;
}

export interface TargetGroupNode {
  arn: string;
  name: string;
  protocol: string | null;
  port: number | null;
  targetType: string;
  /** `lb_cookie`, `app_cookie`, ... when stickiness is enabled; null otherwise. */
  stickiness: string | null;
  targets: TargetNode[];
}

export interface ClassicLoadBalancerNode {
  name: string;
  dnsName: string;
  accountId: string;
  region: string;
  listeners: Array<{ loadBalancerPort: number; protocol: string; instancePort: number; instanceProtocol: string }>;
  instances: Array<{ id: string; host: string; availabilityZone: string | null; health: HealthNode | null }>;
}

/** What `GET /_elbow/api/resources` answers: everything a listener routes to, with live health. */
export interface ResourceTree {
  loadBalancers: LoadBalancerNode[];
  /** Every target group a listener's rules forward to, by name. */
  targetGroups: TargetGroupNode[];
  classicLoadBalancers: ClassicLoadBalancerNode[];
}

/** Live health of one registered target (start-elbow.ts: the health monitor, in DescribeTargetHealth's shape). */
export type TargetHealthOf = (targetGroupArn: string, targetId: string, port: number) => elbv2.TargetHealth | undefined;
/** Live health of one classic instance (DescribeInstanceHealth's shape). */
export type InstanceHealthOf = (loadBalancerName: string, accountId: string, region: string, instanceId: string) => { State?: string; ReasonCode?: string; Description?: string } | undefined;

function conditionLine(condition: elbv2.RuleCondition): string {
  const values = [
    ...(condition.HostHeaderConfig?.Values ?? []),
    ...(condition.PathPatternConfig?.Values ?? []),
    ...(condition.HttpHeaderConfig?.Values ?? []),
    ...(condition.HttpRequestMethodConfig?.Values ?? []),
    ...(condition.SourceIpConfig?.Values ?? []),
    ...(condition.QueryStringConfig?.Values ?? []).map(({ Key, Value }) => (Key === undefined ? (Value ?? '') : `${Key}=${Value ?? ''}`)),
    ...(condition.RegexValues ?? []).map((pattern) => `~${pattern}`),
  ];
  // Values given both ways (legacy Values and the Config) repeat; show each once.
  const shown = [...new Set([...(condition.Values ?? []), ...values])];
  const field = condition.Field === 'http-header' && condition.HttpHeaderConfig?.HttpHeaderName ? `http-header ${condition.HttpHeaderConfig.HttpHeaderName}` : (condition.Field ?? '?');
  return `${field}: ${shown.join(', ')}`;
}

function actionNode(action: elbv2.Action): ActionNode {
  const tuples = action.ForwardConfig?.TargetGroups ?? (action.TargetGroupArn === undefined ? [] : [{ TargetGroupArn: action.TargetGroupArn, Weight: 1 }]);
  const targetGroups = tuples.flatMap(({ TargetGroupArn, Weight }) => (TargetGroupArn === undefined ? [] : [{ arn: TargetGroupArn, name: targetGroupNameOf(TargetGroupArn), weight: Weight ?? 1 }]));
  let detail: string | null = null;
  const redirect = action.RedirectConfig;
  if (redirect !== undefined) {
    detail = `${redirect.StatusCode} to ${redirect.Protocol ?? '#{protocol}'}://${redirect.Host ?? '#{host}'}:${redirect.Port ?? '#{port}'}${redirect.Path ?? '/#{path}'}?${redirect.Query ?? '#{query}'}`;
  }
  const fixed = action.FixedResponseConfig;
  if (fixed !== undefined) detail = `${fixed.StatusCode}${fixed.ContentType === undefined ? '' : ` ${fixed.ContentType}`}`;
  return { type: action.Type, targetGroups, detail };
}

function ruleNode(rule: elbv2.Rule): RuleNode {
  return {
    arn: rule.RuleArn ?? '',
    priority: rule.IsDefault ? 'default' : (rule.Priority ?? '?'),
    conditions: (rule.Conditions ?? []).map(conditionLine),
    actions: [...(rule.Actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0)).map(actionNode),
  };
}

const byNumericPriority = (a: RuleNode, b: RuleNode) => (a.priority === 'default' ? 1 : b.priority === 'default' ? -1 : Number(a.priority) - Number(b.priority));

function healthNode(health: { State?: string; Reason?: string; ReasonCode?: string; Description?: string } | undefined): HealthNode | null {
  if (health?.State === undefined) return null;
  return { state: health.State, reason: health.Reason ?? health.ReasonCode ?? null, description: health.Description ?? null };
}

/**
 * The ALB part of the tree from the control plane's routing snapshot (packages/elbv2
 * `createRoutingConfigReader`): load balancers with their listeners and rules (priority order,
 * default last), and the target groups they forward to with each target's live health.
 */
export function albResourceTree(config: RoutingConfig, healthOf: TargetHealthOf): Pick<ResourceTree, 'loadBalancers' | 'targetGroups'> {
  const loadBalancers = new Map<string, LoadBalancerNode>();
  for (const listener of config.listeners) {
    const lb = listener.loadBalancer;
    let node = loadBalancers.get(lb.arn);
    if (node === undefined) {
      node = { arn: lb.arn, name: lb.name, type: lb.type, dnsName: lb.dnsName ?? null, accountId: lb.accountId, region: lb.region, listeners: [] };
      loadBalancers.set(lb.arn, node);
    }
    node.listeners.push({ arn: listener.arn, port: listener.port, protocol: listener.protocol, rules: listener.rules.map(ruleNode).sort(byNumericPriority) });
  }
  for (const node of loadBalancers.values()) node.listeners.sort((a, b) => a.port - b.port);
  const targetGroups = [...config.targetGroups.values()].map((group) => ({
    arn: group.arn,
    name: group.name,
    protocol: group.protocol ?? null,
    port: group.port ?? null,
    targetType: group.targetType,
    stickiness: group.attributes.get('stickiness.enabled') === 'true' ? (group.attributes.get('stickiness.type') ?? null) : null,
    targets: group.targets.map((target) => ({
      id: target.id,
      port: target.port,
      host: target.host ?? null,
      availabilityZone: target.availabilityZone ?? null,
      health: healthNode(healthOf(group.arn, target.id, target.port)),
    })),
  }));
  return {
    loadBalancers: [...loadBalancers.values()].sort((a, b) => a.name.localeCompare(b.name)),
    targetGroups: targetGroups.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The classic part of the tree from the classic data plane's snapshot (packages/data-plane classic-routing-config.ts). */
export function classicResourceTree(config: ClassicRoutingConfig, healthOf: InstanceHealthOf): ClassicLoadBalancerNode[] {
  return config.loadBalancers
    .map((lb) => ({
      name: lb.name,
      dnsName: lb.dnsName,
      accountId: lb.accountId,
      region: lb.region,
      listeners: lb.listeners.map(({ loadBalancerPort, protocol, instancePort, instanceProtocol }) => ({ loadBalancerPort, protocol, instancePort, instanceProtocol })),
      instances: lb.instances.map((instance) => ({
        id: instance.instanceId,
        host: instance.host,
        availabilityZone: instance.availabilityZone ?? null,
        health: healthNode(healthOf(lb.name, lb.accountId, lb.region, instance.instanceId)),
      })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
