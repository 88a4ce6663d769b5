import { describe, expect, it } from 'vitest';
import { classicDnsName, classicHostedZoneId } from './dns-name.js';

describe('classicDnsName', () => {
  it('matches the aws-cli example shape and prefixes internal ones', () => {
    expect(classicDnsName('my-load-balancer', 'us-west-2', 'internet-facing', '00000000')).toBe('my-load-balancer-100000000.us-west-2.elb.amazonaws.com');
    expect(classicDnsName('lb', 'us-east-1', 'internal', 'ffffffff')).toMatch(/^internal-lb-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/);
  });
  it('knows the us-east-1 zone and no zone for an unknown region', () => {
    expect(classicHostedZoneId('us-east-1')).toBe('Z35SXDOTRQ7X7K');
    expect(classicHostedZoneId('xx-nowhere-1')).toBeUndefined();
  });
});
