import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import { describeTargetGroupAttributes, resolveAttributeChanges, TARGET_GROUP_ATTRIBUTES } from './target-group-attributes.js';
import { createElbv2Harness } from './testing/elbv2-harness.js';
import type { Elbv2Harness } from './testing/elbv2-harness.js';

// The 14 keys of an ALB HTTP instance/ip group, in the observed order (elbv2-attributes.md §3 [F1]).
const DEFAULT_HTTP_ATTRIBUTES = [
  { Key: 'stickiness.enabled', Value: 'false' },
  { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
  { Key: 'stickiness.app_cookie.cookie_name', Value: '' },
  { Key: 'stickiness.type', Value: 'lb_cookie' },
  { Key: 'stickiness.lb_cookie.duration_seconds', Value: '86400' },
  { Key: 'slow_start.duration_seconds', Value: '0' },
  { Key: 'stickiness.app_cookie.duration_seconds', Value: '86400' },
  { Key: 'load_balancing.algorithm.type', Value: 'round_robin' },
  { Key: 'load_balancing.algorithm.anomaly_mitigation', Value: 'off' },
  { Key: 'load_balancing.cross_zone.enabled', Value: 'use_load_balancer_configuration' },
  { Key: 'target_group_health.dns_failover.minimum_healthy_targets.count', Value: '1' },
  { Key: 'target_group_health.dns_failover.minimum_healthy_targets.percentage', Value: 'off' },
  { Key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', Value: '1' },
  { Key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', Value: 'off' },
];

function withChanges(changes: Record<string, string>): elbv2.TargetGroupAttribute[] {
  return DEFAULT_HTTP_ATTRIBUTES.map(({ Key, Value }) => ({ Key, Value: changes[Key] ?? Value }));
}

function attributes(list: Record<string, string>): elbv2.TargetGroupAttribute[] {
  return Object.entries(list).map(([Key, Value]) => ({ Key, Value }));
}

describe('the target-group attribute table', () => {
  it('lists each key once, with a source', () => {
    const keys = TARGET_GROUP_ATTRIBUTES.map((definition) => definition.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of TARGET_GROUP_ATTRIBUTES) expect(definition.source).not.toBe('');
  });

  it('gives defaults that pass their own value rules for every kind of group', () => {
    const subjects: { protocol: elbv2.ProtocolEnum | undefined; targetType: elbv2.TargetTypeEnum }[] = [
      { protocol: 'HTTP', targetType: 'instance' },
      { protocol: undefined, targetType: 'lambda' },
      { protocol: 'TCP', targetType: 'ip' },
      { protocol: 'UDP', targetType: 'instance' },
      { protocol: 'GENEVE', targetType: 'instance' },
    ];
    for (const subject of subjects) {
      const defaults = describeTargetGroupAttributes(subject, new Map());
      expect(() => resolveAttributeChanges(subject, new Map(), defaults)).not.toThrow();
    }
  });
});

describe('describeTargetGroupAttributes per kind of group', () => {
  it('lists the 14 ALB keys in the observed order for HTTP and HTTPS instance/ip groups', () => {
    for (const subject of [
      { protocol: 'HTTP', targetType: 'instance' },
      { protocol: 'HTTPS', targetType: 'ip' },
    ] as const) {
      expect(describeTargetGroupAttributes(subject, new Map())).toEqual(DEFAULT_HTTP_ATTRIBUTES);
    }
  });

  it('lists only lambda.multi_value_headers.enabled for a lambda group (aws-cli example)', () => {
    expect(describeTargetGroupAttributes({ protocol: undefined, targetType: 'lambda' }, new Map())).toEqual([
      { Key: 'lambda.multi_value_headers.enabled', Value: 'false' },
    ]);
  });

  it('lists the NLB keys for a TCP ip group, with client IP preservation off', () => {
    expect(describeTargetGroupAttributes({ protocol: 'TCP', targetType: 'ip' }, new Map())).toEqual([
      { Key: 'proxy_protocol_v2.enabled', Value: 'false' },
      { Key: 'preserve_client_ip.enabled', Value: 'false' },
      { Key: 'stickiness.enabled', Value: 'false' },
      { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
      { Key: 'stickiness.type', Value: 'source_ip' },
      { Key: 'deregistration_delay.connection_termination.enabled', Value: 'false' },
      { Key: 'load_balancing.cross_zone.enabled', Value: 'use_load_balancer_configuration' },
      { Key: 'target_group_health.dns_failover.minimum_healthy_targets.count', Value: '1' },
      { Key: 'target_group_health.dns_failover.minimum_healthy_targets.percentage', Value: 'off' },
      { Key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', Value: '1' },
      { Key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', Value: 'off' },
      { Key: 'target_health_state.unhealthy.connection_termination.enabled', Value: 'true' },
      { Key: 'target_health_state.unhealthy.draining_interval_seconds', Value: '0' },
    ]);
  });

  it('gives UDP instance groups their own defaults', () => {
    const values = Object.fromEntries(
      describeTargetGroupAttributes({ protocol: 'UDP', targetType: 'instance' }, new Map()).map(({ Key, Value }) => [Key, Value]),
    );
    expect(values).toMatchObject({
      'preserve_client_ip.enabled': 'true',
      'deregistration_delay.connection_termination.enabled': 'true',
      'target_health_state.unhealthy.connection_termination.enabled': 'false',
    });
  });

  it('lists the GWLB keys for a GENEVE group', () => {
    expect(describeTargetGroupAttributes({ protocol: 'GENEVE', targetType: 'instance' }, new Map())).toEqual([
      { Key: 'stickiness.enabled', Value: 'false' },
      { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
      { Key: 'stickiness.type', Value: 'source_ip_dest_ip_proto' },
      { Key: 'target_failover.on_deregistration', Value: 'no_rebalance' },
      { Key: 'target_failover.on_unhealthy', Value: 'no_rebalance' },
    ]);
  });

  it('shows stored values in place of defaults', () => {
    const described = describeTargetGroupAttributes({ protocol: 'HTTP', targetType: 'ip' }, new Map([['slow_start.duration_seconds', '60']]));
    expect(described).toEqual(withChanges({ 'slow_start.duration_seconds': '60' }));
  });
});

describe('DescribeTargetGroupAttributes and ModifyTargetGroupAttributes', () => {
  let harness: Elbv2Harness;
  let arn: string;
  beforeEach(() => {
    harness = createElbv2Harness();
    arn = harness.call('CreateTargetGroup', { Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: harness.defaultVpcId() }).TargetGroups![0]!.TargetGroupArn!;
  });
  afterEach(() => {
    harness.close();
  });

  function modify(list: Record<string, string>, targetGroupArn = arn) {
    return harness.call('ModifyTargetGroupAttributes', { TargetGroupArn: targetGroupArn, Attributes: attributes(list) }).Attributes;
  }

  function describeAttributes(targetGroupArn = arn) {
    return harness.call('DescribeTargetGroupAttributes', { TargetGroupArn: targetGroupArn }).Attributes;
  }

  function create(input: Partial<elbv2.CreateTargetGroupInput> & { Name: string }): string {
    return harness.call('CreateTargetGroup', { Protocol: 'HTTP', Port: 80, VpcId: harness.defaultVpcId(), ...input }).TargetGroups![0]!.TargetGroupArn!;
  }

  function expectRefused(list: Record<string, string>, code: string, message: string, targetGroupArn = arn) {
    const before = harness.snapshot();
    const described = describeAttributes(targetGroupArn);
    const error = harness.failure('ModifyTargetGroupAttributes', { TargetGroupArn: targetGroupArn, Attributes: attributes(list) });
    expect({ code: error.code, message: error.message }).toEqual({ code, message });
    expect(harness.snapshot()).toEqual(before);
    expect(describeAttributes(targetGroupArn)).toEqual(described);
  }

  it('describes the defaults of a new HTTP group', () => {
    expect(describeAttributes()).toEqual(DEFAULT_HTTP_ATTRIBUTES);
  });

  it('applies the duration-based stickiness command of the AWS docs and returns the full list', () => {
    // aws elbv2 modify-target-group-attributes --attributes Key=stickiness.enabled,Value=true Key=stickiness.lb_cookie.duration_seconds,Value=86500
    const expected = withChanges({ 'stickiness.enabled': 'true', 'stickiness.lb_cookie.duration_seconds': '86500' });
    expect(modify({ 'stickiness.enabled': 'true', 'stickiness.lb_cookie.duration_seconds': '86500' })).toEqual(expected);
    expect(describeAttributes()).toEqual(expected);
  });

  it('applies the application-based stickiness command of the AWS docs and returns the full list', () => {
    // ... Key=stickiness.enabled,Value=true Key=stickiness.type,Value=app_cookie
    //     Key=stickiness.app_cookie.cookie_name,Value=MyCookie Key=stickiness.app_cookie.duration_seconds,Value=86500
    const changes = {
      'stickiness.enabled': 'true',
      'stickiness.type': 'app_cookie',
      'stickiness.app_cookie.cookie_name': 'MyCookie',
      'stickiness.app_cookie.duration_seconds': '86500',
    };
    expect(modify(changes)).toEqual(withChanges(changes));
    expect(describeAttributes()).toEqual(withChanges(changes));
  });

  it('sets the deregistration delay as the aws-cli example does, returning unchanged keys too', () => {
    expect(modify({ 'deregistration_delay.timeout_seconds': '600' })).toEqual(withChanges({ 'deregistration_delay.timeout_seconds': '600' }));
  });

  it('keeps the app cookie name when the stickiness type changes back and forth', () => {
    modify({ 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'MyCookie' });
    modify({ 'stickiness.type': 'lb_cookie' });
    expect(describeAttributes()).toContainEqual({ Key: 'stickiness.app_cookie.cookie_name', Value: 'MyCookie' });
    // Back to app_cookie without naming the cookie again: the kept name satisfies the rule.
    modify({ 'stickiness.type': 'app_cookie' });
    expect(describeAttributes()).toContainEqual({ Key: 'stickiness.type', Value: 'app_cookie' });
  });

  it('accepts the edges of every range', () => {
    modify({
      'deregistration_delay.timeout_seconds': '0',
      'stickiness.lb_cookie.duration_seconds': '604800',
      'stickiness.app_cookie.duration_seconds': '1',
      'slow_start.duration_seconds': '900',
      'target_group_health.dns_failover.minimum_healthy_targets.count': 'off',
      'target_group_health.dns_failover.minimum_healthy_targets.percentage': '100',
      'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': '1',
    });
    modify({ 'slow_start.duration_seconds': '30' });
    modify({ 'slow_start.duration_seconds': '0', 'deregistration_delay.timeout_seconds': '3600' });
  });

  it('lets weighted_random and anomaly mitigation go together when stickiness is off', () => {
    modify({ 'load_balancing.algorithm.type': 'weighted_random', 'load_balancing.algorithm.anomaly_mitigation': 'on' });
    expect(describeAttributes()).toContainEqual({ Key: 'load_balancing.algorithm.anomaly_mitigation', Value: 'on' });
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['an unknown key', { 'tcp_keepalive.enabled': 'true' }, 'ValidationError', `Target group attribute key 'tcp_keepalive.enabled' is not recognized`],
    ['a deregistration delay over 3600', { 'deregistration_delay.timeout_seconds': '3601' }, 'ValidationError', `'deregistration_delay.timeout_seconds' value '3601' must be between '0-3600' inclusive`],
    ['a negative deregistration delay', { 'deregistration_delay.timeout_seconds': '-1' }, 'ValidationError', `'deregistration_delay.timeout_seconds' value '-1' must be between '0-3600' inclusive`],
    ['an lb_cookie duration of 0', { 'stickiness.lb_cookie.duration_seconds': '0' }, 'ValidationError', `'stickiness.lb_cookie.duration_seconds' value '0' must be between '1-604800' inclusive`],
    ['an lb_cookie duration over a week', { 'stickiness.lb_cookie.duration_seconds': '604801' }, 'ValidationError', `'stickiness.lb_cookie.duration_seconds' value '604801' must be between '1-604800' inclusive`],
    ['an app_cookie duration that is not a number', { 'stickiness.app_cookie.duration_seconds': 'day' }, 'ValidationError', `'stickiness.app_cookie.duration_seconds' value 'day' must be between '1-604800' inclusive`],
    ['a slow start of 29 seconds', { 'slow_start.duration_seconds': '29' }, 'ValidationError', `'slow_start.duration_seconds' value '29' must be between '30-900' inclusive`],
    ['a slow start over 900 seconds', { 'slow_start.duration_seconds': '901' }, 'ValidationError', `'slow_start.duration_seconds' value '901' must be between '30-900' inclusive`],
    ['a percentage over 100', { 'target_group_health.dns_failover.minimum_healthy_targets.percentage': '101' }, 'ValidationError', `'target_group_health.dns_failover.minimum_healthy_targets.percentage' value '101' must be 'off' or between '1-100' inclusive`],
    ['off where it is not allowed', { 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': 'off' }, 'ValidationError', `'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count' value 'off' must be between '1-1000' inclusive`],
    ['a non-boolean', { 'stickiness.enabled': 'yes' }, 'ValidationError', `'stickiness.enabled' value 'yes' must be one of '[true, false]'`],
    ['an unknown algorithm', { 'load_balancing.algorithm.type': 'random' }, 'ValidationError', `'load_balancing.algorithm.type' value 'random' must be one of '[round_robin, least_outstanding_requests, weighted_random]'`],
    ['an unknown stickiness type', { 'stickiness.type': 'cookie' }, 'ValidationError', `'stickiness.type' value 'cookie' must be one of '[lb_cookie, app_cookie, source_ip, source_ip_dest_ip, source_ip_dest_ip_proto]'`],
    ['source_ip stickiness on an HTTP group', { 'stickiness.type': 'source_ip' }, 'InvalidConfigurationRequest', `Stickiness type 'source_ip' is not supported for target groups with the HTTP protocol`],
    ['app_cookie stickiness without a cookie name', { 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie' }, 'InvalidConfigurationRequest', `You must set an application cookie name to enable stickiness of type 'app_cookie'`],
    ['a cookie name with the reserved AWSALB prefix', { 'stickiness.app_cookie.cookie_name': 'AWSALB' }, 'ValidationError', `Application cookie name 'AWSALB' cannot start with a reserved prefix: 'AWSALB', 'AWSALBAPP' or 'AWSALBTG'`],
    ['a cookie name with the reserved AWSALBAPP prefix', { 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'AWSALBAPP-0' }, 'ValidationError', `Application cookie name 'AWSALBAPP-0' cannot start with a reserved prefix: 'AWSALB', 'AWSALBAPP' or 'AWSALBTG'`],
    ['a cookie name with the reserved AWSALBTG prefix', { 'stickiness.app_cookie.cookie_name': 'AWSALBTGX' }, 'ValidationError', `Application cookie name 'AWSALBTGX' cannot start with a reserved prefix: 'AWSALB', 'AWSALBAPP' or 'AWSALBTG'`],
    ['stickiness with weighted_random', { 'stickiness.enabled': 'true', 'load_balancing.algorithm.type': 'weighted_random' }, 'InvalidConfigurationRequest', 'You cannot have both stickiness and weighted random algorithm enabled on the same target group.'],
    ['slow start with least_outstanding_requests', { 'slow_start.duration_seconds': '30', 'load_balancing.algorithm.type': 'least_outstanding_requests' }, 'InvalidConfigurationRequest', 'You cannot have both slow start and least outstanding requests algorithm enabled on the same target group.'],
    ['anomaly mitigation without weighted_random', { 'load_balancing.algorithm.anomaly_mitigation': 'on' }, 'InvalidConfigurationRequest', 'You can enable anomaly mitigation only when the load balancing algorithm is weighted random.'],
    ['stickiness with cross-zone off', { 'stickiness.enabled': 'true', 'load_balancing.cross_zone.enabled': 'false' }, 'InvalidConfigurationRequest', 'Target stickiness is not supported when cross-zone load balancing is off.'],
    ['an NLB-only key on an HTTP group', { 'proxy_protocol_v2.enabled': 'true' }, 'InvalidConfigurationRequest', 'A target group with the HTTP protocol does not support the attribute proxy_protocol_v2.enabled'],
    ['a valid change followed by an invalid one', { 'stickiness.enabled': 'true', 'deregistration_delay.timeout_seconds': '9999' }, 'ValidationError', `'deregistration_delay.timeout_seconds' value '9999' must be between '0-3600' inclusive`],
  ])('refuses %s and changes nothing', (_title, list, code, message) => {
    modify({ 'stickiness.lb_cookie.duration_seconds': '100' });
    expectRefused(list, code, message);
  });

  it('refuses a rule broken by the resulting set, not only by the request (weighted_random already set)', () => {
    modify({ 'load_balancing.algorithm.type': 'weighted_random' });
    expectRefused({ 'stickiness.enabled': 'true' }, 'InvalidConfigurationRequest', 'You cannot have both stickiness and weighted random algorithm enabled on the same target group.');
  });

  it('checks the stickiness type of a UDP group even with stickiness disabled', () => {
    const udp = create({ Name: 'udp', Protocol: 'UDP' });
    expectRefused(
      { 'stickiness.enabled': 'false', 'stickiness.type': 'lb_cookie' },
      'InvalidConfigurationRequest',
      `Stickiness type 'lb_cookie' is not supported for target groups with the UDP protocol`,
      udp,
    );
  });

  it('refuses stickiness on a TLS group and accepts source_ip stickiness on TCP', () => {
    const tls = create({ Name: 'tls', Protocol: 'TLS' });
    expectRefused({ 'stickiness.enabled': 'true' }, 'InvalidConfigurationRequest', 'You cannot enable stickiness on target groups with the TLS protocol', tls);
    const tcp = create({ Name: 'tcp', Protocol: 'TCP' });
    expect(modify({ 'stickiness.enabled': 'true' }, tcp)).toContainEqual({ Key: 'stickiness.enabled', Value: 'true' });
  });

  it('refuses the deregistration delay on a lambda group and sets multi-value headers', () => {
    const lambda = harness.call('CreateTargetGroup', { Name: 'fn', TargetType: 'lambda' }).TargetGroups![0]!.TargetGroupArn!;
    expectRefused(
      { 'deregistration_delay.timeout_seconds': '10' },
      'InvalidConfigurationRequest',
      `A target group with target type 'lambda' does not support the attribute deregistration_delay.timeout_seconds`,
      lambda,
    );
    expect(modify({ 'lambda.multi_value_headers.enabled': 'true' }, lambda)).toEqual([{ Key: 'lambda.multi_value_headers.enabled', Value: 'true' }]);
  });

  it('requires both GWLB failover keys to be equal', () => {
    const gwlb = create({ Name: 'gwlb', Protocol: 'GENEVE', Port: 6081 });
    expectRefused(
      { 'target_failover.on_unhealthy': 'rebalance' },
      'ValidationError',
      `Target group attribute keys 'target_failover.on_unhealthy' and 'target_failover.on_deregistration' must both be set to the same value for this target group`,
      gwlb,
    );
    const result = modify({ 'target_failover.on_unhealthy': 'rebalance', 'target_failover.on_deregistration': 'rebalance' }, gwlb);
    expect(result).toContainEqual({ Key: 'target_failover.on_unhealthy', Value: 'rebalance' });
  });

  it('allows an unhealthy draining interval only once unhealthy connection termination is off', () => {
    const tcp = create({ Name: 'tcp', Protocol: 'TCP' });
    expectRefused(
      { 'target_health_state.unhealthy.draining_interval_seconds': '60' },
      'InvalidConfigurationRequest',
      `'target_health_state.unhealthy.draining_interval_seconds' can be set only when 'target_health_state.unhealthy.connection_termination.enabled' is false`,
      tcp,
    );
    modify({ 'target_health_state.unhealthy.connection_termination.enabled': 'false', 'target_health_state.unhealthy.draining_interval_seconds': '60' }, tcp);
  });

  it('answers TargetGroupNotFound for an unknown group on both operations', () => {
    const ghost = arn.replace('my-targets', 'ghost');
    expect(harness.failure('DescribeTargetGroupAttributes', { TargetGroupArn: ghost })).toMatchObject({
      code: 'TargetGroupNotFound',
      message: 'One or more target groups not found',
    });
    const before = harness.snapshot();
    expect(harness.failure('ModifyTargetGroupAttributes', { TargetGroupArn: ghost, Attributes: attributes({ 'stickiness.enabled': 'true' }) })).toMatchObject({
      code: 'TargetGroupNotFound',
      message: 'One or more target groups not found',
    });
    expect(harness.snapshot()).toEqual(before);
  });
});
