import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { RunningElbow } from 'elbow';

/** Where an emulator answers: a RunningElbow, or just the endpoint of an `elbow start` process. */
export type ElbowEndpoint = Pick<RunningElbow, 'endpoint'> & Partial<Pick<RunningElbow, 'region' | 'credentials'>>;

/** An EC2 client for the emulator, as an SDK user would build one. */
export function ec2ClientFor(elbow: ElbowEndpoint, region = elbow.region ?? 'us-east-1'): EC2Client {
  return new EC2Client({
    endpoint: elbow.endpoint,
    region,
    credentials: elbow.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/**
 * The default VPC of the emulator's account and region, read through the EC2 API as a user
 * would (every new account has one: 172.31.0.0/16), with its default subnets in zone order.
 */
export async function defaultVpc(elbow: ElbowEndpoint, region = elbow.region ?? 'us-east-1'): Promise<{ vpcId: string; subnetIds: string[] }> {
  const client = ec2ClientFor(elbow, region);
  try {
    const { Vpcs } = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const vpcId = Vpcs?.[0]?.VpcId;
    if (!vpcId) throw new Error('The emulator has no default VPC');
    const { Subnets } = await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    const subnets = [...(Subnets ?? [])].sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''));
    return { vpcId, subnetIds: subnets.map((subnet) => subnet.SubnetId ?? '') };
  } finally {
    client.destroy();
  }
}
