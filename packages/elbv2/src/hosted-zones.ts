import type { elbv2 } from '@elbow/api-models';

/**
 * The Route 53 hosted zone of a load balancer's DNS name (`CanonicalHostedZoneId`), by region and
 * type. Source for every row: the AWS General Reference ELB endpoints table
 * (https://docs.aws.amazon.com/general/latest/gr/elb.html), as transcribed in
 * hashicorp/terraform-provider-aws `internal/service/elbv2/hosted_zone_id_data_source.go`
 * (`HostedZoneIdPerRegionALBMap`, `HostedZoneIdPerRegionNLBMap`); elbv2-validation.md §6 [T1].
 * Gateway Load Balancers have no DNS name and so no zone (aws-cli `create-load-balancer.rst`
 * Example 4 shows neither).
 */
const HOSTED_ZONES: Readonly<Record<string, { application: string; network: string }>> = {
  'af-south-1': { application: 'Z268VQBMOI5EKX', network: 'Z203XCE67M25HM' },
  'ap-east-1': { application: 'Z3DQVH9N71FHZ0', network: 'Z12Y7K3UBGUAD1' },
  'ap-northeast-1': { application: 'Z14GRHDCWA56QT', network: 'Z31USIVHYNEOWT' },
  'ap-northeast-2': { application: 'ZWKZPGTI48KDX', network: 'ZIBE1TIR4HY56' },
  'ap-northeast-3': { application: 'Z5LXEXXYW11ES', network: 'Z1GWIQ4HH19I5X' },
  'ap-south-1': { application: 'ZP97RAFLXTNZK', network: 'ZVDDRBQ08TROA' },
  'ap-south-2': { application: 'Z0173938T07WNTVAEPZN', network: 'Z0711778386UTO08407HT' },
  'ap-southeast-1': { application: 'Z1LMS91P8CMLE5', network: 'ZKVM4W9LS7TM' },
  'ap-southeast-2': { application: 'Z1GM3OXH4ZPM65', network: 'ZCT6FZBF4DROD' },
  'ap-southeast-3': { application: 'Z08888821HLRG5A9ZRTER', network: 'Z01971771FYVNCOVWJU1G' },
  'ca-central-1': { application: 'ZQSVJUPU6J1EY', network: 'Z2EPGBW3API2WT' },
  'cn-north-1': { application: 'Z1GDH35T77C1KE', network: 'Z3QFB96KMJ7ED6' },
  'cn-northwest-1': { application: 'ZM7IZAIOVVDZF', network: 'ZQEIKTCZ8352D' },
  'eu-central-1': { application: 'Z215JYRZR1TBD5', network: 'Z3F0SRJ5LGBH90' },
  'eu-central-2': { application: 'Z06391101F2ZOEP8P5EB3', network: 'Z02239872DOALSIDCX66S' },
  'eu-north-1': { application: 'Z23TAZ6LKFMNIO', network: 'Z1UDT6IFJ4EJM' },
  'eu-south-1': { application: 'Z3ULH7SSC9OV64', network: 'Z23146JA1KNAFP' },
  'eu-south-2': { application: 'Z0956581394HF5D5LXGAP', network: 'Z1011216NVTVYADP1SSV' },
  'eu-west-1': { application: 'Z32O12XQLNTSW2', network: 'Z2IFOLAFXWLO4F' },
  'eu-west-2': { application: 'ZHURV8PSTC4K8', network: 'ZD4D7Y8KGAS4G' },
  'eu-west-3': { application: 'Z3Q77PNBQS71R4', network: 'Z1CMS0P5QUZ6D5' },
  'me-central-1': { application: 'Z08230872XQRWHG2XF6I', network: 'Z00282643NTTLPANJJG2P' },
  'me-south-1': { application: 'ZS929ML54UICD', network: 'Z3QSRYVP46NYYV' },
  'sa-east-1': { application: 'Z2P70J7HTTTPLU', network: 'ZTK26PT1VY4CU' },
  'us-east-1': { application: 'Z35SXDOTRQ7X7K', network: 'Z26RNL4JYFTOTI' },
  'us-east-2': { application: 'Z3AADJGX6KTTL2', network: 'ZLMOA37VPKANP' },
  'us-gov-east-1': { application: 'Z166TLBEWOO7G0', network: 'Z1ZSMQQ6Q24QQ8' },
  'us-gov-west-1': { application: 'Z33AYJ8TM3BH4J', network: 'ZMG1MZ2THAWF1' },
  'us-west-1': { application: 'Z368ELLRRE2KJ0', network: 'Z24FKFUX50B4VW' },
  'us-west-2': { application: 'Z1H1FL5HABSF5', network: 'Z18D5FSROUN65G' },
};

/**
 * The zone for a load balancer; undefined for a gateway load balancer, or for a region the table
 * does not know (elbow serves any region name a client signs for; it invents no zone for one
 * AWS has not published).
 */
export function canonicalHostedZoneId(region: string, type: elbv2.LoadBalancerTypeEnum): string | undefined {
  if (type === 'gateway') return undefined;
  return HOSTED_ZONES[region]?.[type];
}
