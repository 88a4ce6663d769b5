/**
 * The Route 53 zone of classic load balancers' DNS names (`CanonicalHostedZoneNameID`), by region.
 * Classic and Application Load Balancers share one zone per region in the AWS General Reference
 * ELB endpoints table (https://docs.aws.amazon.com/general/latest/gr/elb.html), as
 * terraform-provider-aws transcribes it (`internal/service/elb/hosted_zone_id_data_source.go`).
 */
const HOSTED_ZONE_IDS: Readonly<Record<string, string>> = {
  'af-south-1': 'Z268VQBMOI5EKX',
  'ap-east-1': 'Z3DQVH9N71FHZ0',
  'ap-northeast-1': 'Z14GRHDCWA56QT',
  'ap-northeast-2': 'ZWKZPGTI48KDX',
  'ap-northeast-3': 'Z5LXEXXYW11ES',
  'ap-south-1': 'ZP97RAFLXTNZK',
  'ap-southeast-1': 'Z1LMS91P8CMLE5',
  'ap-southeast-2': 'Z1GM3OXH4ZPM65',
  'ca-central-1': 'ZQSVJUPU6J1EY',
  'cn-north-1': 'Z1GDH35T77C1KE',
  'cn-northwest-1': 'ZM7IZAIOVVDZF',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'eu-north-1': 'Z23TAZ6LKFMNIO',
  'eu-south-1': 'Z3ULH7SSC9OV64',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-west-2': 'ZHURV8PSTC4K8',
  'eu-west-3': 'Z3Q77PNBQS71R4',
  'me-south-1': 'ZS929ML54UICD',
  'sa-east-1': 'Z2P70J7HTTTPLU',
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-gov-east-1': 'Z166TLBEWOO7G0',
  'us-gov-west-1': 'Z33AYJ8TM3BH4J',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
};

/** Undefined for a region the table does not know (elbow invents no zone AWS has not published). */
export function classicHostedZoneId(region: string): string | undefined {
  return HOSTED_ZONE_IDS[region];
}

const MIN_NUMBER = 100_000_000; // 9 digits
const NUMBER_SPAN = 4_000_000_000; // up to 10 digits

/**
 * `<name>-<n>.<region>.elb.amazonaws.com`, `internal-` first for internal load balancers, `<n>` a
 * 9–10 digit number (aws-cli `create-load-balancer.rst`: `my-load-balancer-1234567890.us-west-2.elb.amazonaws.com`;
 * classic-elb.md §2). China regions end in `amazonaws.com.cn` (AWS convention, unverified here).
 */
export function classicDnsName(name: string, region: string, scheme: string, randomHex8: string): string {
  const number = MIN_NUMBER + (Number.parseInt(randomHex8, 16) % NUMBER_SPAN);
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${scheme === 'internal' ? 'internal-' : ''}${name}-${number}.${region}.elb.${suffix}`;
}
