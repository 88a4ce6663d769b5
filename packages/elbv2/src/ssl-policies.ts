import type { elbv2 } from '@elbow/api-models';

/**
 * The predefined ELB security policies: the one table for this topic (STYLE rule 2).
 *
 * Sources:
 * - Names and their order: aws-cli v1 `awscli/examples/elbv2/describe-ssl-policies.rst`
 *   (Example 1, `--load-balancer-type application`, 18 policies, real output).
 * - Protocols and ciphers per policy: the ELB guides' "Security policies for your Application
 *   Load Balancer" / "... Network Load Balancer" tables
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 *   The cipher order of ELBSecurityPolicy-TLS13-1-2-2021-06 is confirmed by Example 3 of the
 *   same aws-cli file; the others follow the guide's table order (priority = position, from 1).
 * - The FIPS and post-quantum (PQ) policies added since are not listed yet (unverified contents).
 * - `SupportedLoadBalancerTypes`: every listed policy applies to HTTPS (ALB) and TLS (NLB)
 *   listeners, as the two guides list the same names; Gateway Load Balancers have no TLS listeners.
 */

/** The default policy of an HTTPS or TLS listener created through the API (ALB and NLB guides, "Considerations"). */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const ECDHE_GCM_128 = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'];
const ECDHE_SHA256_128 = ['ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256'];
const ECDHE_SHA1_128 = ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA'];
const ECDHE_GCM_256 = ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'];
const ECDHE_SHA384_256 = ['ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384'];
const ECDHE_SHA1_256 = ['ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES256-SHA'];
const RSA_TLS12 = ['AES128-GCM-SHA256', 'AES128-SHA256'];
const RSA_SHA1_128 = ['AES128-SHA'];
const RSA_TLS12_256 = ['AES256-GCM-SHA384', 'AES256-SHA256'];
const RSA_SHA1_256 = ['AES256-SHA'];

/** The ECDHE suites of every strength, in the guides' order. */
const ALL_ECDHE = [...ECDHE_GCM_128, ...ECDHE_SHA256_128, ...ECDHE_SHA1_128, ...ECDHE_GCM_256, ...ECDHE_SHA384_256, ...ECDHE_SHA1_256];
/** ELBSecurityPolicy-2016-08's 18 suites. */
const CLASSIC = [
  ...ECDHE_GCM_128, ...ECDHE_SHA256_128, ...ECDHE_SHA1_128, ...ECDHE_GCM_256, ...ECDHE_SHA384_256, ...ECDHE_SHA1_256,
  ...RSA_TLS12, ...RSA_SHA1_128, ...RSA_TLS12_256, ...RSA_SHA1_256,
];
const TLS12_ONLY = [...ECDHE_GCM_128, ...ECDHE_SHA256_128, ...ECDHE_GCM_256, ...ECDHE_SHA384_256];

const V10_12 = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
const V11_12 = ['TLSv1.1', 'TLSv1.2'];
const V12 = ['TLSv1.2'];
const V12_13 = ['TLSv1.2', 'TLSv1.3'];

const POLICIES: readonly [name: string, protocols: readonly string[], ciphers: readonly string[]][] = [
  ['ELBSecurityPolicy-2016-08', V10_12, CLASSIC],
  ['ELBSecurityPolicy-TLS13-1-2-2021-06', V12_13, [...TLS13, ...TLS12_ONLY]],
  ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', V12_13, [...TLS13, ...ECDHE_GCM_128, ...ECDHE_GCM_256]],
  ['ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', V12_13, [...TLS13, ...ECDHE_GCM_128, ...ECDHE_SHA256_128, ...RSA_TLS12, ...ECDHE_GCM_256, ...ECDHE_SHA384_256, ...RSA_TLS12_256]],
  ['ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', V12_13, [...TLS13, ...CLASSIC]],
  ['ELBSecurityPolicy-TLS13-1-1-2021-06', ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'], [...TLS13, ...CLASSIC]],
  ['ELBSecurityPolicy-TLS13-1-0-2021-06', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], [...TLS13, ...CLASSIC]],
  ['ELBSecurityPolicy-TLS13-1-3-2021-06', ['TLSv1.3'], TLS13],
  ['ELBSecurityPolicy-TLS-1-2-2017-01', V12, [...ECDHE_GCM_128, ...ECDHE_SHA256_128, ...ECDHE_GCM_256, ...ECDHE_SHA384_256, ...RSA_TLS12, ...RSA_TLS12_256]],
  ['ELBSecurityPolicy-TLS-1-1-2017-01', V11_12, CLASSIC],
  ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', V12, CLASSIC],
  ['ELBSecurityPolicy-FS-2018-06', V10_12, ALL_ECDHE],
  ['ELBSecurityPolicy-2015-05', V10_12, CLASSIC],
  ['ELBSecurityPolicy-TLS-1-0-2015-04', V10_12, [...CLASSIC, 'DES-CBC3-SHA']],
  ['ELBSecurityPolicy-FS-1-2-Res-2019-08', V12, TLS12_ONLY],
  ['ELBSecurityPolicy-FS-1-1-2019-08', V11_12, ALL_ECDHE],
  ['ELBSecurityPolicy-FS-1-2-2019-08', V12, ALL_ECDHE],
  ['ELBSecurityPolicy-FS-1-2-Res-2020-10', V12, [...ECDHE_GCM_128, ...ECDHE_GCM_256]],
];

const SUPPORTED_TYPES: readonly elbv2.LoadBalancerTypeEnum[] = ['application', 'network'];

export const SSL_POLICIES: readonly elbv2.SslPolicy[] = POLICIES.map(([name, protocols, ciphers]) => ({
  SslProtocols: [...protocols],
  Ciphers: ciphers.map((cipher, index) => ({ Name: cipher, Priority: index + 1 })),
  Name: name,
  SupportedLoadBalancerTypes: [...SUPPORTED_TYPES],
}));

const BY_NAME = new Map(SSL_POLICIES.map((policy) => [policy.Name as string, policy]));

export function findSslPolicy(name: string): elbv2.SslPolicy | undefined {
  return BY_NAME.get(name);
}

export function sslPoliciesFor(loadBalancerType: elbv2.LoadBalancerTypeEnum | undefined): elbv2.SslPolicy[] {
  return SSL_POLICIES.filter((policy) => loadBalancerType === undefined || (policy.SupportedLoadBalancerTypes ?? []).includes(loadBalancerType));
}
