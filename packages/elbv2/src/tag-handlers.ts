import { parseElbv2Arn, partitionOf } from './arn.js';
import { elbv2Errors } from './elbv2-errors.js';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import type { Scope } from './scope.js';
import type { TagRepository } from './tag-repository.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';
import type { TargetGroupRepository } from './target-group-repository.js';

export interface TagHandlerDependencies {
  readonly targetGroups: TargetGroupRepository;
  readonly tags: TagRepository;
}

/**
 * AddTags / RemoveTags / DescribeTags over any elbv2 resource ARN. Only target groups exist so
 * far; the other kinds answer their own not-found codes (the model lists LoadBalancerNotFound,
 * ListenerNotFound, RuleNotFound and TrustStoreNotFound for these operations).
 */
export function tagMutations(deps: TagHandlerDependencies): SyncHandlers<'AddTags' | 'RemoveTags'> {
  const assertTaggable = taggableResourceCheck(deps.targetGroups);
  return {
    AddTags(input, context) {
      const scope = scopeOf(context);
      assertValidNewTags(input.Tags);
      for (const arn of input.ResourceArns) assertTaggable(scope, arn);
      for (const arn of input.ResourceArns) {
        assertTagQuota(deps.tags.list(scope, arn).map((tag) => tag.Key), input.Tags);
      }
      // "If a resource already has a tag with the same key, AddTags updates its value" [M1 AddTags doc].
      for (const arn of input.ResourceArns) deps.tags.put(scope, arn, input.Tags);
      return {};
    },
    RemoveTags(input, context) {
      const scope = scopeOf(context);
      for (const arn of input.ResourceArns) assertTaggable(scope, arn);
      // Keys the resource does not have are ignored.
      for (const arn of input.ResourceArns) deps.tags.remove(scope, arn, input.TagKeys);
      return {};
    },
  };
}

export function tagQueries(deps: TagHandlerDependencies): SyncHandlers<'DescribeTags'> {
  const assertTaggable = taggableResourceCheck(deps.targetGroups);
  return {
    DescribeTags(input, context) {
      const scope = scopeOf(context);
      for (const arn of input.ResourceArns) assertTaggable(scope, arn);
      return {
        TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: deps.tags.list(scope, arn) })),
      };
    },
  };
}

function taggableResourceCheck(targetGroups: TargetGroupRepository): (scope: Scope, arn: string) => void {
  return (scope, arn) => {
    const parsed = parseElbv2Arn(arn);
    const isInScope =
      parsed !== undefined &&
      parsed.region === scope.region &&
      parsed.accountId === scope.accountId &&
      parsed.partition === partitionOf(scope.region);
    if (!parsed || !isInScope) throw elbv2Errors.notInArnFormat(arn);
    switch (parsed.kind) {
      case 'targetgroup':
        if (!targetGroups.findByArn(scope, arn)) throw elbv2Errors.targetGroupNotFound();
        return;
      case 'loadbalancer':
        throw elbv2Errors.loadBalancerNotFound();
      case 'listener':
        throw elbv2Errors.listenerNotFound();
      case 'listener-rule':
        throw elbv2Errors.ruleNotFound();
      case 'truststore':
        throw elbv2Errors.trustStoreNotFound();
    }
  };
}
