import type { elbv2 } from '@elbow/api-models';

/**
 * What the data plane needs to route requests, read from the control plane's state in one go
 * and never mutated: a snapshot. The control plane produces it (packages/elbv2
 * `createRoutingConfigReader`), the proxy consumes it, and a new snapshot is read whenever the
 * store's changeCount() moved, so every API change takes effect on the next request.
 */
export interface RoutingConfig {
  /** The store's changeCount() when this snapshot was read. */
  readonly version: number;
  /** Every listener of every load balancer, in every account and region. */
  readonly listeners: readonly ListenerRoute[];
  /** Every target group a listener's rules can forward to, by ARN. */
  readonly targetGroups: ReadonlyMap<string, TargetGroupRoute>;
}

export interface LoadBalancerRoute {
  readonly arn: string;
  readonly name: string;
  readonly type: elbv2.LoadBalancerTypeEnum;
  /** As DescribeLoadBalancers returns it; the gateway port routes on it (Host header). */
  readonly dnsName: string | undefined;
  readonly accountId: string;
  readonly region: string;
  /** The availability zones the load balancer is enabled in. */
  readonly availabilityZones: readonly string[];
  /** Every load-balancer attribute that applies, defaults included (idle timeout, XFF mode, ...). */
  readonly attributes: ReadonlyMap<string, string>;
}

export interface ListenerRoute {
  readonly arn: string;
  /** The listener's own port; the data plane binds it plus the configured offset. */
  readonly port: number;
  readonly protocol: elbv2.ProtocolEnum;
  readonly loadBalancer: LoadBalancerRoute;
  /** The listener's rules as DescribeRules returns them, the default rule included (IsDefault). */
  readonly rules: readonly elbv2.Rule[];
  /** The default certificate first, for HTTPS listeners. */
  readonly certificateArns: readonly string[];
  /** Every listener attribute that applies, defaults included. */
  readonly attributes: ReadonlyMap<string, string>;
}

export interface TargetGroupRoute {
  readonly arn: string;
  readonly name: string;
  readonly protocol: elbv2.ProtocolEnum | undefined;
  readonly port: number | undefined;
  readonly targetType: elbv2.TargetTypeEnum;
  /** Every target-group attribute that applies, defaults included (stickiness.*, algorithm, ...). */
  readonly attributes: ReadonlyMap<string, string>;
  /** Registered targets in registration order. */
  readonly targets: readonly TargetRoute[];
  /** The group's health-check settings as DescribeTargetGroups returns them (issue 5); absent: not known. */
  readonly healthCheck?: TargetGroupHealthCheck;
}

/** A target group's health-check settings, defaults filled as the control plane stores them. */
export interface TargetGroupHealthCheck {
  readonly isEnabled: boolean;
  readonly protocol: string | undefined;
  /** `traffic-port` or a port number. */
  readonly port: string | undefined;
  readonly path: string | undefined;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  /** Matcher.HttpCode (`200`, `200,302`, `200-299`); undefined: none set. */
  readonly httpCode: string | undefined;
}

export interface TargetRoute {
  /** The registered id: instance id, IP address, Lambda ARN or ALB ARN. */
  readonly id: string;
  readonly port: number;
  /**
   * Where traffic goes: the instance's `elbow:host` tag (127.0.0.1 by default) or the IP
   * address; undefined for targets the proxy cannot reach over HTTP (lambda, alb).
   */
  readonly host: string | undefined;
  readonly availabilityZone: string | undefined;
  /**
   * Whether the target may get new requests. The control plane's reader says whether it could
   * (registered, in an enabled zone, instance running); packages/health's routing source then
   * narrows it to healthy targets, or all unhealthy ones when the group fails open (issue 5).
   */
  readonly isRoutable: boolean;
  /**
   * A newly healthy target's slow-start window (`slow_start.duration_seconds`, issue 5), in the
   * data plane's clock (`now()`, wall milliseconds, already divided by `--clock-speed`): its
   * share of new requests rises linearly from 0 at `startedAtMs` to a full share at the end.
   */
  readonly slowStart?: { readonly startedAtMs: number; readonly durationMs: number };
}

/** The data plane's view of the control plane: a snapshot and the counter that says it changed. */
export interface RoutingConfigSource {
  changeCount(): number;
  read(): RoutingConfig;
}
