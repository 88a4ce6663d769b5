import type { ClassicListenerRoute, ClassicLoadBalancerRoute, ClassicPolicyRoute } from './classic-routing-config.js';

/** The stickiness a listener's policies ask for (SetLoadBalancerPoliciesOfListener, classic-elb.md §3). */
export type ClassicStickiness =
  /** LBCookieStickinessPolicyType; no CookieExpirationPeriod → the cookie lives as long as the browser session [D2]. */
  | { readonly kind: 'duration'; readonly policyName: string; readonly expirationPeriodSeconds: number | undefined }
  /** AppCookieStickinessPolicyType: follows the application's cookie `cookieName` [D2]. */
  | { readonly kind: 'application'; readonly policyName: string; readonly cookieName: string };

const attribute = (policy: ClassicPolicyRoute, name: string) => policy.attributes.find(([attributeName]) => attributeName === name)?.[1];

function policiesNamed(loadBalancer: ClassicLoadBalancerRoute, names: readonly string[]): ClassicPolicyRoute[] {
  return names.flatMap((name) => loadBalancer.policies.filter((policy) => policy.name === name));
}

/**
 * The listener's stickiness policy, if any: the first stickiness policy among its policy names.
 * The API lets a listener hold one stickiness policy at a time, but the first is taken
 * in case an older state holds two. Only HTTP/HTTPS listeners can be sticky [D2].
 */
export function listenerStickiness(loadBalancer: ClassicLoadBalancerRoute, listener: ClassicListenerRoute): ClassicStickiness | undefined {
  if (listener.protocol !== 'HTTP' && listener.protocol !== 'HTTPS') return undefined;
  for (const policy of policiesNamed(loadBalancer, listener.policyNames)) {
    if (policy.typeName === 'LBCookieStickinessPolicyType') {
      // Absent (or not a positive whole number of seconds): the cookie lasts the browser session.
      const period = Number(attribute(policy, 'CookieExpirationPeriod') ?? Number.NaN);
      return { kind: 'duration', policyName: policy.name, expirationPeriodSeconds: Number.isInteger(period) && period > 0 ? period : undefined };
    }
    if (policy.typeName === 'AppCookieStickinessPolicyType') {
      const cookieName = attribute(policy, 'CookieName');
      if (cookieName !== undefined && cookieName !== '') return { kind: 'application', policyName: policy.name, cookieName };
    }
  }
  return undefined;
}

/**
 * Whether connections to `instancePort` start with a proxy protocol header: a
 * ProxyProtocolPolicyType policy with `ProxyProtocol=true` set for that back-end port with
 * SetLoadBalancerPoliciesForBackendServer (classic-elb.md §2, CreateLoadBalancerPolicy).
 */
export function isProxyProtocolEnabled(loadBalancer: ClassicLoadBalancerRoute, instancePort: number): boolean {
  return policiesNamed(loadBalancer, loadBalancer.backendPolicyNames.get(instancePort) ?? []).some(
    (policy) => policy.typeName === 'ProxyProtocolPolicyType' && attribute(policy, 'ProxyProtocol')?.toLowerCase() === 'true',
  );
}
