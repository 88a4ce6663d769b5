import { ServiceError } from '@elbow/query-protocol';
import { elbErrors } from './elb-errors.js';
import type { ClassicProtocol } from './listener-rules.js';
import { POLICY_TYPES, STICKINESS_POLICY_TYPES } from './policy-types.js';
import type { PolicyRecord } from './policy-types.js';

/**
 * Checks CreateLoadBalancerPolicy's attributes against the type's attribute descriptions:
 * known names only, `ONE`/`ONE_OR_MORE` present, `ONE`/`ZERO_OR_ONE` at most once, Boolean
 * `true`/`false`, Long an integer. Messages unverified (UNVERIFIED.md).
 */
export function validPolicyAttributes(typeName: string, attributes: ReadonlyArray<{ name: string; value: string }>): Array<{ name: string; value: string }> {
  const type = POLICY_TYPES[typeName];
  if (!type) throw elbErrors.policyTypeNotFound(typeName);
  const counts = new Map<string, number>();
  for (const { name, value } of attributes) {
    const description = type.attributes.find((candidate) => candidate.AttributeName === name);
    if (!description) throw new ServiceError('InvalidConfigurationRequest', `Attribute ${name} is not valid for policy type ${typeName}`);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (description.AttributeType === 'Boolean' && value !== 'true' && value !== 'false') {
      throw new ServiceError('InvalidConfigurationRequest', `Attribute ${name} of policy type ${typeName} must be true or false: ${value}`);
    }
    if (description.AttributeType === 'Long' && !/^-?\d+$/.test(value)) {
      throw new ServiceError('InvalidConfigurationRequest', `Attribute ${name} of policy type ${typeName} must be a number: ${value}`);
    }
  }
  for (const description of type.attributes) {
    const name = description.AttributeName ?? '';
    const count = counts.get(name) ?? 0;
    const cardinality = description.Cardinality;
    if ((cardinality === 'ONE' || cardinality === 'ONE_OR_MORE') && count === 0) {
      throw new ServiceError('InvalidConfigurationRequest', `Policy type ${typeName} requires attribute ${name}`);
    }
    if ((cardinality === 'ONE' || cardinality === 'ZERO_OR_ONE') && count > 1) {
      throw new ServiceError('InvalidConfigurationRequest', `Attribute ${name} can be given only once for policy type ${typeName}`);
    }
  }
  return attributes.map(({ name, value }) => ({ name, value }));
}

/**
 * A listener's new policy set: each policy's type must suit the listener's protocol (else AWS's
 * verified `<policy> cannot be enabled`), and at most one stickiness policy and one SSL
 * negotiation policy per listener (unverified wording).
 */
export function assertListenerPolicies(protocol: ClassicProtocol, policies: readonly PolicyRecord[]): void {
  let stickiness = 0;
  let negotiation = 0;
  for (const policy of policies) {
    const placement = POLICY_TYPES[policy.policyTypeName]?.placement;
    const fits =
      (placement === 'http-listener' && (protocol === 'HTTP' || protocol === 'HTTPS')) ||
      (placement === 'secure-listener' && (protocol === 'HTTPS' || protocol === 'SSL'));
    if (!fits) throw elbErrors.policyCannotBeEnabled(policy.policyName);
    if ((STICKINESS_POLICY_TYPES as readonly string[]).includes(policy.policyTypeName)) stickiness += 1;
    if (policy.policyTypeName === 'SSLNegotiationPolicyType') negotiation += 1;
  }
  if (stickiness > 1) throw new ServiceError('InvalidConfigurationRequest', 'A listener can have only one stickiness policy');
  if (negotiation > 1) throw new ServiceError('InvalidConfigurationRequest', 'A listener can have only one SSL negotiation policy');
}

/** A back-end port takes proxy protocol and back-end authentication policies only. */
export function assertBackendPolicies(policies: readonly PolicyRecord[]): void {
  for (const policy of policies) {
    if (POLICY_TYPES[policy.policyTypeName]?.placement !== 'backend') throw elbErrors.policyCannotBeEnabled(policy.policyName);
  }
}
