import { describe, expect, it } from 'vitest';
import { ServiceError } from '@elbow/query-protocol';
import { loadBalancerDnsName } from './dns-name.js';
import { canonicalHostedZoneId } from './hosted-zones.js';
import {
  describeLoadBalancerAttributes,
  resolveLoadBalancerAttributeChanges,
} from './load-balancer-attributes.js';
import type { LoadBalancerAttributeSubject } from './load-balancer-attributes.js';
import { assertValidLoadBalancerName } from './load-balancer-name.js';

function failure(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('load balancer names', () => {
  it.each([['my-load-balancer'], ['A'], ['a'.repeat(32)], ['EngineeringLB']])('accepts %s', (name) => {
    expect(() => assertValidLoadBalancerName(name)).not.toThrow();
  });
  it.each([
    ['a'.repeat(33), `The load balancer name '${'a'.repeat(33)}' cannot be longer than '32' characters`],
    ['my_lb', `The load balancer name 'my_lb' can only contain characters that are alphanumeric characters or hyphens(-)`],
    ['', `The load balancer name '' can only contain characters that are alphanumeric characters or hyphens(-)`],
    ['-lb', `The load balancer name '-lb' cannot begin or end with '-'`],
    ['lb-', `The load balancer name 'lb-' cannot begin or end with '-'`],
    ['internal-lb', `The load balancer name 'internal-lb' cannot begin with 'internal-'`],
  ])('refuses %j', (name, message) => {
    const error = failure(() => assertValidLoadBalancerName(name));
    expect([error.code, error.message]).toEqual(['ValidationError', message]);
  });
});

describe('DNS names and hosted zones', () => {
  const base = { name: 'my-load-balancer', region: 'us-west-2', id: '50dc6c495c0c9188', randomHex8: 'ffffffff' } as const;
  it('gives an ALB a 9-10 digit number, with internal- for internal ones (aws-cli create-load-balancer.rst)', () => {
    expect(loadBalancerDnsName({ ...base, type: 'application', scheme: 'internet-facing' })).toMatch(
      /^my-load-balancer-\d{9,10}\.us-west-2\.elb\.amazonaws\.com$/,
    );
    expect(loadBalancerDnsName({ ...base, type: 'application', scheme: 'internal', randomHex8: '00000000' })).toBe(
      'internal-my-load-balancer-100000000.us-west-2.elb.amazonaws.com',
    );
  });
  it('gives an NLB its ARN id and a GWLB no name', () => {
    expect(loadBalancerDnsName({ ...base, type: 'network', scheme: 'internet-facing' })).toBe(
      'my-load-balancer-50dc6c495c0c9188.elb.us-west-2.amazonaws.com',
    );
    expect(loadBalancerDnsName({ ...base, type: 'gateway', scheme: 'internet-facing' })).toBeUndefined();
  });
  it('looks zones up per region and type (General Reference table)', () => {
    expect(canonicalHostedZoneId('us-east-1', 'application')).toBe('Z35SXDOTRQ7X7K');
    expect(canonicalHostedZoneId('us-east-1', 'network')).toBe('Z26RNL4JYFTOTI');
    expect(canonicalHostedZoneId('eu-west-1', 'network')).toBe('Z2IFOLAFXWLO4F');
    expect(canonicalHostedZoneId('us-east-1', 'gateway')).toBeUndefined();
    expect(canonicalHostedZoneId('xx-nowhere-1', 'application')).toBeUndefined();
  });
});

describe('load balancer attributes', () => {
  const alb: LoadBalancerAttributeSubject = { type: 'application', scheme: 'internet-facing', ipAddressType: 'ipv4' };
  const nlb: LoadBalancerAttributeSubject = { type: 'network', scheme: 'internal', ipAddressType: 'ipv4' };
  const gwlb: LoadBalancerAttributeSubject = { type: 'gateway', scheme: 'internet-facing', ipAddressType: 'ipv4' };

  it('lists the 18 ALB keys of the live-mirroring fixtures, in their order, with defaults', () => {
    const keys = describeLoadBalancerAttributes(alb, new Map()).map(({ Key }) => Key);
    expect(keys).toEqual([
      'access_logs.s3.enabled', 'access_logs.s3.bucket', 'access_logs.s3.prefix',
      'connection_logs.s3.enabled', 'connection_logs.s3.bucket', 'connection_logs.s3.prefix',
      'health_check_logs.s3.enabled', 'health_check_logs.s3.bucket', 'health_check_logs.s3.prefix',
      'idle_timeout.timeout_seconds', 'deletion_protection.enabled', 'routing.http2.enabled',
      'routing.http.drop_invalid_header_fields.enabled', 'routing.http.xff_client_port.enabled',
      'routing.http.preserve_host_header.enabled', 'routing.http.xff_header_processing.mode',
      'load_balancing.cross_zone.enabled', 'routing.http.desync_mitigation_mode', 'client_keep_alive.seconds',
      'waf.fail_open.enabled', 'routing.http.x_amzn_tls_version_and_cipher_suite.enabled', 'zonal_shift.config.enabled',
    ]);
    expect(Object.fromEntries(describeLoadBalancerAttributes(alb, new Map()).map(({ Key, Value }) => [Key, Value]))).toMatchObject({
      'idle_timeout.timeout_seconds': '60',
      'load_balancing.cross_zone.enabled': 'true',
      'client_keep_alive.seconds': '3600',
      'access_logs.s3.bucket': '',
    });
  });

  it('gives NLBs and GWLBs their own keys and defaults', () => {
    const nlbValues = Object.fromEntries(describeLoadBalancerAttributes(nlb, new Map()).map(({ Key, Value }) => [Key, Value]));
    expect(nlbValues).toEqual({
      'access_logs.s3.enabled': 'false',
      'access_logs.s3.bucket': '',
      'access_logs.s3.prefix': '',
      'deletion_protection.enabled': 'false',
      'load_balancing.cross_zone.enabled': 'false',
      'zonal_shift.config.enabled': 'false',
      'dns_record.client_routing_policy': 'any_availability_zone',
      'secondary_ips.auto_assigned.per_subnet': '0',
    });
    expect(describeLoadBalancerAttributes(gwlb, new Map())).toEqual([
      { Key: 'deletion_protection.enabled', Value: 'false' },
      { Key: 'load_balancing.cross_zone.enabled', Value: 'false' },
    ]);
    const dualstackInternal = { ...nlb, ipAddressType: 'dualstack' as const };
    expect(describeLoadBalancerAttributes(dualstackInternal, new Map())).toContainEqual({ Key: 'ipv6.deny_all_igw_traffic', Value: 'true' });
  });

  it.each([
    [alb, 'no.such.key', 'ValidationError', `Load balancer attribute key 'no.such.key' is not recognized`],
    [nlb, 'idle_timeout.timeout_seconds', 'InvalidConfigurationRequest', `Load balancer attribute key 'idle_timeout.timeout_seconds' is not supported on load balancers with type 'network'`],
    [alb, 'dns_record.client_routing_policy', 'InvalidConfigurationRequest', `Load balancer attribute key 'dns_record.client_routing_policy' is not supported on load balancers with type 'application'`],
  ])('refuses keys that do not apply (%#)', (subject, key, code, message) => {
    const error = failure(() => resolveLoadBalancerAttributeChanges(subject, new Map(), [{ Key: key, Value: 'true' }]));
    expect([error.code, error.message]).toEqual([code, message]);
  });

  it.each([
    ['idle_timeout.timeout_seconds', '0', `'idle_timeout.timeout_seconds' value '0' must be between '1-4000' inclusive`],
    ['idle_timeout.timeout_seconds', '4001', `'idle_timeout.timeout_seconds' value '4001' must be between '1-4000' inclusive`],
    ['client_keep_alive.seconds', '59', `'client_keep_alive.seconds' value '59' must be between '60-604800' inclusive`],
    ['deletion_protection.enabled', 'yes', `'deletion_protection.enabled' value 'yes' must be one of '[true, false]'`],
    ['routing.http.desync_mitigation_mode', 'off', `'routing.http.desync_mitigation_mode' value 'off' must be one of '[monitor, defensive, strictest]'`],
    ['access_logs.s3.prefix', 'x/AWSLogs', `'access_logs.s3.prefix' value 'x/AWSLogs' cannot include 'AWSLogs'`],
    ['access_logs.s3.enabled', 'true', `The value of 'access_logs.s3.bucket' cannot be empty when 'access_logs.s3.enabled' is 'true'`],
  ])('refuses %s=%s', (key, value, message) => {
    const error = failure(() => resolveLoadBalancerAttributeChanges(alb, new Map(), [{ Key: key, Value: value }]));
    expect([error.code, error.message]).toEqual(['ValidationError', message]);
  });

  it('keeps cross-zone on for ALBs and never lowers secondary IPs', () => {
    expect(failure(() => resolveLoadBalancerAttributeChanges(alb, new Map(), [{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }])).code).toBe(
      'InvalidConfigurationRequest',
    );
    const stored = new Map([['secondary_ips.auto_assigned.per_subnet', '3']]);
    expect(failure(() => resolveLoadBalancerAttributeChanges(nlb, stored, [{ Key: 'secondary_ips.auto_assigned.per_subnet', Value: '2' }])).code).toBe(
      'InvalidConfigurationRequest',
    );
    expect(resolveLoadBalancerAttributeChanges(nlb, stored, [{ Key: 'secondary_ips.auto_assigned.per_subnet', Value: '7' }])).toEqual(
      new Map([['secondary_ips.auto_assigned.per_subnet', '7']]),
    );
  });

  it('accepts access logs with a bucket given in the same call', () => {
    const changes = resolveLoadBalancerAttributeChanges(alb, new Map(), [
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'access_logs.s3.bucket', Value: 'my-logs' },
    ]);
    expect(changes.get('access_logs.s3.bucket')).toBe('my-logs');
  });
});
