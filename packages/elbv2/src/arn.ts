/**
 * elbv2 ARNs. Formats from /work/shared/spec/elbv2-validation.md §5 (aws-cli examples):
 *   arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id16>
 *   ...:loadbalancer/{app|net|gwy}/<name>/<id16>
 *   ...:listener/{app|net|gwy}/<lb-name>/<lb-id16>/<id16>
 *   ...:listener-rule/{app|net|gwy}/<lb-name>/<lb-id16>/<listener-id16>/<id16>
 *   ...:truststore/<name>/<id16>
 */

export type Elbv2ResourceKind = 'targetgroup' | 'loadbalancer' | 'listener' | 'listener-rule' | 'truststore';

export interface ParsedElbv2Arn {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly kind: Elbv2ResourceKind;
  /** The target group / load balancer / trust store name; for listeners and rules, the LB's. */
  readonly name: string;
}

/** The partition a region belongs to (standard AWS convention). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function targetGroupArn(scope: { region: string; accountId: string }, name: string, id: string): string {
  return `arn:${partitionOf(scope.region)}:elasticloadbalancing:${scope.region}:${scope.accountId}:targetgroup/${name}/${id}`;
}

const ID = '[0-9a-f]{16}';
const NAME = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const LB_TYPE = '(?:app|net|gwy)';
const RESOURCE_PATTERNS: Record<Elbv2ResourceKind, RegExp> = {
  targetgroup: new RegExp(`^targetgroup/(${NAME})/${ID}$`),
  loadbalancer: new RegExp(`^loadbalancer/${LB_TYPE}/(${NAME})/${ID}$`),
  listener: new RegExp(`^listener/${LB_TYPE}/(${NAME})/${ID}/${ID}$`),
  'listener-rule': new RegExp(`^listener-rule/${LB_TYPE}/(${NAME})/${ID}/${ID}/${ID}$`),
  truststore: new RegExp(`^truststore/(${NAME})/${ID}$`),
};
const ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):elasticloadbalancing:([a-z0-9-]+):(\d{12}):(.+)$/;

/** Parses an elbv2 ARN of any resource kind; undefined when it is not one. */
export function parseElbv2Arn(arn: string): ParsedElbv2Arn | undefined {
  const match = ARN_PATTERN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, resource] = match as unknown as [string, string, string, string, string];
  for (const [kind, pattern] of Object.entries(RESOURCE_PATTERNS) as [Elbv2ResourceKind, RegExp][]) {
    const resourceMatch = pattern.exec(resource);
    if (resourceMatch) return { partition, region, accountId, kind, name: resourceMatch[1] as string };
  }
  return undefined;
}

/**
 * Whether `arn` names a resource of `kind` that can live in the caller's account and region.
 * AWS answers ValidationError `'<arn>' is not a valid target group ARN` both for malformed
 * ARNs and for well-formed ARNs of another account (spinnaker/spinnaker#5574) or another
 * region (aws/aws-cli#3673, a region-mismatched listener-rule ARN; hashicorp/terraform-provider-aws#4552),
 * so elbow treats them alike instead of answering "not found".
 */
export function isArnInScope(arn: string, kind: Elbv2ResourceKind, scope: { region: string; accountId: string }): boolean {
  const parsed = parseElbv2Arn(arn);
  return (
    parsed !== undefined &&
    parsed.kind === kind &&
    parsed.region === scope.region &&
    parsed.accountId === scope.accountId &&
    parsed.partition === partitionOf(scope.region)
  );
}
