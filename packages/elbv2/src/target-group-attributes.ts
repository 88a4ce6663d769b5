import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { targetGroupFamily } from './health-check-defaults.js';
import type { TargetGroupFamily } from './health-check-defaults.js';
import { assertAttributeValue, BOOLEAN_VALUE, type AttributeValueRule } from './attribute-value-rule.js';

/**
 * Every target-group attribute elbow knows: the one table for this topic (STYLE rule 2).
 * Row order is the order DescribeTargetGroupAttributes lists them in. For an ALB HTTP/HTTPS
 * instance/ip group that is the 14-key order observed in live-mirroring fixtures
 * (elbv2-attributes.md §3 [F1]); the order for NLB/GWLB groups is unverified.
 *
 * Sources (elbv2-attributes.md §3 keys): [M1] botocore elbv2 model, `TargetGroupAttribute.Key`
 * documentation; [D3] ALB guide "target-group-attributes"; [C3] aws-cli
 * `describe-target-group-attributes.rst`; [F1] live-mirroring fixtures. Families: application =
 * HTTP/HTTPS instance/ip groups; lambda; network = TCP/TLS/UDP/TCP_UDP/QUIC/TCP_QUIC; gateway = GENEVE.
 */

/** What a target group's attribute defaults and rules depend on. */
export interface AttributeSubject {
  protocol: elbv2.ProtocolEnum | undefined;
  targetType: elbv2.TargetTypeEnum;
}

export type AttributeMap = ReadonlyMap<string, string>;

type ValueRule = AttributeValueRule | { kind: 'cookie-name' };

export interface TargetGroupAttributeDefinition {
  readonly key: string;
  readonly families: readonly TargetGroupFamily[];
  readonly defaultValue: string | ((subject: AttributeSubject) => string);
  readonly rule: ValueRule;
  readonly source: string;
}

const ALL_BUT_LAMBDA: readonly TargetGroupFamily[] = ['application', 'network', 'gateway'];
const BOOLEAN: ValueRule = BOOLEAN_VALUE;
/** Every stickiness type the model names; which family takes which is checked separately. */
const STICKINESS_TYPES = ['lb_cookie', 'app_cookie', 'source_ip', 'source_ip_dest_ip', 'source_ip_dest_ip_proto'] as const;
const STICKINESS_TYPES_BY_FAMILY: Record<TargetGroupFamily, readonly string[]> = {
  application: ['lb_cookie', 'app_cookie'],
  network: ['source_ip'],
  gateway: ['source_ip_dest_ip', 'source_ip_dest_ip_proto'],
  lambda: [],
};
/** "1 to the maximum number of targets" [M1]; elbow bounds it by the targets-per-group quota, 1000 (ALB guide limits). */
const MAX_TARGETS = 1000;

