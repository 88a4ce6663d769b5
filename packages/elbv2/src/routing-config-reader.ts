import type { elbv2 } from '@elbow/api-models';
import type { LoadBalancerRoute, ListenerRoute, RoutingConfig, RoutingConfigSource, TargetGroupRoute, TargetRoute } from '@elbow/data-plane';
import type { Ec2Inventory, InstanceRecord } from '@elbow/ec2';
import type { Store } from '@elbow/store';
import { describeListenerAttributes } from './listener-attributes.js';
import { createListenerRepository } from './listener-repository.js';
import { describeLoadBalancerAttributes } from './load-balancer-attributes.js';
import { createLoadBalancerRepository } from './load-balancer-repository.js';
import type { LoadBalancerRecord } from './load-balancer-repository.js';
import { toRuleOutput } from './rule-handlers.js';
import { createRuleRepository } from './rule-repository.js';
import type { Scope } from './scope.js';
import { describeTargetGroupAttributes } from './target-group-attributes.js';
import { createTargetGroupRepository } from './target-group-repository.js';
import { createTargetRegistrationRepository, NO_PORT } from './target-registration-repository.js';

/** Every load balancer in one read; the repositories page, the snapshot wants them all. */
const ALL = Number.MAX_SAFE_INTEGER;

// Instances in these states get no traffic (headers-and-routing.md §5: Target.InvalidState).
const UNROUTABLE_INSTANCE_STATES = new Set<InstanceRecord['state']>(['stopping', 'stopped', 'shutting-down', 'terminated']);

const toMap = (attributes: readonly { Key?: string; Value?: string }[]) =>
  new Map(attributes.flatMap(({ Key, Value }) => (Key === undefined || Value === undefined ? [] : [[Key, Value] as const])));

/** The target groups a rule's forward names, in the order it names them. */
function forwardedTargetGroupArns(rule: elbv2.Rule): string[] {
  return (rule.Actions ?? []).flatMap((action) => {
    if (action.Type !== 'forward') return [];
    const tuples = action.ForwardConfig?.TargetGroups ?? [];
    const arns = tuples.flatMap((tuple) => (tuple.TargetGroupArn === undefined ? [] : [tuple.TargetGroupArn]));
    return action.TargetGroupArn === undefined ? arns : [action.TargetGroupArn, ...arns];
  });
}

/**
 * The data plane's view of the control plane (packages/data-plane `routing-config.ts`): every
 * account's and region's load balancers, listeners, rules as DescribeRules returns them, and
 * the target groups those rules forward to, attributes filled with their defaults exactly as the
 * Describe*Attributes operations fill them. Read in one transaction, so a snapshot never mixes
 * two states; `changeCount()` is the store's, and the proxy re-reads when it moves.
 */
