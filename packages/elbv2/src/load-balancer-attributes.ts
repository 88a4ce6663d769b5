import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { assertAttributeValue, BOOLEAN_VALUE, type AttributeValueRule } from './attribute-value-rule.js';

/**
 * Every load-balancer attribute elbow knows: the one table for this topic (STYLE rule 2). Row
 * order is the order DescribeLoadBalancerAttributes lists them in: for an ALB, the 18-key order
 * of live-mirroring fixtures (elbv2-attributes.md §2 [F1]); NLB and GWLB keys follow (their
 * order unverified). Sources: [M1] botocore elbv2 model, `LoadBalancerAttribute.Key` docs;
 * [D1] ALB guide "load-balancer-attributes"; [F1] fixtures; [C1] aws-cli
 * `describe-load-balancer-attributes.rst`.
 */
export type LoadBalancerType = elbv2.LoadBalancerTypeEnum;

/** What a load balancer's attribute defaults and rules depend on. */
export interface LoadBalancerAttributeSubject {
  readonly type: LoadBalancerType;
  readonly scheme: elbv2.LoadBalancerSchemeEnum;
  readonly ipAddressType: elbv2.IpAddressType;
}

type ValueRule = AttributeValueRule | { kind: 'bucket' } | { kind: 'prefix' };

export interface LoadBalancerAttributeDefinition {
  readonly key: string;
  readonly types: readonly LoadBalancerType[];
  readonly defaultValue: string | ((subject: LoadBalancerAttributeSubject) => string);
  readonly rule: ValueRule;
  /** Listed by Describe only when this holds (default: always, for the types above) or when set. */
  readonly isListed?: (subject: LoadBalancerAttributeSubject) => boolean;
  readonly source: string;
}

const BOOLEAN: ValueRule = BOOLEAN_VALUE;
const A: readonly LoadBalancerType[] = ['application'];
const AN: readonly LoadBalancerType[] = ['application', 'network'];
const ANG: readonly LoadBalancerType[] = ['application', 'network', 'gateway'];
const N: readonly LoadBalancerType[] = ['network'];