export const TARGET_GROUP_ATTRIBUTES: readonly TargetGroupAttributeDefinition[] = [
  { key: 'lambda.multi_value_headers.enabled', families: ['lambda'], defaultValue: 'false', rule: BOOLEAN, source: 'M1; C3 (the only key of a lambda group)' },
  { key: 'proxy_protocol_v2.enabled', families: ['network'], defaultValue: 'false', rule: BOOLEAN, source: 'M1; C3 (TCP group)' },
  {
    key: 'preserve_client_ip.enabled',
    families: ['network'],
    // "disabled if the target group type is IP address and the target group protocol is TCP or TLS. Otherwise, the default is enabled" [M1].
    defaultValue: ({ protocol, targetType }) => String(!(targetType === 'ip' && (protocol === 'TCP' || protocol === 'TLS'))),
    rule: BOOLEAN,
    source: 'M1',
  },
  { key: 'stickiness.enabled', families: ALL_BUT_LAMBDA, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D3; F1' },
  {
    key: 'deregistration_delay.timeout_seconds',
    families: ALL_BUT_LAMBDA,
    defaultValue: '300',
    rule: { kind: 'integer', min: 0, max: 3600 },
    source: 'M1 ("range is 0-3600 seconds", not for Lambda); D3; F1',
  },
  { key: 'stickiness.app_cookie.cookie_name', families: ['application'], defaultValue: '', rule: { kind: 'cookie-name' }, source: 'M1; D3; F1 (empty when unset)' },
  {
    key: 'stickiness.type',
    families: ALL_BUT_LAMBDA,
    defaultValue: ({ protocol, targetType }) => {
      const family = targetGroupFamily(protocol, targetType);
      // GWLB default unverified: the 5-tuple type is what a GWLB uses when stickiness is off.
      return family === 'application' ? 'lb_cookie' : family === 'gateway' ? 'source_ip_dest_ip_proto' : 'source_ip';
    },
    rule: { kind: 'enum', values: STICKINESS_TYPES },
    source: 'M1; C3; elbv2-attributes.md §3 (lb_cookie for HTTP/HTTPS, source_ip for TCP/UDP)',
  },
  {
    key: 'stickiness.lb_cookie.duration_seconds',
    families: ['application'],
    defaultValue: '86400',
    rule: { kind: 'integer', min: 1, max: 604800 },
    source: 'M1 ("1 second to 1 week (604800 seconds)"); D3; F1',
  },
  {
    key: 'slow_start.duration_seconds',
    families: ['application'],
    defaultValue: '0',
    rule: { kind: 'integer', min: 30, max: 900, orZero: true },
    source: 'M1 ("range is 30-900 seconds ... default is 0 seconds (disabled)"); D3',
  },
  {
    key: 'stickiness.app_cookie.duration_seconds',
    families: ['application'],
    defaultValue: '86400',
    rule: { kind: 'integer', min: 1, max: 604800 },
    source: 'M1; D3; F1',
  },
  {
    key: 'load_balancing.algorithm.type',
    families: ['application'],
    defaultValue: 'round_robin',
    rule: { kind: 'enum', values: ['round_robin', 'least_outstanding_requests', 'weighted_random'] },
    source: 'M1; F1',
  },
  { key: 'load_balancing.algorithm.anomaly_mitigation', families: ['application'], defaultValue: 'off', rule: { kind: 'enum', values: ['on', 'off'] }, source: 'M1; F1' },
  {
    key: 'deregistration_delay.connection_termination.enabled',
    families: ['network'],
    // "For new UDP/TCP_UDP target groups the default is true. Otherwise, the default is false" [M1].
    defaultValue: ({ protocol }) => String(protocol === 'UDP' || protocol === 'TCP_UDP'),
    rule: BOOLEAN,
    source: 'M1',
  },
  {
    key: 'load_balancing.cross_zone.enabled',
    families: ['application', 'network'],
    defaultValue: 'use_load_balancer_configuration',
    rule: { kind: 'enum', values: ['true', 'false', 'use_load_balancer_configuration'] },
    source: 'M1; D3; F1',
  },
  { key: 'target_failover.on_deregistration', families: ['gateway'], defaultValue: 'no_rebalance', rule: { kind: 'enum', values: ['rebalance', 'no_rebalance'] }, source: 'M1' },
  { key: 'target_failover.on_unhealthy', families: ['gateway'], defaultValue: 'no_rebalance', rule: { kind: 'enum', values: ['rebalance', 'no_rebalance'] }, source: 'M1' },
  {
    key: 'target_group_health.dns_failover.minimum_healthy_targets.count',
    families: ['application', 'network'],
    defaultValue: '1',
    rule: { kind: 'integer', min: 1, max: MAX_TARGETS, alsoAllowed: ['off'] },
    source: 'M1 (default 1; the 2023 ALB guide said off); F1 shows 1',
  },
  {
    key: 'target_group_health.dns_failover.minimum_healthy_targets.percentage',
    families: ['application', 'network'],
    defaultValue: 'off',
    rule: { kind: 'integer', min: 1, max: 100, alsoAllowed: ['off'] },
    source: 'M1; F1',
  },
  {
    key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count',
    families: ['application', 'network'],
    defaultValue: '1',
    rule: { kind: 'integer', min: 1, max: MAX_TARGETS },
    source: 'M1; F1',
  },
  {
    key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage',
    families: ['application', 'network'],
    defaultValue: 'off',
    rule: { kind: 'integer', min: 1, max: 100, alsoAllowed: ['off'] },
    source: 'M1; F1',
  },
  {
    key: 'target_health_state.unhealthy.connection_termination.enabled',
    families: ['network'],
    // Default true [M1]; "can't be enabled for UDP and TCP_UDP target groups" [M1], so false there (unverified).
    defaultValue: ({ protocol }) => String(!(protocol === 'UDP' || protocol === 'TCP_UDP')),
    rule: BOOLEAN,
    source: 'M1',
  },
  {
    key: 'target_health_state.unhealthy.draining_interval_seconds',
    families: ['network'],
    defaultValue: '0',
    rule: { kind: 'integer', min: 0, max: 360000 },
    source: 'M1 ("range is 0-360000 seconds")',
  },
];

const DEFINITIONS_BY_KEY = new Map(TARGET_GROUP_ATTRIBUTES.map((definition) => [definition.key, definition]));

/** The attributes that apply to `subject`, in describe order, with stored values over defaults. */
export function describeTargetGroupAttributes(subject: AttributeSubject, stored: AttributeMap): elbv2.TargetGroupAttribute[] {
  const family = targetGroupFamily(subject.protocol, subject.targetType);
  return TARGET_GROUP_ATTRIBUTES.filter((definition) => definition.families.includes(family)).map((definition) => ({
    Key: definition.key,
    Value: stored.get(definition.key) ?? defaultOf(definition, subject),
  }));
}

/**
 * Validates a ModifyTargetGroupAttributes request against the whole resulting set and returns
 * the keys to store. Nothing is written by this function; the caller writes only if it
 * returns, so a failing request changes nothing.
 */
export function resolveAttributeChanges(
  subject: AttributeSubject,
  stored: AttributeMap,
  requested: readonly elbv2.TargetGroupAttribute[],
): Map<string, string> {
  const family = targetGroupFamily(subject.protocol, subject.targetType);
  const changes = new Map<string, string>();
  for (const { Key: key = '', Value: value = '' } of requested) {
    const definition = DEFINITIONS_BY_KEY.get(key);
    // Verified wording (elbv2-attributes.md §1 [G2]).
    if (!definition) throw validationError(`Target group attribute key '${key}' is not recognized`);
    if (!definition.families.includes(family)) throw unsupportedKey(subject, key);
    assertValueMatchesRule(definition, value);
    changes.set(key, value);
  }
  const resulting = new Map(describeTargetGroupAttributes(subject, stored).map(({ Key, Value }) => [Key ?? '', Value ?? '']));
  for (const [key, value] of changes) resulting.set(key, value);
  assertConsistentAttributes(subject, family, resulting);
  return changes;
}

function defaultOf(definition: TargetGroupAttributeDefinition, subject: AttributeSubject): string {
  return typeof definition.defaultValue === 'string' ? definition.defaultValue : definition.defaultValue(subject);
}

function unsupportedKey(subject: AttributeSubject, key: string): ServiceError {
  // moto's wording for lambda (elbv2-attributes.md §3 [X1]); the protocol form by analogy. Both unverified.
  const what = subject.targetType === 'lambda' ? `target type 'lambda'` : `the ${subject.protocol} protocol`;
  return new ServiceError('InvalidConfigurationRequest', `A target group with ${what} does not support the attribute ${key}`);
}

function assertValueMatchesRule(definition: TargetGroupAttributeDefinition, value: string): void {
  const { key, rule } = definition;
  if (rule.kind !== 'cookie-name') return assertAttributeValue(key, rule, value);
  // "Names that start with the following prefixes are not allowed: AWSALB, AWSALBAPP, and AWSALBTG" [M1];
  // AWSALB is a prefix of the other two (elbv2-validation.md §2(f)). Wording and case-sensitivity unverified.
  if (value.startsWith('AWSALB')) {
    throw validationError(`Application cookie name '${value}' cannot start with a reserved prefix: 'AWSALB', 'AWSALBAPP' or 'AWSALBTG'`);
  }
}

/** Rules between keys, checked on the set as it would be after the request. */
function assertConsistentAttributes(subject: AttributeSubject, family: TargetGroupFamily, attributes: Map<string, string>): void {
  const invalid = (message: string) => new ServiceError('InvalidConfigurationRequest', message);
  const isSticky = attributes.get('stickiness.enabled') === 'true';
  const stickinessType = attributes.get('stickiness.type');

  // Checked even with stickiness disabled (elbv2-attributes.md §1 [G5]); verified wording [G5][G7][G10].
  if (stickinessType !== undefined && !STICKINESS_TYPES_BY_FAMILY[family].includes(stickinessType)) {
    throw invalid(`Stickiness type '${stickinessType}' is not supported for target groups with the ${subject.protocol} protocol`);
  }
  if (isSticky && subject.protocol === 'TLS') {
    // Verified wording [G10]; code unverified.
    throw invalid('You cannot enable stickiness on target groups with the TLS protocol');
  }
  if (family === 'application') {
    const algorithm = attributes.get('load_balancing.algorithm.type');
    if (isSticky && stickinessType === 'app_cookie' && attributes.get('stickiness.app_cookie.cookie_name') === '') {
      // Verified wording and code (terraform-aws-modules/terraform-aws-alb#242).
      throw invalid(`You must set an application cookie name to enable stickiness of type 'app_cookie'`);
    }
    if (isSticky && algorithm === 'weighted_random') {
      // Verified wording [G10]; code unverified.
      throw invalid('You cannot have both stickiness and weighted random algorithm enabled on the same target group.');
    }
    if (attributes.get('slow_start.duration_seconds') !== '0' && algorithm === 'least_outstanding_requests') {
      // Rule from the ALB guide [D3] ("slow start ... not supported with least outstanding requests"); wording unverified,
      // modelled on the weighted-random message above.
      throw invalid('You cannot have both slow start and least outstanding requests algorithm enabled on the same target group.');
    }
    if (attributes.get('load_balancing.algorithm.anomaly_mitigation') === 'on' && algorithm !== 'weighted_random') {
      // "Only available when load_balancing.algorithm.type is weighted_random" [M1]; wording unverified.
      throw invalid('You can enable anomaly mitigation only when the load balancing algorithm is weighted random.');
    }
    if (isSticky && attributes.get('load_balancing.cross_zone.enabled') === 'false') {
      // "Target stickiness is not supported when cross-zone load balancing is off" [D4]; wording unverified.
      throw invalid('Target stickiness is not supported when cross-zone load balancing is off.');
    }
  }
  if (family === 'gateway' && attributes.get('target_failover.on_unhealthy') !== attributes.get('target_failover.on_deregistration')) {
    // Verified wording (AWS blog, elbv2-attributes.md §3 [G12]).
    throw validationError(
      `Target group attribute keys 'target_failover.on_unhealthy' and 'target_failover.on_deregistration' must both be set to the same value for this target group`,
    );
  }
  if (
    family === 'network' &&
    attributes.get('target_health_state.unhealthy.draining_interval_seconds') !== '0' &&
    attributes.get('target_health_state.unhealthy.connection_termination.enabled') === 'true'
  ) {
    // "This attribute can only be configured when target_health_state.unhealthy.connection_termination.enabled is false" [M1]; wording unverified.
    throw invalid(
      `'target_health_state.unhealthy.draining_interval_seconds' can be set only when 'target_health_state.unhealthy.connection_termination.enabled' is false`,
    );
  }
}
