/**
 * What the classic ELB data plane (issue 6) needs to route, read from the classic control plane's
 * state in one go and never mutated: a snapshot, like the ALB's RoutingConfig. packages/elb
 * produces it; packages/health narrows `isRoutable` to InService instances; the classic listener
 * manager and proxy consume it, re-reading whenever the store's changeCount() moved.
 */
export interface ClassicRoutingConfig {
  /** The store's changeCount() when this snapshot was read. */
  readonly version: number;
  /** Every classic load balancer of every account and region. */
  readonly loadBalancers: readonly ClassicLoadBalancerRoute[];
}

export type ClassicProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';

export interface ClassicHealthCheckRoute {
  /** As stored: `TCP:80`, `HTTP:80/index.html`, `SSL:443`, `HTTPS:443/health`. */
  readonly target: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly unhealthyThreshold: number;
  readonly healthyThreshold: number;
}

/** A policy of the load balancer with its attributes in the order they were given. */
export interface ClassicPolicyRoute {
  readonly name: string;
  /** `LBCookieStickinessPolicyType`, `AppCookieStickinessPolicyType`, `ProxyProtocolPolicyType`, ... */
  readonly typeName: string;
  readonly attributes: readonly (readonly [name: string, value: string])[];
}

export interface ClassicListenerRoute {
  readonly loadBalancerPort: number;
  readonly protocol: ClassicProtocol;
  readonly instanceProtocol: ClassicProtocol;
  readonly instancePort: number;
  readonly sslCertificateId: string | undefined;
  /** SetLoadBalancerPoliciesOfListener's names, in order (stickiness, SSL negotiation). */
  readonly policyNames: readonly string[];
}

export interface ClassicInstanceRoute {
  readonly instanceId: string;
  /** Where traffic goes: the instance's `elbow:host` tag (127.0.0.1 by default). */
  readonly host: string;
  readonly availabilityZone: string | undefined;
  /**
   * Whether the instance may get new connections: the control plane says whether it could
   * (registered, running, in an enabled zone); packages/health narrows it to InService ones.
   */
  readonly isRoutable: boolean;
  /** Set while a deregistered instance drains (connection draining); it gets no new requests. */
  readonly drainingUntilMs?: number;
}

export interface ClassicLoadBalancerRoute {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly dnsName: string;
  readonly availabilityZones: readonly string[];
  readonly listeners: readonly ClassicListenerRoute[];
  /** Registered instances in registration order. */
  readonly instances: readonly ClassicInstanceRoute[];
  readonly policies: readonly ClassicPolicyRoute[];
  /** SetLoadBalancerPoliciesForBackendServer: instance port → policy names (ProxyProtocolPolicyType). */
  readonly backendPolicyNames: ReadonlyMap<number, readonly string[]>;
  readonly healthCheck: ClassicHealthCheckRoute;
  readonly isCrossZoneEnabled: boolean;
  readonly idleTimeoutSeconds: number;
  readonly connectionDraining: { readonly isEnabled: boolean; readonly timeoutSeconds: number };
  readonly accessLog: {
    readonly isEnabled: boolean;
    readonly s3BucketName: string | undefined;
    readonly s3BucketPrefix: string | undefined;
    /** 5 or 60. */
    readonly emitIntervalMinutes: number;
  };
}

/** The classic data plane's view of the control plane: a snapshot and the counter that says it changed. */
export interface ClassicRoutingConfigSource {
  changeCount(): number;
  read(): ClassicRoutingConfig;
}