function logKeys(kind: 'access_logs' | 'connection_logs' | 'health_check_logs', types: readonly LoadBalancerType[]): LoadBalancerAttributeDefinition[] {
  return [
    { key: `${kind}.s3.enabled`, types, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D1; F1' },
    { key: `${kind}.s3.bucket`, types, defaultValue: '', rule: { kind: 'bucket' }, source: 'M1; C1 (empty when unset)' },
    { key: `${kind}.s3.prefix`, types, defaultValue: '', rule: { kind: 'prefix' }, source: 'M1; C1 (empty when unset)' },
  ];
}

export const LOAD_BALANCER_ATTRIBUTES: readonly LoadBalancerAttributeDefinition[] = [
  ...logKeys('access_logs', AN),
  ...logKeys('connection_logs', A),
  ...logKeys('health_check_logs', A),
  { key: 'idle_timeout.timeout_seconds', types: A, defaultValue: '60', rule: { kind: 'integer', min: 1, max: 4000 }, source: 'M1 ("1-4000 seconds", default 60); D1' },
  { key: 'deletion_protection.enabled', types: ANG, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D1' },
  { key: 'routing.http2.enabled', types: A, defaultValue: 'true', rule: BOOLEAN, source: 'M1; D1' },
  { key: 'routing.http.drop_invalid_header_fields.enabled', types: A, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D1' },
  { key: 'routing.http.xff_client_port.enabled', types: A, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D1' },
  { key: 'routing.http.preserve_host_header.enabled', types: A, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D1' },
  {
    key: 'routing.http.xff_header_processing.mode',
    types: A,
    defaultValue: 'append',
    rule: { kind: 'enum', values: ['append', 'preserve', 'remove'] },
    source: 'M1; D1',
  },
  {
    key: 'load_balancing.cross_zone.enabled',
    types: ANG,
    // "always on for Application Load Balancers"; "off by default" for NLB and GWLB [D1; elbv2-attributes.md §2].
    defaultValue: ({ type }) => String(type === 'application'),
    rule: BOOLEAN,
    source: 'M1; D1; D4',
  },
  {
    key: 'routing.http.desync_mitigation_mode',
    types: A,
    defaultValue: 'defensive',
    rule: { kind: 'enum', values: ['monitor', 'defensive', 'strictest'] },
    source: 'M1; D1',
  },
  { key: 'client_keep_alive.seconds', types: A, defaultValue: '3600', rule: { kind: 'integer', min: 60, max: 604800 }, source: 'M1 ("60-604800 seconds"); F1' },
  { key: 'waf.fail_open.enabled', types: A, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D1' },
  { key: 'routing.http.x_amzn_tls_version_and_cipher_suite.enabled', types: A, defaultValue: 'false', rule: BOOLEAN, source: 'M1; D1' },
  { key: 'zonal_shift.config.enabled', types: AN, defaultValue: 'false', rule: BOOLEAN, source: 'M1; F1' },
  {
    key: 'ipv6.deny_all_igw_traffic',
    types: AN,
    // "The default is true for internal load balancers and false for internet-facing load balancers" [M1].
    defaultValue: ({ scheme }) => String(scheme === 'internal'),
    rule: BOOLEAN,
    // Not in the [F1] key set of an IPv4 ALB; elbow lists it once the load balancer is dual-stack (unverified).
    isListed: ({ ipAddressType }) => ipAddressType !== 'ipv4',
    source: 'M1; D1',
  },
  {
    key: 'dns_record.client_routing_policy',
    types: N,
    defaultValue: 'any_availability_zone',
    rule: { kind: 'enum', values: ['availability_zone_affinity', 'partial_availability_zone_affinity', 'any_availability_zone'] },
    source: 'M1 (default any_availability_zone)',
  },
  {
    key: 'secondary_ips.auto_assigned.per_subnet',
    types: N,
    defaultValue: '0',
    rule: { kind: 'integer', min: 0, max: 7 },
    source: 'M1 ("0 to 7 ... default is 0 ... cannot decrease")',
  },
];

const DEFINITIONS_BY_KEY = new Map(LOAD_BALANCER_ATTRIBUTES.map((definition) => [definition.key, definition]));

export type AttributeMap = ReadonlyMap<string, string>;

/** The attributes that apply to `subject`, in describe order, stored values over defaults. */
export function describeLoadBalancerAttributes(subject: LoadBalancerAttributeSubject, stored: AttributeMap): elbv2.LoadBalancerAttribute[] {
  return LOAD_BALANCER_ATTRIBUTES.filter(
    (definition) =>
      definition.types.includes(subject.type) && (stored.has(definition.key) || (definition.isListed?.(subject) ?? true)),
  ).map((definition) => ({ Key: definition.key, Value: stored.get(definition.key) ?? defaultOf(definition, subject) }));
}

/** The current value of one attribute (stored, else its default). */
export function loadBalancerAttributeValue(subject: LoadBalancerAttributeSubject, stored: AttributeMap, key: string): string | undefined {
  const definition = DEFINITIONS_BY_KEY.get(key);
  return stored.get(key) ?? (definition && defaultOf(definition, subject));
}

/**
 * Validates a ModifyLoadBalancerAttributes request against the whole resulting set and returns
 * the keys to store. Writes nothing: the caller writes only when it returns.
 */
export function resolveLoadBalancerAttributeChanges(
  subject: LoadBalancerAttributeSubject,
  stored: AttributeMap,
  requested: readonly elbv2.LoadBalancerAttribute[],
): Map<string, string> {
  const changes = new Map<string, string>();
  for (const { Key: key = '', Value: value = '' } of requested) {
    const definition = DEFINITIONS_BY_KEY.get(key);
    // Verified wording (elbv2-attributes.md §1 [G1]).
    if (!definition) throw validationError(`Load balancer attribute key '${key}' is not recognized`);
    if (!definition.types.includes(subject.type)) {
      // Verified for 'network' (§1 [G3]); the other types by analogy.
      throw new ServiceError(
        'InvalidConfigurationRequest',
        `Load balancer attribute key '${key}' is not supported on load balancers with type '${subject.type}'`,
      );
    }
    assertValueMatchesRule(definition, value);
    changes.set(key, value);
  }
  if (subject.type === 'application' && changes.get('load_balancing.cross_zone.enabled') === 'false') {
    // "Cross-zone load balancing is always turned on for Application Load Balancers" [D4]; wording unverified.
    throw new ServiceError('InvalidConfigurationRequest', 'Cross-zone load balancing cannot be disabled for Application Load Balancers');
  }
  const secondaryIps = changes.get('secondary_ips.auto_assigned.per_subnet');
  const currentSecondaryIps = loadBalancerAttributeValue(subject, stored, 'secondary_ips.auto_assigned.per_subnet');
  if (secondaryIps !== undefined && currentSecondaryIps !== undefined && Number(secondaryIps) < Number(currentSecondaryIps)) {
    // "You can't decrease the number of secondary IP addresses" [M1]; wording unverified.
    throw new ServiceError(
      'InvalidConfigurationRequest',
      `'secondary_ips.auto_assigned.per_subnet' cannot be decreased from '${currentSecondaryIps}' to '${secondaryIps}'`,
    );
  }
  const resulting = new Map(describeLoadBalancerAttributes(subject, stored).map(({ Key, Value }) => [Key ?? '', Value ?? '']));
  for (const [key, value] of changes) resulting.set(key, value);
  for (const kind of ['access_logs', 'connection_logs', 'health_check_logs']) {
    if (resulting.get(`${kind}.s3.enabled`) === 'true' && !resulting.get(`${kind}.s3.bucket`)) {
      // An enabled log needs a bucket [M1 "access_logs.s3.bucket ... required if access logs are enabled"]; wording unverified.
      throw validationError(`The value of '${kind}.s3.bucket' cannot be empty when '${kind}.s3.enabled' is 'true'`);
    }
  }
  return changes;
}

function defaultOf(definition: LoadBalancerAttributeDefinition, subject: LoadBalancerAttributeSubject): string {
  return typeof definition.defaultValue === 'string' ? definition.defaultValue : definition.defaultValue(subject);
}

function assertValueMatchesRule(definition: LoadBalancerAttributeDefinition, value: string): void {
  const { key, rule } = definition;
  switch (rule.kind) {
    case 'bucket':
      // S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens (S3 naming rules); empty clears it.
      if (value !== '' && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value)) {
        throw validationError(`'${key}' value '${value}' is not a valid S3 bucket name`);
      }
      return;
    case 'prefix':
      // "The prefix cannot include the string AWSLogs" [D2 load-balancer-access-logs]; wording unverified.
      if (value.includes('AWSLogs')) throw validationError(`'${key}' value '${value}' cannot include 'AWSLogs'`);
      return;
    default:
      // Shapes shared with the target-group attributes (elbv2-attributes.md §2: "assume the same shape"; unverified).
      assertAttributeValue(key, rule, value);
  }
}
