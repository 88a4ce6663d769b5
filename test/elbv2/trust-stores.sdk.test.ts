import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AddTrustStoreRevocationsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTrustStoreCommand,
  DeleteSharedTrustStoreAssociationCommand,
  DeleteTrustStoreCommand,
  DescribeTagsCommand,
  DescribeTrustStoreAssociationsCommand,
  DescribeTrustStoreRevocationsCommand,
  DescribeTrustStoresCommand,
  GetResourcePolicyCommand,
  GetTrustStoreCaCertificatesBundleCommand,
  GetTrustStoreRevocationContentCommand,
  ModifyTrustStoreCommand,
  RemoveTrustStoreRevocationsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import * as fixtures from '../../packages/elbv2/src/trust-store-test-fixtures.js';

// The OpenSSL-made CA certificates and CRL the elbv2 unit tests use (not AWS data). elbow reads S3
// objects from <data-dir>/s3/<bucket>/<key> (emulator/src/s3-objects.ts).
const { CA_CERTIFICATE_1: CA_1, CA_CERTIFICATE_2: CA_2, CRL_WITH_3_ENTRIES: CRL_3 } = fixtures;

let harness: ElbowUnderTest;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'elbow-trust-stores-'));
  const put = (key: string, body: string) => {
    const path = join(dataDir, 's3', 'my-bucket', key);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, body);
  };
  put('bundles/one.pem', CA_1);
  put('bundles/two.pem', CA_1 + CA_2);
  put('bundles/garbage.pem', 'not a certificate');
  put('crl/revoked.crl', CRL_3);
  harness = await startElbowUnderTest({ dataDir });
});
afterEach(async () => {
  await harness.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function expectAwsError(promise: Promise<unknown>, name: string, message: string, status = 400): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name, message, $metadata: { httpStatusCode: status } });
}

async function createTrustStore(name = 'my-trust-store', key = 'bundles/two.pem'): Promise<string> {
  const { TrustStores = [] } = await harness.elbv2.send(
    new CreateTrustStoreCommand({ Name: name, CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: key, Tags: [{ Key: 'team', Value: 'edge' }] }),
  );
  return TrustStores[0]?.TrustStoreArn as string;
}

async function describeAll() {
  return (await harness.elbv2.send(new DescribeTrustStoresCommand({}))).TrustStores ?? [];
}

