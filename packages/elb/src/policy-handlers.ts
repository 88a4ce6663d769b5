import type { elb } from '@elbow/api-models';
import { scopeOf } from './handler-types.js';
import type { Scope, SyncHandlers } from './handler-types.js';
import { requireLoadBalancer } from './elb-deps.js';
import type { ElbDeps } from './elb-deps.js';
import { elbErrors } from './elb-errors.js';
import { ensurePredefinedPolicy } from './listener-handlers.js';
import { assertValidPolicyName } from './load-balancer-name.js';
import { assertBackendPolicies, assertListenerPolicies, validPolicyAttributes } from './policy-rules.js';
import { POLICY_TYPES, PREDEFINED_POLICIES } from './policy-types.js';
import type { PolicyRecord } from './policy-types.js';

function policyOutput(policy: PolicyRecord): elb.PolicyDescription {
  return {
    PolicyName: policy.policyName,
    PolicyTypeName: policy.policyTypeName,
    PolicyAttributeDescriptions: policy.attributes.map((attribute) => ({ AttributeName: attribute.name, AttributeValue: attribute.value })),
  };
}

/** Creates a policy after the checks every Create*Policy shares: a valid, unused name. */
function createPolicy(deps: ElbDeps, scope: Scope, loadBalancerName: string, policy: PolicyRecord): void {
  const name = requireLoadBalancer(deps, scope, loadBalancerName).name;
  assertValidPolicyName(policy.policyName);
  if (deps.policies.find(scope, name, policy.policyName)) throw elbErrors.duplicatePolicyName(policy.policyName, name);
  deps.policies.insert(scope, name, policy);
}

/**
 * The policies a Set*Policies call names, in order: the load balancer's own, or a predefined
 * security policy, which is copied onto the load balancer (AWS accepts ELBSecurityPolicy-* names
 * directly since 2015, aws/aws-cli#953). Anything else answers PolicyNotFound.
 */
function resolvePolicies(deps: ElbDeps, scope: Scope, name: string, policyNames: readonly string[]): PolicyRecord[] {
  return policyNames.map((policyName) => {
    const own = deps.policies.find(scope, name, policyName);
    if (own) return own;
    const predefined = PREDEFINED_POLICIES.find((policy) => policy.policyName === policyName);
    if (!predefined) throw elbErrors.policyNotFound(policyName, name);
    return predefined;
  });
}

export function policyMutations(
  deps: ElbDeps,
): SyncHandlers<
  | 'CreateLBCookieStickinessPolicy'
  | 'CreateAppCookieStickinessPolicy'
  | 'CreateLoadBalancerPolicy'
  | 'DeleteLoadBalancerPolicy'
  | 'SetLoadBalancerPoliciesOfListener'
  | 'SetLoadBalancerPoliciesForBackendServer'
