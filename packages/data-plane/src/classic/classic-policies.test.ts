import { describe, expect, it } from 'vitest';
import { isProxyProtocolEnabled, listenerStickiness } from './classic-policies.js';
import { classicLoadBalancerRoute, httpListener } from './testing/classic-routes.js';

const policies = [
  { name: 'ssl', typeName: 'SSLNegotiationPolicyType', attributes: [['Protocol-TLSv1.2', 'true']] as const },
  { name: 'duration', typeName: 'LBCookieStickinessPolicyType', attributes: [['CookieExpirationPeriod', '60']] as const },
  { name: 'session', typeName: 'LBCookieStickinessPolicyType', attributes: [] },
  { name: 'app', typeName: 'AppCookieStickinessPolicyType', attributes: [['CookieName', 'my-app-cookie']] as const },
  { name: 'proxy', typeName: 'ProxyProtocolPolicyType', attributes: [['ProxyProtocol', 'true']] as const },
  { name: 'proxy-off', typeName: 'ProxyProtocolPolicyType', attributes: [['ProxyProtocol', 'false']] as const },
];
const loadBalancer = classicLoadBalancerRoute({ policies, backendPolicyNames: new Map([[2525, ['proxy']], [2626, ['proxy-off']]]) });

describe('listenerStickiness', () => {
  it('reads the duration-based policy with its period, or none (a session cookie)', () => {
    expect(listenerStickiness(loadBalancer, httpListener({ policyNames: ['ssl', 'duration'] }))).toEqual({ kind: 'duration', policyName: 'duration', expirationPeriodSeconds: 60 });
    expect(listenerStickiness(loadBalancer, httpListener({ policyNames: ['session'] }))).toEqual({ kind: 'duration', policyName: 'session', expirationPeriodSeconds: undefined });
  });

  it('reads the application-controlled policy with its cookie name', () => {
    expect(listenerStickiness(loadBalancer, httpListener({ policyNames: ['app'] }))).toEqual({ kind: 'application', policyName: 'app', cookieName: 'my-app-cookie' });
  });

  it('is none without a stickiness policy, and on TCP/SSL listeners', () => {
    expect(listenerStickiness(loadBalancer, httpListener({ policyNames: ['ssl'] }))).toBeUndefined();
    expect(listenerStickiness(loadBalancer, httpListener({ protocol: 'TCP', policyNames: ['duration'] }))).toBeUndefined();
  });
});

describe('isProxyProtocolEnabled', () => {
  it('is on only for a back-end port with ProxyProtocol=true', () => {
    expect(isProxyProtocolEnabled(loadBalancer, 2525)).toBe(true);
    expect(isProxyProtocolEnabled(loadBalancer, 2626)).toBe(false);
    expect(isProxyProtocolEnabled(loadBalancer, 80)).toBe(false);
  });
});
