import type { Constraint, ValidationFailure } from './validation-failure.js';

/*
 * The one place that writes AWS's validation wording (the Coral form).
 * Verified against real responses:
 * - elbv2: "1 validation error detected: Value '0' at 'port' failed to satisfy constraint: Member
 *   must have value greater than or equal to 1" (CreateTargetGroup, ValidationError, 400;
 *   github.com/kubernetes-sigs/aws-load-balancer-controller/issues/4238).
 * - classic elb: "1 validation error detected: Value null at 'loadBalancerNames' failed to satisfy
 *   constraint: Member must not be null" (ValidationError, 400; github.com/zalando-stups/fullstop/issues/528;
 *   also 'availabilityZones' in github.com/chilts/awssum/pull/124) — a missing member is `Value null`, unquoted.
 * - other Query services (IAM): "Value '…' at 'tags.6.member.value' failed to satisfy constraint:
 *   Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*" — list paths as
 *   `<list>.<N>.member.<member>`, the pattern printed as the model writes it
 *   (github.com/SWO-GS/auto-tag/issues/90, github.com/ministryofjustice/cloud-platform-environments/pull/22667).
 * - "Member must have length less than or equal to 100" for a list that is too long
 *   (AWS Config, github.com/awslabs/aws-config-rules/issues/304): lists use "length" too.
 * Unverified: the "N validation errors detected: …; …" plural form and "; " separator, the order
 * of several failures (elbow: model member order), the enum list rendering "[a, b]", and how
 * list and structure values are rendered (elbow: Java-style "[a, b]" and "{Key: a, Value: b}").
 */
export function formatValidationMessage(failures: readonly ValidationFailure[]): string {
  const count = failures.length;
  const parts = failures.map(
    (failure) =>
      `Value ${renderValue(failure.value)} at '${failure.path}' failed to satisfy constraint: ${describe(failure.constraint)}`,
  );
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

function describe(constraint: Constraint): string {
  switch (constraint.kind) {
    case 'required':
      return 'Member must not be null';
    case 'minLength':
      return `Member must have length greater than or equal to ${constraint.limit}`;
    case 'maxLength':
      return `Member must have length less than or equal to ${constraint.limit}`;
    case 'minimum':
      return `Member must have value greater than or equal to ${constraint.limit}`;
    case 'maximum':
      return `Member must have value less than or equal to ${constraint.limit}`;
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${constraint.pattern}`;
    case 'enum':
      return `Member must satisfy enum value set: [${constraint.values.join(', ')}]`;
  }
}

function renderValue(value: unknown): string {
  return value === undefined || value === null ? 'null' : `'${renderInner(value)}'`;
}

function renderInner(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderInner).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([key, field]) => `${key}: ${renderInner(field)}`);
    return `{${fields.join(', ')}}`;
  }
  return String(value);
}
