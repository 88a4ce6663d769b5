import { scopeOf } from './handler-types.js';
import type { SyncHandlers } from './handler-types.js';
import { requireLoadBalancer } from './elb-deps.js';
import type { ElbDeps } from './elb-deps.js';
import { applyAttributes, attributesOutput, validAdditionalAttributes } from './load-balancer-attributes.js';

export function attributeMutations(deps: ElbDeps): SyncHandlers<'ModifyLoadBalancerAttributes'> {
  return {
    /** Output echoes the name and the attributes as they now stand (model ModifyLoadBalancerAttributesOutput). */
    ModifyLoadBalancerAttributes(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      const attributes = applyAttributes(loadBalancer.attributes, input.LoadBalancerAttributes);
      const additional = validAdditionalAttributes(input.LoadBalancerAttributes.AdditionalAttributes ?? []);
      deps.loadBalancers.updateAttributes(scope, loadBalancer.name, attributes);
      for (const { key, value } of additional) deps.loadBalancers.putAdditionalAttribute(scope, loadBalancer.name, key, value);
      return {
        LoadBalancerName: loadBalancer.name,
        LoadBalancerAttributes: attributesOutput(attributes, deps.loadBalancers.additionalAttributes(scope, loadBalancer.name)),
      };
    },
  };
}

export function attributeQueries(deps: ElbDeps): SyncHandlers<'DescribeLoadBalancerAttributes'> {
  return {
    DescribeLoadBalancerAttributes(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      return { LoadBalancerAttributes: attributesOutput(loadBalancer.attributes, deps.loadBalancers.additionalAttributes(scope, loadBalancer.name)) };
    },
  };
}
