import type { elb } from '@elbow/api-models';

/** Where a policy of a type may be enabled. */
export type PolicyPlacement = 'http-listener' | 'secure-listener' | 'backend' | 'none';

export interface PolicyTypeDefinition {
  readonly description: string;
  readonly attributes: readonly elb.PolicyAttributeTypeDescription[];
  readonly placement: PolicyPlacement;
}

const SSL_PROTOCOLS = ['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1', 'Protocol-TLSv1.2'];

/**
 * The cipher attributes of SSLNegotiationPolicyType, as the "Predefined SSL security policies for
 * Classic Load Balancers" table of the classic user guide names them (elb-security-policy-table).
 * The aws-cli example elides this list ("..."), so it was taken from that table, unverified
 * against a live DescribeLoadBalancerPolicyTypes (UNVERIFIED.md).
 */
const SSL_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'DHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA',
  'ECDHE-ECDSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256',
  'AES256-SHA', 'DHE-DSS-AES128-SHA', 'CAMELLIA256-SHA', 'EDH-RSA-DES-CBC3-SHA', 'DES-CBC3-SHA', 'RC4-SHA',
  'DHE-RSA-AES256-SHA256', 'DHE-RSA-AES256-SHA', 'DHE-RSA-AES128-SHA256', 'DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384',
];

function optionalBoolean(name: string): elb.PolicyAttributeTypeDescription {
  return { AttributeName: name, AttributeType: 'Boolean', Cardinality: 'ZERO_OR_ONE' };
}

/**
 * AWS's classic policy types, with descriptions, attributes and cardinalities from aws-cli
 * `examples/elb/describe-load-balancer-policy-types.rst` (classic-elb.md §2 [C1]). Where each may be
 * enabled follows the descriptions: stickiness on HTTP/HTTPS listeners, SSL negotiation on
 * HTTPS/SSL listeners, proxy protocol and back-end authentication on back-end ports, public keys
 * only inside a back-end authentication policy.
 */
export const POLICY_TYPES: Readonly<Record<string, PolicyTypeDefinition>> = {
  ProxyProtocolPolicyType: {
    description:
      'Policy that controls whether to include the IP address and port of the originating request for TCP messages. This policy operates on TCP/SSL listeners only',
    attributes: [{ AttributeName: 'ProxyProtocol', AttributeType: 'Boolean', Cardinality: 'ONE' }],
    placement: 'backend',
  },
  PublicKeyPolicyType: {
    description:
      'Policy containing a list of public keys to accept when authenticating the back-end server(s). This policy cannot be applied directly to back-end servers or listeners but must be part of a BackendServerAuthenticationPolicyType.',
    attributes: [{ AttributeName: 'PublicKey', AttributeType: 'String', Cardinality: 'ONE' }],
    placement: 'none',
  },
  AppCookieStickinessPolicyType: {
    description:
      'Stickiness policy with session lifetimes controlled by the lifetime of the application-generated cookie. This policy can be associated only with HTTP/HTTPS listeners.',
    attributes: [{ AttributeName: 'CookieName', AttributeType: 'String', Cardinality: 'ONE' }],
    placement: 'http-listener',
  },
  LBCookieStickinessPolicyType: {
    description:
      'Stickiness policy with session lifetimes controlled by the browser (user-agent) or a specified expiration period. This policy can be associated only with HTTP/HTTPS listeners.',
    attributes: [{ AttributeName: 'CookieExpirationPeriod', AttributeType: 'Long', Cardinality: 'ZERO_OR_ONE' }],
    placement: 'http-listener',
  },
  SSLNegotiationPolicyType: {
    description:
      'Listener policy that defines the ciphers and protocols that will be accepted by the load balancer. This policy can be associated only with HTTPS/SSL listeners.',
    attributes: [
      ...SSL_PROTOCOLS.map(optionalBoolean),
      optionalBoolean('Server-Defined-Cipher-Order'),
      { AttributeName: 'Reference-Security-Policy', AttributeType: 'String', Cardinality: 'ZERO_OR_ONE' },
      ...SSL_CIPHERS.map(optionalBoolean),
    ],
    placement: 'secure-listener',
  },
  BackendServerAuthenticationPolicyType: {
    description:
      'Policy that controls authentication to back-end server(s) and contains one or more policies, such as an instance of a PublicKeyPolicyType. This policy can be associated only with back-end servers that are using HTTPS/SSL.',
    attributes: [{ AttributeName: 'PublicKeyPolicyName', AttributeType: 'PolicyName', Cardinality: 'ONE_OR_MORE' }],
    placement: 'backend',
  },
};

export const STICKINESS_POLICY_TYPES = ['AppCookieStickinessPolicyType', 'LBCookieStickinessPolicyType'] as const;

export interface PolicyRecord {
  readonly policyName: string;
  readonly policyTypeName: string;
  readonly attributes: ReadonlyArray<{ name: string; value: string }>;
}

function securityPolicy(name: string, protocols: readonly string[]): PolicyRecord {
  return {
    policyName: name,
    policyTypeName: 'SSLNegotiationPolicyType',
    attributes: SSL_PROTOCOLS.filter((protocol) => protocol !== 'Protocol-SSLv2').map((protocol) => ({ name: protocol, value: String(protocols.includes(protocol)) })),
  };
}

const TLS_1_0_TO_1_2 = ['Protocol-TLSv1', 'Protocol-TLSv1.1', 'Protocol-TLSv1.2'];

/**
 * The predefined policies DescribeLoadBalancerPolicies lists without a load balancer name, in the
 * order a real call printed them (hashicorp/terraform#15013, aws/aws-cli#953). Their protocol
 * attributes follow the classic user guide's predefined-policy table; their cipher attributes are
 * not listed (UNVERIFIED.md).
 */
export const PREDEFINED_POLICIES: readonly PolicyRecord[] = [
  securityPolicy('ELBSecurityPolicy-2016-08', TLS_1_0_TO_1_2),
  securityPolicy('ELBSecurityPolicy-TLS-1-2-2017-01', ['Protocol-TLSv1.2']),
  securityPolicy('ELBSecurityPolicy-TLS-1-1-2017-01', ['Protocol-TLSv1.1', 'Protocol-TLSv1.2']),
  securityPolicy('ELBSecurityPolicy-2015-05', TLS_1_0_TO_1_2),
  securityPolicy('ELBSecurityPolicy-2015-03', TLS_1_0_TO_1_2),
  securityPolicy('ELBSecurityPolicy-2015-02', TLS_1_0_TO_1_2),
  securityPolicy('ELBSecurityPolicy-2014-10', TLS_1_0_TO_1_2),
  securityPolicy('ELBSecurityPolicy-2014-01', ['Protocol-SSLv3', ...TLS_1_0_TO_1_2]),
  securityPolicy('ELBSecurityPolicy-2011-08', ['Protocol-SSLv3', 'Protocol-TLSv1']),
  securityPolicy('ELBSample-ELBDefaultCipherPolicy', ['Protocol-SSLv3', 'Protocol-TLSv1']),
  securityPolicy('ELBSample-OpenSSLDefaultCipherPolicy', ['Protocol-SSLv3', 'Protocol-TLSv1']),
];

/**
 * The security policy a new HTTPS/SSL listener gets (the aws-cli describe-load-balancers example
 * of an HTTPS listener shows one in its PolicyNames; the console's current default is
 * ELBSecurityPolicy-2016-08, classic-elb.md §2 [D2] example).
 */
export const DEFAULT_SECURITY_POLICY = 'ELBSecurityPolicy-2016-08';
