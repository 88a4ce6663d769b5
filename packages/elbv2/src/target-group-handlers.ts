import { ServiceError, validationError } from '@elbow/query-protocol';
import { isArnInScope, targetGroupArn } from './arn.js';
import { elbv2Errors } from './elbv2-errors.js';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import { decodeMarker, DEFAULT_PAGE_SIZE, encodeMarker, pageOf } from './pagination.js';
import type { Scope } from './scope.js';
import type { TagRepository } from './tag-repository.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';
import { describeTargetGroupAttributes, resolveAttributeChanges } from './target-group-attributes.js';
import { assertTargetGroupNameLength, assertValidTargetGroupName } from './target-group-name.js';
import { toTargetGroupOutput } from './target-group-output.js';
import type { TargetGroupRecord, TargetGroupRepository } from './target-group-repository.js';
import { applyModifyTargetGroup, hasSameSettings, resolveCreateSettings } from './target-group-settings.js';
import type { TargetGroupUsage } from './target-group-usage.js';
import type { LoadBalancerRepository } from './load-balancer-repository.js';
import type { Ec2Inventory } from '@elbow/ec2';
import { assertTargetStickinessAllowed } from './stickiness-rules.js';

export interface TargetGroupHandlerDependencies {
  readonly targetGroups: TargetGroupRepository;
  /** Which listeners and rules forward to a group (LoadBalancerArns, ResourceInUse, stickiness across forwards). */
  readonly targetGroupUsage: TargetGroupUsage;
  readonly loadBalancers: Pick<LoadBalancerRepository, 'findByArn'>;
  readonly tags: TagRepository;
  /** EC2 state the group's VPC must exist in (issue: "a target group's VPC must exist"). */
  readonly ec2: Pick<Ec2Inventory, 'findVpc'>;
  /** `length` random lowercase hex characters. */
  readonly randomHex: (length: number) => string;
  /** Overrides the request time for stored timestamps (tests); defaults to `context.now`. */
  readonly clock: (() => Date) | undefined;
}

/** "Target groups per Region: 3000" (ALB guide, load-balancer-limits; elbv2-validation.md §7). */
export const MAX_TARGET_GROUPS_PER_REGION = 3000;
const TARGET_GROUP_ID_LENGTH = 16;

export type TargetGroupMutationName =
  | 'CreateTargetGroup'
  | 'ModifyTargetGroup'
  | 'DeleteTargetGroup'
  | 'ModifyTargetGroupAttributes';
export type TargetGroupQueryName = 'DescribeTargetGroups' | 'DescribeTargetGroupAttributes';

export function targetGroupMutations(deps: TargetGroupHandlerDependencies): SyncHandlers<TargetGroupMutationName> {
  const { targetGroups, tags, targetGroupUsage } = deps;
  return {
    CreateTargetGroup(input, context) {
      const scope = scopeOf(context);
      assertValidTargetGroupName(input.Name);
      const settings = resolveCreateSettings(input);
      // Verified: "ValidationError: The VPC ID 'vpc-…' is not found" from CreateTargetGroup
      // (github.com/ansible/ansible/issues/31919, terraform-aws-modules/terraform-aws-alb#294).
      if (settings.vpcId !== undefined && !deps.ec2.findVpc(scope, settings.vpcId)) {
        throw validationError(`The VPC ID '${settings.vpcId}' is not found`);
      }
      const newTags = input.Tags ?? [];
      assertValidNewTags(newTags);
      assertTagQuota([], newTags);

      // "This operation is idempotent ... If you attempt to create multiple target groups with the same
      // settings, each call succeeds" [M1 CreateTargetGroup doc]; the tags of a repeated call are ignored.
      const existing = targetGroups.findByName(scope, input.Name);
      if (existing) {
        if (hasSameSettings(existing, settings)) {
          return { TargetGroups: [toTargetGroupOutput(existing, targetGroupUsage.loadBalancerArnsOf(scope, existing.arn))] };
        }
        // Unverified wording, modelled on the verified DuplicateLoadBalancerName message (elbv2-validation.md §3).
        throw new ServiceError('DuplicateTargetGroupName', `A target group with the same name '${input.Name}' exists, but with different settings`);
      }
      if (targetGroups.count(scope) >= MAX_TARGET_GROUPS_PER_REGION) {
        // The model's TooManyTargetGroupsException documentation — unverified as the wire message.
        throw new ServiceError('TooManyTargetGroups', `You've reached the limit on the number of target groups for your AWS account.`);
      }
      const created = targetGroups.insert(scope, {
        ...settings,
        arn: targetGroupArn(scope, input.Name, deps.randomHex(TARGET_GROUP_ID_LENGTH)),
        name: input.Name,
        createdAt: (deps.clock?.() ?? context.now).toISOString(),
      });
      tags.put(scope, created.arn, newTags);
      return { TargetGroups: [toTargetGroupOutput(created)] };
    },

    ModifyTargetGroup(input, context) {
      const scope = scopeOf(context);
      const current = findTargetGroup(targetGroups, scope, input.TargetGroupArn);
      const settings = applyModifyTargetGroup(current, input);
      targetGroups.updateHealthCheck(scope, current.arn, settings);
      return { TargetGroups: [toTargetGroupOutput({ ...current, ...settings }, targetGroupUsage.loadBalancerArnsOf(scope, current.arn))] };
    },

    DeleteTargetGroup(input, context) {
      const scope = scopeOf(context);
      if (!isArnInScope(input.TargetGroupArn, 'targetgroup', scope)) throw elbv2Errors.invalidTargetGroupArn(input.TargetGroupArn);
      // An unknown group is not an error: the model lists only ResourceInUse for DeleteTargetGroup
      // (no TargetGroupNotFound, unlike every other target-group operation), matching DeleteLoadBalancer,
      // which "succeeds silently" on a missing resource (elbv2-validation.md §3). Delete is thereby
      // idempotent, which retrying clients rely on.
      if (targetGroupUsage.isInUse(scope, input.TargetGroupArn)) {
        // [G14] CloudTrail excerpt of a real refusal (elbv2-validation.md §3).
        throw new ServiceError('ResourceInUse', `Target group '${input.TargetGroupArn}' is currently in use by a listener or a rule`);
      }
      if (targetGroups.delete(scope, input.TargetGroupArn)) tags.removeAll(scope, input.TargetGroupArn);
      return {};
    },

    ModifyTargetGroupAttributes(input, context) {
      const scope = scopeOf(context);
      const group = findTargetGroup(targetGroups, scope, input.TargetGroupArn);
      const stored = targetGroups.getAttributes(scope, group.arn);
      // Validates the whole resulting set before anything is written (elbv2-attributes.md §1).
      const changes = resolveAttributeChanges(group, stored, input.Attributes);
      // Stickiness across weighted forwards, the target-group direction (elbv2-validation.md §2(a)(b)).
      const resulting = new Map([...stored, ...changes]);
      const stickinessType = describeTargetGroupAttributes(group, resulting).find((attribute) => attribute.Key === 'stickiness.type')?.Value ?? '';
      assertTargetStickinessAllowed(
        { isEnabled: resulting.get('stickiness.enabled') === 'true', type: stickinessType },
        targetGroupUsage.forwardsReferencing(scope, group.arn),
      );
      targetGroups.putAttributes(scope, group.arn, changes);
      return { Attributes: describeTargetGroupAttributes(group, new Map([...stored, ...changes])) };
    },
  };
}

