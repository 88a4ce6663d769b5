/**
 * The availability zones a new account sees per region, with their zone ids.
 *
 * Source: "AZ IDs" in the AWS Regions and Availability Zones guide
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)
 * and the AWS RAM guide "Availability Zone IDs for your AWS resources". AWS maps zone names to
 * zone ids per account; elbow uses one fixed mapping (names in letter order, ids as listed there),
 * which is all a single local account can observe. us-east-1 has six zones, us-west-2 and
 * ap-northeast-2 four, us-west-1 two, most regions three.
 */
export interface AvailabilityZone {
  readonly zoneName: string;
  readonly zoneId: string;
}

type ZoneRow = readonly (readonly [letter: string, zoneId: string])[];

const ZONES_BY_REGION: Readonly<Record<string, ZoneRow>> = {
  'us-east-1': [['a', 'use1-az1'], ['b', 'use1-az2'], ['c', 'use1-az4'], ['d', 'use1-az6'], ['e', 'use1-az3'], ['f', 'use1-az5']],
  'us-east-2': [['a', 'use2-az1'], ['b', 'use2-az2'], ['c', 'use2-az3']],
  'us-west-1': [['a', 'usw1-az1'], ['c', 'usw1-az3']],
  'us-west-2': [['a', 'usw2-az1'], ['b', 'usw2-az2'], ['c', 'usw2-az3'], ['d', 'usw2-az4']],
  'ca-central-1': [['a', 'cac1-az1'], ['b', 'cac1-az2'], ['d', 'cac1-az4']],
  'sa-east-1': [['a', 'sae1-az1'], ['b', 'sae1-az2'], ['c', 'sae1-az3']],
  'eu-west-1': [['a', 'euw1-az1'], ['b', 'euw1-az2'], ['c', 'euw1-az3']],
  'eu-west-2': [['a', 'euw2-az2'], ['b', 'euw2-az3'], ['c', 'euw2-az1']],
  'eu-west-3': [['a', 'euw3-az1'], ['b', 'euw3-az2'], ['c', 'euw3-az3']],
  'eu-central-1': [['a', 'euc1-az2'], ['b', 'euc1-az3'], ['c', 'euc1-az1']],
  'eu-north-1': [['a', 'eun1-az1'], ['b', 'eun1-az2'], ['c', 'eun1-az3']],
  'ap-south-1': [['a', 'aps1-az1'], ['b', 'aps1-az3'], ['c', 'aps1-az2']],
  'ap-northeast-1': [['a', 'apne1-az4'], ['c', 'apne1-az1'], ['d', 'apne1-az2']],
  'ap-northeast-2': [['a', 'apne2-az1'], ['b', 'apne2-az2'], ['c', 'apne2-az3'], ['d', 'apne2-az4']],
  'ap-southeast-1': [['a', 'apse1-az1'], ['b', 'apse1-az2'], ['c', 'apse1-az3']],
  'ap-southeast-2': [['a', 'apse2-az1'], ['b', 'apse2-az3'], ['c', 'apse2-az2']],
};

/** Regions not in the table (elbow accepts any region name) get three zones a–c. */
const FALLBACK: ZoneRow = [['a', 'az1'], ['b', 'az2'], ['c', 'az3']];

export function availabilityZonesOf(region: string): AvailabilityZone[] {
  const known = ZONES_BY_REGION[region];
  if (known) return known.map(([letter, zoneId]) => ({ zoneName: `${region}${letter}`, zoneId }));
  return FALLBACK.map(([letter, suffix]) => ({ zoneName: `${region}${letter}`, zoneId: `${region}-${suffix}` }));
}

export function findAvailabilityZone(region: string, zoneNameOrId: string): AvailabilityZone | undefined {
  return availabilityZonesOf(region).find((zone) => zone.zoneName === zoneNameOrId || zone.zoneId === zoneNameOrId);
}
