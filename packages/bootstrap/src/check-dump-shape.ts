import { loadServiceModel } from '@elbow/api-models';
import type { ModelName, ServiceModel } from '@elbow/api-models';
import { BootstrapError } from './bootstrap-error.js';

/**
 * The describe operation whose output holds each array or object member `elbow import` reads;
 * the member's shape in that output (the committed botocore model) is what its value must have.
 * Target-group and listener attribute dumps share the load balancer attributes' Key/Value shape;
 * an elb describe-tags dump's `LoadBalancerName` is not in the elbv2 TagDescription shape and,
 * like every member the model does not name (newer CLI output), is left unchecked.
 */
const MEMBER_SOURCES: Record<string, { readonly model: ModelName; readonly operation: string }> = {
  LoadBalancers: { model: 'elbv2', operation: 'DescribeLoadBalancers' },
  Listeners: { model: 'elbv2', operation: 'DescribeListeners' },
  Rules: { model: 'elbv2', operation: 'DescribeRules' },
  TargetGroups: { model: 'elbv2', operation: 'DescribeTargetGroups' },
  Attributes: { model: 'elbv2', operation: 'DescribeLoadBalancerAttributes' },
  TagDescriptions: { model: 'elbv2', operation: 'DescribeTags' },
  LoadBalancerDescriptions: { model: 'elb', operation: 'DescribeLoadBalancers' },
  LoadBalancerAttributes: { model: 'elb', operation: 'DescribeLoadBalancerAttributes' },
  PolicyDescriptions: { model: 'elb', operation: 'DescribeLoadBalancerPolicies' },
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** The first place `value` departs from `shapeName`, as `path: must be …, found …`; undefined when it fits. */
function firstMismatch(model: ServiceModel, shapeName: string, value: unknown, path: string): string | undefined {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return undefined;
  const fail = (expected: string) => `${path} must be ${expected}, found ${describeValue(value)}`;
  switch (shape.type) {
    case 'list': {
      if (!Array.isArray(value)) return fail('a list');
      for (const [index, item] of value.entries()) {
        const mismatch = firstMismatch(model, shape.member.shape, item, `${path}[${index}]`);
        if (mismatch !== undefined) return mismatch;
      }
      return undefined;
    }
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('an object');
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const memberValue = (value as Record<string, unknown>)[member];
        if (memberValue === undefined) continue;
        const mismatch = firstMismatch(model, ref.shape, memberValue, `${path}.${member}`);
        if (mismatch !== undefined) return mismatch;
      }
      return undefined;
    }
    case 'map':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : fail('an object');
    case 'string':
      return typeof value === 'string' ? undefined : fail('a string');
    case 'timestamp':
      // The CLI prints ISO 8601 strings; an SDK dump may hold epoch numbers.
      return typeof value === 'string' || typeof value === 'number' ? undefined : fail('a timestamp');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : fail('true or false');
    case 'blob':
      return typeof value === 'string' ? undefined : fail('a string');
    default:
      return typeof value === 'number' ? undefined : fail('a number');
  }
}

/**
 * Checks one member of a describe dump against the shape the AWS model gives it, so a hand-edited
 * or truncated dump is refused with the file and the member's path (`LoadBalancers[0]`,
 * `LoadBalancerDescriptions[0].ListenerDescriptions`) instead of failing somewhere inside import.
 * Owner and pagination members (`LoadBalancerArn`, `NextMarker`, ...) must be strings.
 */
export function checkDumpMember(fileName: string, member: string, value: unknown): void {
  const source = MEMBER_SOURCES[member];
  let mismatch: string | undefined;
  if (source === undefined) {
    mismatch = typeof value === 'string' ? undefined : `${member} must be a string, found ${describeValue(value)}`;
  } else {
    const { model } = loadServiceModel(source.model);
    const outputShape = model.operations[source.operation]?.output?.shape ?? '';
    const ref = model.shapes[outputShape]?.type === 'structure' ? (model.shapes[outputShape] as { members?: Record<string, { shape: string }> }).members?.[member] : undefined;
    mismatch = ref === undefined ? undefined : firstMismatch(model, ref.shape, value, member);
  }
  if (mismatch !== undefined) throw new BootstrapError(`${fileName}: ${mismatch}`);
}
