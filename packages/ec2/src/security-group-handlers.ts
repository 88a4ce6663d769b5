import { DEFAULT_SECURITY_GROUP_NAME } from './default-network.js';
import { ec2Errors } from './ec2-errors.js';
import { assertKnownFilters, matchesFilters } from './ec2-filters.js';
import type { Ec2HandlerDeps, Ec2SyncHandlers } from './ec2-handler-types.js';
import { ec2ScopeOf } from './ec2-handler-types.js';
import { newEc2Id } from './ec2-ids.js';
import { securityGroupArn, toSecurityGroupOutput } from './ec2-output.js';
import { tagsFromSpecifications, toTagOutput } from './ec2-tag-rules.js';
import type { SecurityGroupRow } from './security-group-repository.js';
import { findAllOrFail } from './vpc-handlers.js';

const GROUP_FILTERS = new Set(['group-id', 'group-name', 'vpc-id', 'description', 'owner-id']);

export function securityGroupMutations(deps: Ec2HandlerDeps): Ec2SyncHandlers<'CreateSecurityGroup' | 'DeleteSecurityGroup'> {
  const { vpcs, securityGroups, instances, tags } = deps;
  return {
    CreateSecurityGroup(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      const vpc = input.VpcId === undefined ? vpcs.findDefault(scope) : vpcs.find(scope, input.VpcId);
      if (!vpc) throw input.VpcId === undefined ? ec2Errors.noDefaultVpc() : ec2Errors.vpcNotFound([input.VpcId]);
      // Names and descriptions: up to 255 characters; `sg-*` names are refused (EC2 API Reference,
      // CreateSecurityGroup GroupName: "Constraints: Up to 255 characters in length. Cannot start with sg-.").
      // Wording unverified.
      if (input.GroupName.length > 255) throw ec2Errors.invalidParameterValue('Group name must be at most 255 characters long');
      if (input.Description.length > 255) throw ec2Errors.invalidParameterValue('Group description must be at most 255 characters long');
      if (input.GroupName.toLowerCase().startsWith('sg-')) throw ec2Errors.invalidParameterValue('Group names may not be in the format sg-*');
      if (securityGroups.findByName(scope, vpc.vpcId, input.GroupName)) throw ec2Errors.groupDuplicate(input.GroupName, vpc.vpcId);
      const newTags = tagsFromSpecifications(input.TagSpecifications, 'security-group');
      const group = securityGroups.insert(scope, {
        groupId: newEc2Id('sg', deps.randomHex),
        groupName: input.GroupName,
        description: input.Description,
        vpcId: vpc.vpcId,
      });
      tags.put(scope, group.groupId, newTags);
      return {
        GroupId: group.groupId,
        Tags: newTags.length > 0 ? toTagOutput(newTags) : undefined,
        SecurityGroupArn: securityGroupArn(scope, group.groupId),
      };
    },

    DeleteSecurityGroup(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      let group: SecurityGroupRow | undefined;
      if (input.GroupId !== undefined) {
        group = securityGroups.find(scope, input.GroupId);
        if (!group) throw ec2Errors.groupNotFound([input.GroupId]);
      } else if (input.GroupName !== undefined) {
        // By name, only in the default VPC (EC2 API Reference, DeleteSecurityGroup GroupName: "[Default VPC]").
        const defaultVpc = vpcs.findDefault(scope);
        if (!defaultVpc) throw ec2Errors.noDefaultVpc();
        group = securityGroups.findByName(scope, defaultVpc.vpcId, input.GroupName);
        if (!group) throw ec2Errors.groupNameNotFound(input.GroupName, defaultVpc.vpcId);
      } else {
        throw ec2Errors.missingParameter('GroupId');
      }
      if (group.groupName === DEFAULT_SECURITY_GROUP_NAME) throw ec2Errors.cannotDeleteDefaultGroup(group.groupId);
      if (instances.countLiveInGroup(scope, group.groupId) > 0) throw ec2Errors.groupDependencies(group.groupId);
      instances.detachTerminatedFromGroup(scope, group.groupId);
      tags.deleteAll(scope, group.groupId);
      securityGroups.delete(scope, group.groupId);
      return { Return: true, GroupId: group.groupId };
    },
  };
}

export function securityGroupQueries(deps: Ec2HandlerDeps): Ec2SyncHandlers<'DescribeSecurityGroups'> {
  const { vpcs, securityGroups, tags } = deps;
  return {
    DescribeSecurityGroups(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      assertKnownFilters(input.Filters, GROUP_FILTERS);
      let candidates: SecurityGroupRow[] = securityGroups.list(scope);
      if (input.GroupIds && input.GroupIds.length > 0) {
        candidates = findAllOrFail(input.GroupIds, (id) => securityGroups.find(scope, id), ec2Errors.groupNotFound);
      }
      if (input.GroupNames && input.GroupNames.length > 0) {
        // Group names are looked up in the default VPC (EC2 API Reference, DescribeSecurityGroups GroupNames).
        const defaultVpcId = vpcs.findDefault(scope)?.vpcId ?? '';
        const byName = findAllOrFail(
          input.GroupNames,
          (name) => securityGroups.findByName(scope, defaultVpcId, name),
          (missing) => ec2Errors.groupNameNotFound(missing.join(', '), defaultVpcId),
        );
        candidates = candidates.filter((group) => byName.some((named) => named.groupId === group.groupId));
      }
      const result = candidates.flatMap((group) => {
        const groupTags = tags.list(scope, group.groupId);
        const fields: Record<string, string[]> = {
          'group-id': [group.groupId],
          'group-name': [group.groupName],
          'vpc-id': [group.vpcId],
          description: [group.description],
          'owner-id': [scope.accountId],
        };
        return matchesFilters(input.Filters, { field: (name) => fields[name], tags: groupTags })
          ? [toSecurityGroupOutput(scope, group, groupTags)]
          : [];
      });
      return { SecurityGroups: result };
    },
  };
}
