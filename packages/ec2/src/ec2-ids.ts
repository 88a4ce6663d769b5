/**
 * EC2's resource id formats: a prefix, a dash and 17 lowercase hex characters (the "longer
 * format" every resource type uses since 2018: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html).
 */
export type Ec2IdPrefix = 'vpc' | 'subnet' | 'sg' | 'i' | 'r';

export const EC2_ID_HEX_LENGTH = 17;

export function newEc2Id(prefix: Ec2IdPrefix, randomHex: (length: number) => string): string {
  return `${prefix}-${randomHex(EC2_ID_HEX_LENGTH)}`;
}
