import type { elb } from '@elbow/api-models';
import type { InstanceRecord } from '@elbow/ec2';
import { ServiceError } from '@elbow/query-protocol';
import { scopeOf } from './handler-types.js';
import type { Scope, SyncHandlers } from './handler-types.js';
import { nowOf, requireLoadBalancer } from './elb-deps.js';
import type { ElbDeps } from './elb-deps.js';
import { elbErrors } from './elb-errors.js';
import { assertValidHealthCheck } from './health-check.js';
import { instanceHealth } from './instance-health.js';
import type { ClassicLoadBalancer } from './load-balancer-repository.js';

/** "classic-registered-instances": 1000 per load balancer (aws-cli `describe-account-limits.rst`). */
export const MAX_REGISTERED_INSTANCES = 1000;

/** The EC2 records of the ids asked, each at most once; an id EC2 does not know (or terminated) answers InvalidInstance. */
function knownInstances(deps: ElbDeps, scope: Scope, instances: readonly elb.Instance[]): InstanceRecord[] {
  const ids = [...new Set(instances.map((instance) => instance.InstanceId ?? ''))];
  const found = deps.ec2.findInstances(scope, ids);
  return ids.map((id) => {
    const record = found.find((candidate) => candidate.instanceId === id);
    if (!record || record.state === 'terminated' || record.state === 'shutting-down') throw elbErrors.invalidInstance(id);
    return record;
  });
}

function registered(deps: ElbDeps, scope: Scope, loadBalancer: ClassicLoadBalancer): elb.Instance[] {
  return deps.loadBalancers.instances(scope, loadBalancer.name).map((instance) => ({ InstanceId: instance.instanceId }));
}

export function instanceMutations(deps: ElbDeps): SyncHandlers<'RegisterInstancesWithLoadBalancer' | 'DeregisterInstancesFromLoadBalancer' | 'ConfigureHealthCheck'> {
  return {
    /** Instances must be in the load balancer's VPC (model RegisterInstancesWithLoadBalancer doc). Output: every registered instance [C1]. */
    RegisterInstancesWithLoadBalancer(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      const records = knownInstances(deps, scope, input.Instances);
      const foreign = records.find((record) => record.vpcId !== loadBalancer.vpcId);
      if (foreign) throw elbErrors.invalidInstance(foreign.instanceId);
      const now = nowOf(deps, context).toISOString();
      for (const record of records) {
        deps.loadBalancers.addInstance(scope, loadBalancer.name, record.instanceId, now);
        // Registering a draining instance again ends its drain.
        deps.draining.delete(scope, loadBalancer.name, record.instanceId);
      }
      if (deps.loadBalancers.instances(scope, loadBalancer.name).length > MAX_REGISTERED_INSTANCES) {
        // Unverified wording.
        throw new ServiceError('InvalidConfigurationRequest', `A load balancer can have at most ${MAX_REGISTERED_INSTANCES} registered instances`);
      }
      return { Instances: registered(deps, scope, loadBalancer) };
    },

    /**
     * Instances not registered are ignored; unknown ones answer InvalidInstance. Output: those still
     * registered: a deregistered instance leaves Instances at once ("the load balancer stops routing
     * requests to an instance as soon as it is deregistered" [D6 elb-deregister-register-instances]).
     * With ConnectionDraining enabled it drains until the Timeout on elbow's clock (migration 009).
     */
    DeregisterInstancesFromLoadBalancer(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      const records = knownInstances(deps, scope, input.Instances);
      const registeredIds = new Set(deps.loadBalancers.instances(scope, loadBalancer.name).map((instance) => instance.instanceId));
      const { connectionDrainingEnabled, connectionDrainingTimeoutSeconds } = loadBalancer.attributes;
      const nowMs = deps.drainingNowMs();
      for (const record of records) {
        if (!registeredIds.has(record.instanceId)) continue;
        deps.loadBalancers.removeInstance(scope, loadBalancer.name, record.instanceId);
        if (connectionDrainingEnabled) {
          deps.draining.upsert(scope, loadBalancer.name, { instanceId: record.instanceId, deregisteredAtMs: nowMs, deadlineMs: nowMs + connectionDrainingTimeoutSeconds * 1000 });
        }
      }
      return { Instances: registered(deps, scope, loadBalancer) };
    },

    ConfigureHealthCheck(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      assertValidHealthCheck(input.HealthCheck);
      deps.loadBalancers.updateHealthCheck(scope, loadBalancer.name, input.HealthCheck);
      return { HealthCheck: input.HealthCheck };
    },
  };
}

export function instanceQueries(deps: ElbDeps): SyncHandlers<'DescribeInstanceHealth'> {
  return {
    DescribeInstanceHealth(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      const registrations = deps.loadBalancers.instances(scope, loadBalancer.name);
      const asked = input.Instances && input.Instances.length > 0 ? input.Instances.map((instance) => instance.InstanceId ?? '') : registrations.map((r) => r.instanceId);
      const records = deps.ec2.findInstances(scope, asked);
      if (input.Instances && input.Instances.length > 0) {
        const unknown = asked.find((id) => !records.some((record) => record.instanceId === id));
        if (unknown !== undefined) throw elbErrors.invalidInstance(unknown);
      }
      const enabledZones = deps.loadBalancers.zones(scope, loadBalancer.name).map((zone) => zone.availabilityZone);
      const nowMs = nowOf(deps, context).getTime();
      // A drain whose deadline passed is over even before the expiry timer deletes its row.
      const drainingNowMs = deps.drainingNowMs();
      const draining = new Set(deps.draining.listDraining(scope, loadBalancer.name).filter((drain) => drain.deadlineMs > drainingNowMs).map((drain) => drain.instanceId));
      const states = asked.flatMap((id) => {
        const record = records.find((candidate) => candidate.instanceId === id);
        const registration = registrations.find((candidate) => candidate.instanceId === id);
        const state = instanceHealth({
          instanceId: id,
          isRegistered: registration !== undefined,
          isDraining: draining.has(id),
          ec2State: record?.state,
          availabilityZone: record?.availabilityZone,
          enabledZones,
          liveHealth: registration === undefined ? undefined : deps.liveInstanceHealth?.(scope, loadBalancer.name, id),
          isRegistrationInProgress: registration !== undefined && nowMs - Date.parse(registration.registeredAt) < deps.registrationSettleMs,
        });
        return state ? [state] : [];
      });
      return { InstanceStates: states };
    },
  };
}