> {
  return {
    /** Type LBCookieStickinessPolicyType; no CookieExpirationPeriod means a browser-session cookie (classic-elb.md §2 [M2][D2]). */
    CreateLBCookieStickinessPolicy(input, context) {
      const attributes = input.CookieExpirationPeriod === undefined ? [] : [{ name: 'CookieExpirationPeriod', value: String(input.CookieExpirationPeriod) }];
      createPolicy(deps, scopeOf(context), input.LoadBalancerName, { policyName: input.PolicyName, policyTypeName: 'LBCookieStickinessPolicyType', attributes });
      return {};
    },

    CreateAppCookieStickinessPolicy(input, context) {
      createPolicy(deps, scopeOf(context), input.LoadBalancerName, {
        policyName: input.PolicyName,
        policyTypeName: 'AppCookieStickinessPolicyType',
        attributes: [{ name: 'CookieName', value: input.CookieName }],
      });
      return {};
    },

    CreateLoadBalancerPolicy(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const attributes = validPolicyAttributes(
        input.PolicyTypeName,
        (input.PolicyAttributes ?? []).map((attribute) => ({ name: attribute.AttributeName ?? '', value: attribute.AttributeValue ?? '' })),
      );
      // A back-end authentication policy names PublicKeyPolicyType policies of the same load balancer.
      for (const attribute of attributes.filter((candidate) => candidate.name === 'PublicKeyPolicyName')) {
        const referenced = deps.policies.find(scope, name, attribute.value);
        if (referenced?.policyTypeName !== 'PublicKeyPolicyType') throw elbErrors.policyNotFound(attribute.value, name);
      }
      // An SSL negotiation policy may start from a predefined one.
      for (const attribute of attributes.filter((candidate) => candidate.name === 'Reference-Security-Policy')) {
        if (!PREDEFINED_POLICIES.some((policy) => policy.policyName === attribute.value)) throw elbErrors.policyNotFound(attribute.value, name);
      }
      createPolicy(deps, scope, name, { policyName: input.PolicyName, policyTypeName: input.PolicyTypeName, attributes });
      return {};
    },

    /** Deleting a policy that is not there succeeds (the API is idempotent); one in use answers AWS's 409. */
    DeleteLoadBalancerPolicy(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      if (!deps.policies.find(scope, name, input.PolicyName)) return {};
      const isReferenced = deps.policies
        .list(scope, name)
        .some((policy) => policy.attributes.some((attribute) => attribute.name === 'PublicKeyPolicyName' && attribute.value === input.PolicyName));
      if (isReferenced || deps.policies.isInUse(scope, name, input.PolicyName)) throw elbErrors.policyInUse(input.PolicyName);
      deps.policies.delete(scope, name, input.PolicyName);
      return {};
    },

    /** Replaces the listener's whole set; an empty list removes every policy (classic-elb.md §2 [M2][D2]). */
    SetLoadBalancerPoliciesOfListener(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const listener = deps.loadBalancers.listeners(scope, name).find((candidate) => candidate.loadBalancerPort === input.LoadBalancerPort);
      if (!listener) throw elbErrors.listenerNotFound(input.LoadBalancerPort, name);
      const policies = resolvePolicies(deps, scope, name, input.PolicyNames);
      assertListenerPolicies(listener.protocol, policies);
      for (const policy of policies) ensurePredefinedPolicy(deps, scope, name, policy.policyName);
      deps.policies.setListenerPolicies(scope, name, listener.loadBalancerPort, input.PolicyNames);
      return {};
    },

    SetLoadBalancerPoliciesForBackendServer(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const policies = resolvePolicies(deps, scope, name, input.PolicyNames);
      assertBackendPolicies(policies);
      deps.policies.setBackendPolicies(scope, name, input.InstancePort, input.PolicyNames);
      return {};
    },
  };
}

export function policyQueries(deps: ElbDeps): SyncHandlers<'DescribeLoadBalancerPolicies' | 'DescribeLoadBalancerPolicyTypes'> {
  return {
    /**
     * With a load balancer name: its policies; without: AWS's predefined sample policies (model
     * DescribeLoadBalancerPolicies doc). Names asked that are not there answer PolicyNotFound.
     */
    DescribeLoadBalancerPolicies(input, context) {
      const scope = scopeOf(context);
      const loadBalancerName = input.LoadBalancerName === undefined ? undefined : requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const available = loadBalancerName === undefined ? PREDEFINED_POLICIES : deps.policies.list(scope, loadBalancerName);
      const names = input.PolicyNames ?? [];
      const chosen =
        names.length === 0
          ? available
          : names.map((policyName) => {
              const policy = available.find((candidate) => candidate.policyName === policyName);
              if (!policy) throw elbErrors.policyNotFound(policyName, loadBalancerName ?? '');
              return policy;
            });
      return { PolicyDescriptions: chosen.map(policyOutput) };
    },

    DescribeLoadBalancerPolicyTypes(input) {
      const names = input.PolicyTypeNames ?? [];
      const chosen = names.length === 0 ? Object.keys(POLICY_TYPES) : names;
      return {
        PolicyTypeDescriptions: chosen.map((typeName) => {
          const type = POLICY_TYPES[typeName];
          if (!type) throw elbErrors.policyTypeNotFound(typeName);
          return { PolicyTypeName: typeName, Description: type.description, PolicyAttributeTypeDescriptions: [...type.attributes] };
        }),
      };
    },
  };
}
