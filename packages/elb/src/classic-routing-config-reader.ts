import type {
  ClassicInstanceRoute,
  ClassicListenerRoute,
  ClassicLoadBalancerRoute,
  ClassicRoutingConfig,
  ClassicRoutingConfigSource,
} from '@elbow/data-plane';
import type { Ec2Inventory } from '@elbow/ec2';
import type { Store } from '@elbow/store';
import type { Scope } from './handler-types.js';
import { createClassicDrainingRepository } from './classic-draining-repository.js';
import { createClassicLoadBalancerRepository } from './load-balancer-repository.js';
import type { ClassicLoadBalancer } from './load-balancer-repository.js';
import { createClassicPolicyRepository } from './policy-repository.js';

/** AWS's default EmitInterval when access logs are configured without one (60 minutes, API reference AccessLog). */
const DEFAULT_EMIT_INTERVAL_MINUTES = 60;

/**
 * The classic data plane's view of the control plane (packages/data-plane
 * `classic/classic-routing-config.ts`): every account's and region's classic load balancers with
 * their listeners, policies, attributes and registered instances, read in one transaction so a
 * snapshot never mixes two states. An instance is routable when it is registered, `running` and
 * in one of the load balancer's enabled zones; packages/health narrows that to InService ones.
 * Instances go to their `elbow:host` (the EC2 inventory's `host`).
 */
export function createClassicRoutingConfigReader(store: Store, ec2: Ec2Inventory): ClassicRoutingConfigSource {
  const loadBalancers = createClassicLoadBalancerRepository(store.db);
  const policies = createClassicPolicyRepository(store.db);
  const draining = createClassicDrainingRepository(store.db);
  const selectScopes = store.db
    .prepare<[], [accountId: string, region: string]>(`SELECT DISTINCT account_id, region FROM classic_load_balancers ORDER BY account_id, region`)
    .raw();

  function instanceRoutes(scope: Scope, name: string, zones: readonly string[]): ClassicInstanceRoute[] {
    const registered = loadBalancers.instances(scope, name);
    const registeredIds = new Set(registered.map((instance) => instance.instanceId));
    // Deregistered while ConnectionDraining is on: still in the snapshot, marked draining, so the
    // data plane sends it nothing new but lets its open connections finish until the deadline,
    // when the expiry timer deletes the row and the next snapshot drops the instance.
    const drains = draining.listDraining(scope, name).filter((drain) => !registeredIds.has(drain.instanceId));
    const ids = [...registeredIds, ...drains.map((drain) => drain.instanceId)];
    const records = new Map(ec2.findInstances(scope, ids).map((record) => [record.instanceId, record]));
    const route = (instanceId: string): ClassicInstanceRoute => {
      const record = records.get(instanceId);
      return {
        instanceId,
        host: record?.host ?? '127.0.0.1',
        availabilityZone: record?.availabilityZone,
        isRoutable: record !== undefined && record.state === 'running' && zones.includes(record.availabilityZone),
      };
    };
    return [
      ...registered.map(({ instanceId }) => route(instanceId)),
      ...drains.map((drain) => ({ ...route(drain.instanceId), isRoutable: false, drainingUntilMs: drain.deadlineMs })),
    ];
  }

  function loadBalancerRoute(scope: Scope, loadBalancer: ClassicLoadBalancer): ClassicLoadBalancerRoute {
    const { name, attributes, healthCheck } = loadBalancer;
    const zones = loadBalancers.zones(scope, name).map((zone) => zone.availabilityZone);
    const listenerPolicies = policies.listenerPolicies(scope, name);
    const listeners: ClassicListenerRoute[] = loadBalancers.listeners(scope, name).map((listener) => ({
      loadBalancerPort: listener.loadBalancerPort,
      protocol: listener.protocol,
      instanceProtocol: listener.instanceProtocol,
      instancePort: listener.instancePort,
      sslCertificateId: listener.sslCertificateId,
      policyNames: listenerPolicies.get(listener.loadBalancerPort) ?? [],
    }));
    return {
      name,
      accountId: scope.accountId,
      region: scope.region,
      dnsName: loadBalancer.dnsName,
      availabilityZones: zones,
      listeners,
      instances: instanceRoutes(scope, name, zones),
      policies: policies.list(scope, name).map((policy) => ({
        name: policy.policyName,
        typeName: policy.policyTypeName,
        attributes: policy.attributes.map(({ name: attributeName, value }) => [attributeName, value] as const),
      })),
      backendPolicyNames: policies.backendPolicies(scope, name),
      healthCheck: {
        target: healthCheck.Target,
        intervalSeconds: healthCheck.Interval,
        timeoutSeconds: healthCheck.Timeout,
        unhealthyThreshold: healthCheck.UnhealthyThreshold,
        healthyThreshold: healthCheck.HealthyThreshold,
      },
      isCrossZoneEnabled: attributes.crossZoneEnabled,
      idleTimeoutSeconds: attributes.idleTimeoutSeconds,
      connectionDraining: { isEnabled: attributes.connectionDrainingEnabled, timeoutSeconds: attributes.connectionDrainingTimeoutSeconds },
      accessLog: {
        isEnabled: attributes.accessLogEnabled,
        s3BucketName: attributes.accessLogS3BucketName,
        s3BucketPrefix: attributes.accessLogS3BucketPrefix,
        emitIntervalMinutes: attributes.accessLogEmitIntervalMinutes ?? DEFAULT_EMIT_INTERVAL_MINUTES,
      },
    };
  }

  const readAll = store.db.transaction((): ClassicRoutingConfig => {
    const version = store.changeCount();
    const routes = selectScopes.all().flatMap(([accountId, region]) => {
      const scope = { accountId, region };
      return loadBalancers.list(scope).map((loadBalancer) => loadBalancerRoute(scope, loadBalancer));
    });
    return { version, loadBalancers: routes };
  });

  return {
    changeCount: () => store.changeCount(),
    read: () => readAll(),
  };
}
