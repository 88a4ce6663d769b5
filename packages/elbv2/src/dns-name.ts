import { createHash } from 'node:crypto';
import type { elbv2 } from '@elbow/api-models';

/**
 * A load balancer's DNS name (elbv2-validation.md §6; aws-cli `create-load-balancer.rst`):
 * - ALB: `<name>-<n>.<region>.elb.amazonaws.com`, `<n>` a 9–10 digit decimal number, with an
 *   `internal-` prefix for internal ones;
 * - NLB: `<name>-<id16>.elb.<region>.amazonaws.com`, `<id16>` the ARN's id
 *   (`my-network-load-balancer-5d1b75f4f1cee11e` beside `.../net/my-network-load-balancer/5d1b75f4f1cee11e`).
 *   An internal NLB gets no `internal-` prefix (unverified: no internal NLB example was found);
 * - GWLB: none (Example 4 shows no DNSName).
 * The name keeps its case (§4 [G17]). China regions end in `amazonaws.com.cn` (standard AWS
 * convention, unverified here).
 */
export interface DnsNameInput {
  readonly type: elbv2.LoadBalancerTypeEnum;
  readonly scheme: elbv2.LoadBalancerSchemeEnum;
  readonly name: string;
  readonly region: string;
  /** The 16 hex characters of the load balancer's ARN. */
  readonly id: string;
  /** 8 random hex characters, the source of an ALB's number. */
  readonly randomHex8: string;
}

const MIN_ALB_NUMBER = 100_000_000; // 9 digits
const ALB_NUMBER_SPAN = 4_000_000_000; // up to 4 099 999 999: 10 digits

export function loadBalancerDnsName(input: DnsNameInput): string | undefined {
  const suffix = input.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  switch (input.type) {
    case 'application': {
      const number = MIN_ALB_NUMBER + (Number.parseInt(input.randomHex8, 16) % ALB_NUMBER_SPAN);
      const prefix = input.scheme === 'internal' ? 'internal-' : '';
      return `${prefix}${input.name}-${number}.${input.region}.elb.${suffix}`;
    }
    case 'network':
      return `${input.name}-${input.id}.elb.${input.region}.${suffix}`;
    case 'gateway':
      return undefined;
  }
}

/**
 * The 8 hex characters of an ALB's DNS number when elbow runs with `--seed`: a digest of the
 * seed, account, region and name, so the same setup gets the same DNS names on every start, in
 * whatever order its load balancers are created (a compose file can list them as network
 * aliases). AWS's numbers are random; these are shaped the same (dns-name above).
 */
export function seededAlbDnsHex(seed: number): (accountId: string, region: string, name: string) => string {
  return (accountId, region, name) => createHash('sha256').update(`${seed}\n${accountId}\n${region}\n${name}`).digest('hex').slice(0, 8);
}
