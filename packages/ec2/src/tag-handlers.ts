import type { Ec2Scope } from './ec2-inventory.js';
import { ec2Errors } from './ec2-errors.js';
import type { Ec2HandlerDeps, Ec2SyncHandlers } from './ec2-handler-types.js';
import { ec2ScopeOf } from './ec2-handler-types.js';
import { assertTagQuota, toEc2Tags } from './ec2-tag-rules.js';

export function tagMutations(deps: Ec2HandlerDeps): Ec2SyncHandlers<'CreateTags'> {
  const { vpcs, subnets, securityGroups, instances, tags } = deps;

  /** Fails as EC2 does for the kind of resource the id names. */
  function assertExists(scope: Ec2Scope, resourceId: string): void {
    const prefix = resourceId.slice(0, resourceId.indexOf('-') + 1);
    switch (prefix) {
      case 'vpc-':
        if (!vpcs.find(scope, resourceId)) throw ec2Errors.vpcNotFound([resourceId]);
        return;
      case 'subnet-':
        if (!subnets.find(scope, resourceId)) throw ec2Errors.subnetNotFound([resourceId]);
        return;
      case 'sg-':
        if (!securityGroups.find(scope, resourceId)) throw ec2Errors.groupNotFound([resourceId]);
        return;
      case 'i-':
        if (!instances.find(scope, resourceId)) throw ec2Errors.instanceNotFound([resourceId]);
        return;
      default:
        throw ec2Errors.invalidId(resourceId);
    }
  }

  return {
    CreateTags(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      const newTags = toEc2Tags(input.Tags);
      for (const resourceId of input.Resources) {
        assertExists(scope, resourceId);
        assertTagQuota(tags.list(scope, resourceId), newTags);
        tags.put(scope, resourceId, newTags);
      }
      return {};
    },
  };
}
