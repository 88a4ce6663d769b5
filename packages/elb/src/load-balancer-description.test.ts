import { describe, expect, it } from 'vitest';
import { policiesOutput } from './load-balancer-description.js';

describe('policiesOutput', () => {
  it('sorts policies into the three lists of the aws-cli example, empty lists kept', () => {
    expect(policiesOutput([])).toEqual({ AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: [] });
    expect(
      policiesOutput([
        { policyName: 'my-duration-cookie-policy', policyTypeName: 'LBCookieStickinessPolicyType', attributes: [{ name: 'CookieExpirationPeriod', value: '60' }] },
        { policyName: 'session', policyTypeName: 'LBCookieStickinessPolicyType', attributes: [] },
        { policyName: 'my-app-cookie-policy', policyTypeName: 'AppCookieStickinessPolicyType', attributes: [{ name: 'CookieName', value: 'my-app-cookie' }] },
        { policyName: 'ELBSecurityPolicy-2015-03', policyTypeName: 'SSLNegotiationPolicyType', attributes: [] },
        { policyName: 'my-ProxyProtocol-policy', policyTypeName: 'ProxyProtocolPolicyType', attributes: [] },
      ]),
    ).toEqual({
      AppCookieStickinessPolicies: [{ PolicyName: 'my-app-cookie-policy', CookieName: 'my-app-cookie' }],
      LBCookieStickinessPolicies: [{ PolicyName: 'my-duration-cookie-policy', CookieExpirationPeriod: 60 }, { PolicyName: 'session' }],
      OtherPolicies: ['ELBSecurityPolicy-2015-03', 'my-ProxyProtocol-policy'],
    });
  });
});
