import type { Database } from 'better-sqlite3';
import type { Ec2Inventory, InstanceRecord } from '@elbow/ec2';
import type { LoadBalancerRepository } from './load-balancer-repository.js';
import type { Scope } from './scope.js';
import type { TargetFacts } from './target-registration-rules.js';

/** The listener ports of a load balancer, which an `alb` target's port must match [M1 TargetDescription.Port doc]. */
export interface ListenerPorts {
  listenerPortsOf(scope: Scope, loadBalancerArn: string): number[];
}

/**
 * Reads `listeners.port` (migration 004) directly: the one column the target slice needs,
 * until a listener repository offers it.
 */
export function createListenerPorts(db: Database): ListenerPorts {
  const select = db
    .prepare<[string, string, string], number>(
      `SELECT port FROM listeners WHERE account_id = ? AND region = ? AND load_balancer_arn = ? AND port IS NOT NULL ORDER BY seq`,
    )
    .pluck();
  return {
    listenerPortsOf(scope, loadBalancerArn) {
      return select.all(scope.accountId, scope.region, loadBalancerArn);
    },
  };
}

export interface TargetFactsSources {
  readonly ec2: Ec2Inventory;
  readonly loadBalancers: LoadBalancerRepository;
  readonly listenerPorts: ListenerPorts;
}

/**
 * The facts RegisterTargets checks targets against, for one call: instances are read in one
 * batch for the ids named, everything else on demand.
 */
export function targetFactsFor(sources: TargetFactsSources, scope: Scope, instanceIds: readonly string[]): TargetFacts {
  const instances = new Map<string, InstanceRecord>(
    instanceIds.length === 0 ? [] : sources.ec2.findInstances(scope, instanceIds).map((instance) => [instance.instanceId, instance]),
  );
  let zones: readonly string[] | undefined;
  return {
    findInstance: (instanceId) => instances.get(instanceId),
    zoneOfAddress: (vpcId, address) => sources.ec2.subnetHoldingAddress(scope, vpcId, address)?.availabilityZone,
    get availabilityZones() {
      zones ??= sources.ec2.availabilityZones(scope);
      return zones;
    },
    findLoadBalancer: (arn) => {
      const loadBalancer = sources.loadBalancers.findByArn(scope, arn);
      return loadBalancer && { type: loadBalancer.type, listenerPorts: sources.listenerPorts.listenerPortsOf(scope, arn) };
    },
  };
}
