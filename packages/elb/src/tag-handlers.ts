import { scopeOf } from './handler-types.js';
import type { SyncHandlers } from './handler-types.js';
import { requireLoadBalancer } from './elb-deps.js';
import type { ElbDeps } from './elb-deps.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';

export function tagMutations(deps: ElbDeps): SyncHandlers<'AddTags' | 'RemoveTags'> {
  return {
    /** Every named load balancer must exist; a repeated key takes the new value. */
    AddTags(input, context) {
      const scope = scopeOf(context);
      assertValidNewTags(input.Tags);
      const names = input.LoadBalancerNames.map((name) => requireLoadBalancer(deps, scope, name).name);
      for (const name of names) {
        assertTagQuota(deps.tags.list(scope, name).map((tag) => tag.Key), input.Tags);
        deps.tags.put(scope, name, input.Tags);
      }
      return {};
    },
    RemoveTags(input, context) {
      const scope = scopeOf(context);
      const names = input.LoadBalancerNames.map((name) => requireLoadBalancer(deps, scope, name).name);
      const keys = input.Tags.map((tag) => tag.Key ?? '');
      for (const name of names) deps.tags.remove(scope, name, keys);
      return {};
    },
  };
}

export function tagQueries(deps: ElbDeps): SyncHandlers<'DescribeTags'> {
  return {
    DescribeTags(input, context) {
      const scope = scopeOf(context);
      return {
        TagDescriptions: input.LoadBalancerNames.map((name) => {
          const loadBalancer = requireLoadBalancer(deps, scope, name);
          return { LoadBalancerName: loadBalancer.name, Tags: deps.tags.list(scope, loadBalancer.name) };
        }),
      };
    },
  };
}
