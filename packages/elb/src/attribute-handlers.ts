import type { elb } from '@elbow/api-models';
import { scopeOf } from './handler-types.js';
import type { SyncHandlers } from './handler-types.js';
import { requireLoadBalancer } from './elb-deps.js';
import type { ElbDeps } from './elb-deps.js';
import { applyAttributes, attributesOutput, validAdditionalAttributes } from './load-balancer-attributes.js';

export function attributeMutations(deps: ElbDeps): SyncHandlers<'ModifyLoadBalancerAttributes'> {
  return {
    /** Output echoes the name and the attribute groups changed, as they now stand. */
    ModifyLoadBalancerAttributes(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      const attributes = applyAttributes(loadBalancer.attributes, input.LoadBalancerAttributes);
      const additional = validAdditionalAttributes(input.LoadBalancerAttributes.AdditionalAttributes ?? []);
      deps.loadBalancers.updateAttributes(scope, loadBalancer.name, attributes);
      for (const { key, value } of additional) deps.loadBalancers.putAdditionalAttribute(scope, loadBalancer.name, key, value);
      // Only the groups the request named come back (aws-cli `modify-load-balancer-attributes.rst`).
      const stored = attributesOutput(attributes, deps.loadBalancers.additionalAttributes(scope, loadBalancer.name));
      const echoed: elb.LoadBalancerAttributes = {};
      const given = input.LoadBalancerAttributes;
      if (given.CrossZoneLoadBalancing) echoed.CrossZoneLoadBalancing = stored.CrossZoneLoadBalancing;
      if (given.AccessLog) echoed.AccessLog = stored.AccessLog;
      if (given.ConnectionDraining) echoed.ConnectionDraining = stored.ConnectionDraining;
      if (given.ConnectionSettings) echoed.ConnectionSettings = stored.ConnectionSettings;
      if (given.AdditionalAttributes) {
        echoed.AdditionalAttributes = (stored.AdditionalAttributes ?? []).filter((attribute) => additional.some(({ key }) => key === attribute.Key));
      }
      return { LoadBalancerName: loadBalancer.name, LoadBalancerAttributes: echoed };
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
