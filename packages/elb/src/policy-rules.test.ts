import { describe, expect, it } from 'vitest';
import { assertBackendPolicies, assertListenerPolicies, validPolicyAttributes } from './policy-rules.js';

const lbCookie = { policyName: 'duration', policyTypeName: 'LBCookieStickinessPolicyType', attributes: [] };
const appCookie = { policyName: 'app', policyTypeName: 'AppCookieStickinessPolicyType', attributes: [] };
const proxy = { policyName: 'proxy', policyTypeName: 'ProxyProtocolPolicyType', attributes: [] };
const ssl = { policyName: 'ssl', policyTypeName: 'SSLNegotiationPolicyType', attributes: [] };

describe('validPolicyAttributes', () => {
  it('accepts the aws-cli examples', () => {
    expect(validPolicyAttributes('ProxyProtocolPolicyType', [{ name: 'ProxyProtocol', value: 'true' }])).toHaveLength(1);
    expect(validPolicyAttributes('SSLNegotiationPolicyType', [{ name: 'Reference-Security-Policy', value: 'ELBSecurityPolicy-2015-03' }])).toHaveLength(1);
    expect(validPolicyAttributes('LBCookieStickinessPolicyType', [])).toEqual([]);
  });
  it('refuses unknown types, unknown attributes, missing required ones, bad values and repeats', () => {
    expect(() => validPolicyAttributes('NoSuchPolicyType', [])).toThrow('There is no policy type with name NoSuchPolicyType');
    expect(() => validPolicyAttributes('ProxyProtocolPolicyType', [{ name: 'Nope', value: 'x' }])).toThrow('Attribute Nope is not valid for policy type ProxyProtocolPolicyType');
    expect(() => validPolicyAttributes('ProxyProtocolPolicyType', [])).toThrow('Policy type ProxyProtocolPolicyType requires attribute ProxyProtocol');
    expect(() => validPolicyAttributes('ProxyProtocolPolicyType', [{ name: 'ProxyProtocol', value: 'yes' }])).toThrow('must be true or false: yes');
    expect(() => validPolicyAttributes('LBCookieStickinessPolicyType', [{ name: 'CookieExpirationPeriod', value: 'soon' }])).toThrow('must be a number: soon');
    expect(() =>
      validPolicyAttributes('AppCookieStickinessPolicyType', [
        { name: 'CookieName', value: 'a' },
        { name: 'CookieName', value: 'b' },
      ]),
    ).toThrow('Attribute CookieName can be given only once for policy type AppCookieStickinessPolicyType');
  });
});

describe('assertListenerPolicies', () => {
  it('puts stickiness on HTTP/HTTPS and SSL negotiation on HTTPS/SSL listeners only', () => {
    expect(() => assertListenerPolicies('HTTPS', [lbCookie, ssl])).not.toThrow();
    expect(() => assertListenerPolicies('TCP', [lbCookie])).toThrow('duration cannot be enabled');
    expect(() => assertListenerPolicies('HTTP', [ssl])).toThrow('ssl cannot be enabled');
    expect(() => assertListenerPolicies('TCP', [proxy])).toThrow('proxy cannot be enabled');
  });
  it('allows one stickiness policy per listener', () => {
    expect(() => assertListenerPolicies('HTTP', [lbCookie, appCookie])).toThrow('A listener can have only one stickiness policy');
  });
});

describe('assertBackendPolicies', () => {
  it('takes proxy protocol but not stickiness', () => {
    expect(() => assertBackendPolicies([proxy])).not.toThrow();
    expect(() => assertBackendPolicies([appCookie])).toThrow('app cannot be enabled');
  });
});