export function targetGroupQueries(deps: TargetGroupHandlerDependencies): SyncHandlers<TargetGroupQueryName> {
  const { targetGroups } = deps;
  return {
    DescribeTargetGroups(input, context) {
      const scope = scopeOf(context);
      const arns = input.TargetGroupArns ?? [];
      const names = input.Names ?? [];
      const filterCount = [input.LoadBalancerArn !== undefined, arns.length > 0, names.length > 0].filter(Boolean).length;
      if (filterCount > 1) {
        // "specify one of the following to filter the results" [M1 DescribeTargetGroups doc]; wording unverified.
        throw validationError('Only one of load balancer ARN, target group ARNs or target group names can be specified');
      }
      if (input.LoadBalancerArn !== undefined) {
        if (!isArnInScope(input.LoadBalancerArn, 'loadbalancer', scope)) throw elbv2Errors.invalidLoadBalancerArn(input.LoadBalancerArn);
        if (!deps.loadBalancers.findByArn(scope, input.LoadBalancerArn)) throw elbv2Errors.loadBalancerNotFound();
        const groups = deps.targetGroupUsage
          .targetGroupArnsOf(scope, input.LoadBalancerArn)
          .map((arn) => targetGroups.findByArn(scope, arn))
          .filter((group): group is TargetGroupRecord => group !== undefined);
        const page = pageOf(groups, input.Marker, input.PageSize);
        return describeOutput(deps, scope, page.items, page.nextMarker);
      }
      if (arns.length > 0 || names.length > 0) {
        const found = arns.length > 0
          ? arns.map((arn) => findTargetGroup(targetGroups, scope, arn))
          : names.map((name) => findTargetGroupByName(targetGroups, scope, name));
        const unique = [...new Map(found.map((group) => [group.seq, group])).values()].sort((a, b) => a.seq - b.seq);
        const page = pageOf(unique, input.Marker, input.PageSize);
        return describeOutput(deps, scope, page.items, page.nextMarker);
      }
      const pageSize = input.PageSize ?? DEFAULT_PAGE_SIZE;
      const rows = targetGroups.listAfter(scope, decodeMarker(input.Marker), pageSize + 1);
      const items = rows.slice(0, pageSize);
      const last = items[items.length - 1];
      return describeOutput(deps, scope, items, rows.length > pageSize && last ? encodeMarker(last.seq) : undefined);
    },

    DescribeTargetGroupAttributes(input, context) {
      const scope = scopeOf(context);
      const group = findTargetGroup(targetGroups, scope, input.TargetGroupArn);
      return { Attributes: describeTargetGroupAttributes(group, targetGroups.getAttributes(scope, group.arn)) };
    },
  };
}

function describeOutput(deps: TargetGroupHandlerDependencies, scope: Scope, items: readonly TargetGroupRecord[], nextMarker: string | undefined) {
  return {
    TargetGroups: items.map((group) => toTargetGroupOutput(group, deps.targetGroupUsage.loadBalancerArnsOf(scope, group.arn))),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  };
}

/** The group an ARN names in the caller's scope; ValidationError when the ARN cannot name one, else TargetGroupNotFound. */
export function findTargetGroup(targetGroups: TargetGroupRepository, scope: Scope, arn: string): TargetGroupRecord {
  if (!isArnInScope(arn, 'targetgroup', scope)) throw elbv2Errors.invalidTargetGroupArn(arn);
  const group = targetGroups.findByArn(scope, arn);
  if (!group) throw elbv2Errors.targetGroupNotFound();
  return group;
}

function findTargetGroupByName(targetGroups: TargetGroupRepository, scope: Scope, name: string): TargetGroupRecord {
  assertTargetGroupNameLength(name);
  const group = targetGroups.findByName(scope, name);
  if (!group) throw elbv2Errors.targetGroupNotFound();
  return group;
}
