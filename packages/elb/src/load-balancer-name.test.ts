import { describe, expect, it } from 'vitest';
import { assertValidLoadBalancerName, assertValidPolicyName } from './load-balancer-name.js';

describe('assertValidLoadBalancerName', () => {
  it('accepts 32 alphanumerics and inner hyphens', () => {
    expect(() => assertValidLoadBalancerName('a'.repeat(31) + '1')).not.toThrow();
    expect(() => assertValidLoadBalancerName('my-loadbalancer')).not.toThrow();
  });
  it('rejects 33 characters with AWS message', () => {
    expect(() => assertValidLoadBalancerName('a'.repeat(33))).toThrow('LoadBalancer name cannot be longer than 32 characters');
  });
  it('rejects underscores and leading or trailing hyphens', () => {
    expect(() => assertValidLoadBalancerName('my_lb')).toThrow('LoadBalancer name cannot contain characters that are not letters, or digits or the dash.');
    expect(() => assertValidLoadBalancerName('-lb')).toThrow('LoadBalancer name cannot begin or end with a dash.');
    expect(() => assertValidLoadBalancerName('lb-')).toThrow('LoadBalancer name cannot begin or end with a dash.');
  });
});

describe('assertValidPolicyName', () => {
  it('accepts letters, digits and dashes and rejects anything else', () => {
    expect(() => assertValidPolicyName('my-duration-cookie-policy')).not.toThrow();
    expect(() => assertValidPolicyName('my_policy')).toThrow('Policy name cannot contain characters that are not letters, or digits or the dash.');
  });
});
