import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import { applyCapacityChange, describeCapacity } from './capacity-reservation.js';
import { findLoadBalancer } from './load-balancer-lookup.js';
import type { LoadBalancerRepository } from './load-balancer-repository.js';

export interface CapacityHandlerDependencies {
  readonly loadBalancers: LoadBalancerRepository;
  readonly clock: (() => Date) | undefined;
}

export function capacityMutations(deps: CapacityHandlerDependencies): SyncHandlers<'ModifyCapacityReservation'> {
  return {
    ModifyCapacityReservation(input, context) {
      const scope = scopeOf(context);
      const now = deps.clock?.() ?? context.now;
      const loadBalancer = findLoadBalancer(deps.loadBalancers, scope, input.LoadBalancerArn);
      const capacity = applyCapacityChange(loadBalancer.capacity, input, now);
      deps.loadBalancers.updateCapacity(scope, loadBalancer.arn, capacity);
      return describeCapacity({ ...loadBalancer, capacity }, now);
    },
  };
}

export function capacityQueries(deps: CapacityHandlerDependencies): SyncHandlers<'DescribeCapacityReservation'> {
  return {
    DescribeCapacityReservation(input, context) {
      const loadBalancer = findLoadBalancer(deps.loadBalancers, scopeOf(context), input.LoadBalancerArn);
      return describeCapacity(loadBalancer, deps.clock?.() ?? context.now);
    },
  };
}
