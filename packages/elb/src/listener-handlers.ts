import { ServiceError } from '@elbow/query-protocol';
import { scopeOf } from './handler-types.js';
import type { Scope, SyncHandlers } from './handler-types.js';
import { requireLoadBalancer } from './elb-deps.js';
import type { ElbDeps } from './elb-deps.js';
import { elbErrors } from './elb-errors.js';
import { assertKnownCertificate, listenersToAdd, normalizeListener } from './listener-rules.js';
import type { ClassicListener } from './listener-rules.js';
import { DEFAULT_SECURITY_POLICY, PREDEFINED_POLICIES } from './policy-types.js';

/** "classic-listeners": 100 per load balancer (aws-cli `describe-account-limits.rst`). */
export const MAX_CLASSIC_LISTENERS = 100;

/**
 * Stores new listeners. An HTTPS/SSL listener starts with the default security policy enabled, as
 * the aws-cli describe-load-balancers example's HTTPS listener does (which predefined policy a new
 * API listener gets is unverified; UNVERIFIED.md). The policy is copied onto the load balancer, so
 * it shows in Policies.OtherPolicies.
 */
export function addListeners(deps: ElbDeps, scope: Scope, name: string, listeners: readonly ClassicListener[]): void {
  if (deps.loadBalancers.listeners(scope, name).length + listeners.length > MAX_CLASSIC_LISTENERS) {
    // Unverified wording.
    throw new ServiceError('InvalidConfigurationRequest', `A load balancer can have at most ${MAX_CLASSIC_LISTENERS} listeners`);
  }
  for (const listener of listeners) {
    deps.loadBalancers.insertListener(scope, name, listener);
    if (listener.protocol === 'HTTPS' || listener.protocol === 'SSL') {
      ensurePredefinedPolicy(deps, scope, name, DEFAULT_SECURITY_POLICY);
      deps.policies.setListenerPolicies(scope, name, listener.loadBalancerPort, [DEFAULT_SECURITY_POLICY]);
    }
  }
}

/** Copies a predefined policy (ELBSecurityPolicy-*, ELBSample-*) onto the load balancer once. Returns whether the name is predefined. */
export function ensurePredefinedPolicy(deps: ElbDeps, scope: Scope, name: string, policyName: string): boolean {
  const predefined = PREDEFINED_POLICIES.find((policy) => policy.policyName === policyName);
  if (!predefined) return false;
  if (!deps.policies.find(scope, name, policyName)) deps.policies.insert(scope, name, predefined);
  return true;
}

export function listenerMutations(deps: ElbDeps): SyncHandlers<'CreateLoadBalancerListeners' | 'DeleteLoadBalancerListeners' | 'SetLoadBalancerListenerSSLCertificate'> {
  return {
    CreateLoadBalancerListeners(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const requested = input.Listeners.map(normalizeListener);
      addListeners(deps, scope, name, listenersToAdd(name, deps.loadBalancers.listeners(scope, name), requested));
      return {};
    },

    /** Ports without a listener are ignored (the API is idempotent, model service doc). */
    DeleteLoadBalancerListeners(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      for (const port of input.LoadBalancerPorts) deps.loadBalancers.deleteListener(scope, name, port);
      return {};
    },

    SetLoadBalancerListenerSSLCertificate(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const listener = deps.loadBalancers.listeners(scope, name).find((candidate) => candidate.loadBalancerPort === input.LoadBalancerPort);
      if (!listener) throw elbErrors.listenerNotFound(input.LoadBalancerPort, name);
      if (listener.protocol !== 'HTTPS' && listener.protocol !== 'SSL') {
        // Unverified wording.
        throw new ServiceError('InvalidConfigurationRequest', `The listener on port ${listener.loadBalancerPort} is not an HTTPS or SSL listener`);
      }
      assertKnownCertificate(input.SSLCertificateId);
      deps.loadBalancers.setListenerCertificate(scope, name, listener.loadBalancerPort, input.SSLCertificateId);
      return {};
    },
  };
}