export function createRoutingConfigReader(store: Store, ec2: Ec2Inventory): RoutingConfigSource {
  const loadBalancers = createLoadBalancerRepository(store.db);
  const listeners = createListenerRepository(store.db);
  const rules = createRuleRepository(store.db);
  const targetGroups = createTargetGroupRepository(store.db);
  const registrations = createTargetRegistrationRepository(store.db);
  const selectScopes = store.db
    .prepare<[], [accountId: string, region: string]>(`SELECT DISTINCT account_id, region FROM load_balancers ORDER BY account_id, region`)
    .raw();

  function loadBalancerRoute(scope: Scope, record: LoadBalancerRecord): LoadBalancerRoute {
    const subject = { type: record.type, scheme: record.scheme, ipAddressType: record.ipAddressType };
    return {
      arn: record.arn,
      name: record.name,
      type: record.type,
      dnsName: record.dnsName,
      accountId: scope.accountId,
      region: scope.region,
      availabilityZones: record.availabilityZones.map((zone) => zone.zoneName),
      attributes: toMap(describeLoadBalancerAttributes(subject, loadBalancers.getAttributes(scope, record.arn))),
    };
  }

  function targetGroupRoute(scope: Scope, arn: string, zones: ReadonlySet<string>): TargetGroupRoute | undefined {
    const group = targetGroups.findByArn(scope, arn);
    if (group === undefined) return undefined;
    const registered = registrations.list(scope, arn);
    const instances =
      group.targetType === 'instance'
        ? new Map(ec2.findInstances(scope, registered.map((target) => target.targetId)).map((instance) => [instance.instanceId, instance]))
        : new Map<string, InstanceRecord>();
    const targets = registered.map((registration): TargetRoute => {
      const port = registration.port === NO_PORT ? (group.port ?? NO_PORT) : registration.port;
      const instance = instances.get(registration.targetId);
      // Instances go to their `elbow:host`, ip targets to the address; lambda and alb targets
      // are not reachable over HTTP by this proxy.
      const host = group.targetType === 'instance' ? instance?.host : group.targetType === 'ip' ? registration.targetId : undefined;
      const availabilityZone = registration.availabilityZone ?? instance?.availabilityZone;
      const isInZone = availabilityZone === 'all' || (availabilityZone !== undefined && zones.has(availabilityZone));
      const isInstanceUp = group.targetType !== 'instance' || (instance !== undefined && !UNROUTABLE_INSTANCE_STATES.has(instance.state));
      return {
        id: registration.targetId,
        port,
        host,
        availabilityZone,
        // A registered target of a used group in an enabled zone could be routed to; live
        // health (packages/health createHealthRoutingSource) decides whether it is.
        isRoutable: host !== undefined && isInZone && isInstanceUp,
      };
    });
    return {
      arn: group.arn,
      name: group.name,
      protocol: group.protocol,
      port: group.port,
      targetType: group.targetType,
      healthCheck: {
        isEnabled: group.healthCheck.isEnabled,
        protocol: group.healthCheck.protocol,
        port: group.healthCheck.port,
        path: group.healthCheck.path,
        intervalSeconds: group.healthCheck.intervalSeconds,
        timeoutSeconds: group.healthCheck.timeoutSeconds,
        healthyThresholdCount: group.healthCheck.healthyThresholdCount,
        unhealthyThresholdCount: group.healthCheck.unhealthyThresholdCount,
        httpCode: group.healthCheck.matcher?.HttpCode,
      },
      attributes: toMap(describeTargetGroupAttributes({ protocol: group.protocol, targetType: group.targetType }, targetGroups.getAttributes(scope, arn))),
      targets,
    };
  }

  function readScope(scope: Scope, routes: ListenerRoute[], groups: Map<string, TargetGroupRoute>): void {
    // Zones of every load balancer that forwards to a group: a target routes if any of them has its zone.
    const zonesByGroup = new Map<string, Set<string>>();
    for (const record of loadBalancers.listAfter(scope, 0, ALL)) {
      const loadBalancer = loadBalancerRoute(scope, record);
      for (const listener of listeners.listByLoadBalancer(scope, record.arn)) {
        const listenerRules = rules.listByListener(scope, listener.arn).map(toRuleOutput);
        for (const arn of listenerRules.flatMap(forwardedTargetGroupArns)) {
          const zones = zonesByGroup.get(arn) ?? new Set<string>();
          for (const zone of loadBalancer.availabilityZones) zones.add(zone);
          zonesByGroup.set(arn, zones);
        }
        if (listener.port === undefined || listener.protocol === undefined) continue;
        const certificates = listeners.listCertificates(scope, listener.arn);
        routes.push({
          arn: listener.arn,
          port: listener.port,
          protocol: listener.protocol,
          loadBalancer,
          rules: listenerRules,
          certificateArns: [
            ...certificates.filter((certificate) => certificate.isDefault),
            ...certificates.filter((certificate) => !certificate.isDefault),
          ].map((certificate) => certificate.certificateArn),
          attributes: toMap(describeListenerAttributes(record.type, listeners.getAttributes(scope, listener.arn))),
        });
      }
    }
    for (const [arn, zones] of zonesByGroup) {
      const group = targetGroupRoute(scope, arn, zones);
      if (group !== undefined) groups.set(arn, group);
    }
  }

  const readAll = store.db.transaction((): RoutingConfig => {
    const version = store.changeCount();
    const routes: ListenerRoute[] = [];
    const groups = new Map<string, TargetGroupRoute>();
    for (const [accountId, region] of selectScopes.all()) readScope({ accountId, region }, routes, groups);
    return { version, listeners: routes, targetGroups: groups };
  });

  return {
    changeCount: () => store.changeCount(),
    read: () => readAll(),
  };
}