describe('trust stores through the SDK v3', () => {
  it('creates from an S3 bundle, describes it, and serves the stored bundle at its Location', async () => {
    const arn = await createTrustStore();
    expect(arn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore\/my-trust-store\/[0-9a-f]{16}$/);
    expect(await describeAll()).toEqual([{ Name: 'my-trust-store', TrustStoreArn: arn, Status: 'ACTIVE', NumberOfCaCertificates: 2, TotalRevokedEntries: 0 }]);
    expect((await harness.elbv2.send(new DescribeTrustStoresCommand({ Names: ['my-trust-store'] }))).TrustStores?.[0]?.TrustStoreArn).toBe(arn);
    expect((await harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }))).TagDescriptions?.[0]?.Tags).toEqual([{ Key: 'team', Value: 'edge' }]);
    const { Location } = await harness.elbv2.send(new GetTrustStoreCaCertificatesBundleCommand({ TrustStoreArn: arn }));
    expect(Location?.startsWith(harness.elbow.endpoint)).toBe(true);
    expect(await (await fetch(Location as string)).text()).toBe(CA_1 + CA_2);

    const modified = await harness.elbv2.send(
      new ModifyTrustStoreCommand({ TrustStoreArn: arn, CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: 'bundles/one.pem' }),
    );
    expect(modified.TrustStores?.[0]?.NumberOfCaCertificates).toBe(1);
    expect(await (await fetch(Location as string)).text()).toBe(CA_1);
  });

  it('answers AWS errors for missing and invalid bundles and duplicate names, creating nothing', async () => {
    await createTrustStore('existing');
    const before = await describeAll();
    await expectAwsError(
      harness.elbv2.send(new CreateTrustStoreCommand({ Name: 'ts', CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: 'bundles/missing.pem' })),
      'CaCertificatesBundleNotFoundException',
      'The specified ca certificate bundle does not exist: s3://my-bucket/bundles/missing.pem',
    );
    await expectAwsError(
      harness.elbv2.send(new CreateTrustStoreCommand({ Name: 'ts', CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: 'bundles/garbage.pem' })),
      'InvalidCaCertificatesBundleException',
      'The specified ca certificate bundle is in an invalid format',
    );
    await expectAwsError(
      harness.elbv2.send(new CreateTrustStoreCommand({ Name: 'existing', CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: 'bundles/one.pem' })),
      'DuplicateTrustStoreNameException',
      `A trust store with the same name 'existing' already exists`,
    );
    await expectAwsError(
      harness.elbv2.send(new DescribeTrustStoresCommand({ Names: ['nope'] })),
      'TrustStoreNotFoundException',
      'One or more trust stores not found',
    );
    expect(await describeAll()).toEqual(before);
  });

  it('adds, describes, serves and removes revocation lists', async () => {
    const arn = await createTrustStore();
    const added = await harness.elbv2.send(
      new AddTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationContents: [{ S3Bucket: 'my-bucket', S3Key: 'crl/revoked.crl', RevocationType: 'CRL' }] }),
    );
    expect(added.TrustStoreRevocations).toEqual([{ TrustStoreArn: arn, RevocationId: 1, RevocationType: 'CRL', NumberOfRevokedEntries: 3 }]);
    expect((await describeAll())[0]?.TotalRevokedEntries).toBe(3);
    expect((await harness.elbv2.send(new DescribeTrustStoreRevocationsCommand({ TrustStoreArn: arn }))).TrustStoreRevocations).toEqual(added.TrustStoreRevocations);
    const { Location } = await harness.elbv2.send(new GetTrustStoreRevocationContentCommand({ TrustStoreArn: arn, RevocationId: 1 }));
    expect(await (await fetch(Location as string)).text()).toBe(CRL_3);
    await expectAwsError(
      harness.elbv2.send(new RemoveTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationIds: [1, 7] })),
      'RevocationIdNotFoundException',
      'One or more revocation IDs not found: 7',
    );
    await expectAwsError(
      harness.elbv2.send(new AddTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationContents: [{ S3Bucket: 'my-bucket', S3Key: 'bundles/one.pem' }] })),
      'InvalidRevocationContentException',
      'The specified revocation file is not a valid certificate revocation list: s3://my-bucket/bundles/one.pem',
    );
    expect((await harness.elbv2.send(new DescribeTrustStoreRevocationsCommand({ TrustStoreArn: arn }))).TrustStoreRevocations).toHaveLength(1);
    await harness.elbv2.send(new RemoveTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationIds: [1] }));
    expect((await harness.elbv2.send(new DescribeTrustStoreRevocationsCommand({ TrustStoreArn: arn }))).TrustStoreRevocations).toEqual([]);
    expect((await describeAll())[0]?.TotalRevokedEntries).toBe(0);
  });

  it('lists the load balancers whose listeners use it, and refuses deletion while one does', async () => {
    const arn = await createTrustStore();
    const ec2 = new EC2Client({ endpoint: harness.elbow.endpoint, region: harness.elbow.region, credentials: harness.elbow.credentials, maxAttempts: 1 });
    const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({}));
    ec2.destroy();
    const lb = (await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: 'my-alb', Subnets: Subnets.slice(0, 2).map((subnet) => subnet.SubnetId as string) })))
      .LoadBalancers?.[0]?.LoadBalancerArn as string;
    await harness.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb,
        Protocol: 'HTTPS',
        Port: 443,
        Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/3dcb0a41-bd72-4774-9ad9-756919c40557' }],
        MutualAuthentication: { Mode: 'verify', TrustStoreArn: arn },
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      }),
    );
    expect((await harness.elbv2.send(new DescribeTrustStoreAssociationsCommand({ TrustStoreArn: arn }))).TrustStoreAssociations).toEqual([{ ResourceArn: lb }]);
    await expectAwsError(
      harness.elbv2.send(new DeleteTrustStoreCommand({ TrustStoreArn: arn })),
      'TrustStoreInUseException',
      `Trust store '${arn}' is currently in use by a listener`,
    );
    await expectAwsError(
      harness.elbv2.send(new DeleteSharedTrustStoreAssociationCommand({ TrustStoreArn: arn, ResourceArn: lb })),
      'DeleteAssociationSameAccountException',
      'The specified association cannot be deleted because the trust store and the resource belong to the same account',
    );
    expect(await describeAll()).toHaveLength(1);
  });

  it('deletes a trust store with its tags; GetResourcePolicy has no policy for it and no resource after', async () => {
    const arn = await createTrustStore();
    expect((await harness.elbv2.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy).toBeUndefined();
    await harness.elbv2.send(new DeleteTrustStoreCommand({ TrustStoreArn: arn }));
    expect(await describeAll()).toEqual([]);
    await expectAwsError(
      harness.elbv2.send(new GetResourcePolicyCommand({ ResourceArn: arn })),
      'ResourceNotFoundException',
      `The specified resource does not exist: '${arn}'`,
    );
    await expectAwsError(harness.elbv2.send(new DeleteTrustStoreCommand({ TrustStoreArn: arn })), 'TrustStoreNotFoundException', 'One or more trust stores not found');
  });
});
