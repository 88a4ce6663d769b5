import type { ClassicInstanceRoute, ClassicListenerRoute, ClassicLoadBalancerRoute } from '../classic-routing-config.js';

/** A classic load balancer as the reader would produce it, for unit tests: defaults of a new one, overridable. */
export function classicLoadBalancerRoute(overrides: Partial<ClassicLoadBalancerRoute> = {}): ClassicLoadBalancerRoute {
  return {
    name: 'my-loadbalancer',
    accountId: '123456789012',
    region: 'us-east-1',
    dnsName: 'my-loadbalancer-1234567890.us-east-1.elb.amazonaws.com',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    listeners: [httpListener()],
    instances: [instance('i-1', 'us-east-1a'), instance('i-2', 'us-east-1b')],
    policies: [],
    backendPolicyNames: new Map(),
    healthCheck: { target: 'TCP:80', intervalSeconds: 30, timeoutSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 10 },
    isCrossZoneEnabled: true,
    idleTimeoutSeconds: 60,
    connectionDraining: { isEnabled: false, timeoutSeconds: 300 },
    accessLog: { isEnabled: false, s3BucketName: undefined, s3BucketPrefix: undefined, emitIntervalMinutes: 60 },
    ...overrides,
  };
}

export function httpListener(overrides: Partial<ClassicListenerRoute> = {}): ClassicListenerRoute {
  return { loadBalancerPort: 80, protocol: 'HTTP', instanceProtocol: 'HTTP', instancePort: 8080, sslCertificateId: undefined, policyNames: [], ...overrides };
}

export function instance(instanceId: string, availabilityZone: string, overrides: Partial<ClassicInstanceRoute> = {}): ClassicInstanceRoute {
  return { instanceId, host: '127.0.0.1', availabilityZone, isRoutable: true, ...overrides };
}
