import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { ServiceError } from '@elbow/query-protocol';
import type { RequestContext } from '@elbow/query-protocol';
import { createElbv2Service } from './create-elbv2-service.js';
import type { Elbv2OperationName, Elbv2Operations } from './handler-types.js';
import { CA_CERTIFICATE_1, CA_CERTIFICATE_2, CRL_WITH_3_ENTRIES, CRL_WITH_NO_ENTRIES } from './trust-store-test-fixtures.js';

const context: RequestContext = { requestId: 'r', accountId: '123456789012', region: 'us-east-1', now: new Date('2024-05-01T12:00:00.000Z') };
const objects = new Map<string, string>([
  ['certs/one.pem', CA_CERTIFICATE_1],
  ['certs/two.pem', CA_CERTIFICATE_1 + CA_CERTIFICATE_2],
  ['certs/garbage.pem', 'not a certificate'],
  ['crl/three.crl', CRL_WITH_3_ENTRIES],
  ['crl/none.crl', CRL_WITH_NO_ENTRIES],
]);

let store: Store;
let call: <Name extends Elbv2OperationName>(name: Name, input: Elbv2Operations[Name]['input']) => Elbv2Operations[Name]['output'];
function failure<Name extends Elbv2OperationName>(name: Name, input: Elbv2Operations[Name]['input']): ServiceError {
  try {
    call(name, input);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}
function snapshot() {
  return ['trust_stores', 'trust_store_revocations', 'tags'].map((table) => store.db.prepare(`SELECT * FROM ${table}`).all());
}

beforeEach(() => {
  store = openStore({ location: ':memory:' });
  let next = 0;
  const service = createElbv2Service({
    store,
    randomHex: (length) => (next += 1).toString(16).padStart(length, '0'),
    readS3Object: (bucket, key) => (bucket === 'my-bucket' && objects.has(key) ? Buffer.from(objects.get(key) as string) : undefined),
    adminBaseUrl: () => 'http://127.0.0.1:4566',
  });
  call = (name, input) => {
    const handler = service.handlers[name];
    if (handler === 'unbuilt') throw new Error(`${name} is unbuilt`);
    return handler(input, context) as Elbv2Operations[typeof name]['output'];
  };
});
afterEach(() => store.close());

function createTrustStore(name = 'my-trust-store', key = 'certs/two.pem') {
  const trustStore = call('CreateTrustStore', { Name: name, CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: key }).TrustStores?.[0];
  return trustStore?.TrustStoreArn as string;
}

describe('trust stores', () => {
  it('creates from an S3 bundle, counting its certificates, and describes by name, ARN and page', () => {
    const arn = createTrustStore();
    expect(arn).toBe('arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/my-trust-store/0000000000000001');
    const expected = { Name: 'my-trust-store', TrustStoreArn: arn, Status: 'ACTIVE', NumberOfCaCertificates: 2, TotalRevokedEntries: 0 };
    expect(call('DescribeTrustStores', { Names: ['my-trust-store'] }).TrustStores).toEqual([expected]);
    expect(call('DescribeTrustStores', { TrustStoreArns: [arn] }).TrustStores).toEqual([expected]);
    const second = createTrustStore('second', 'certs/one.pem');
    const page = call('DescribeTrustStores', { PageSize: 1 });
    expect(page.TrustStores).toEqual([expected]);
    expect(call('DescribeTrustStores', { PageSize: 1, Marker: page.NextMarker }).TrustStores?.[0]?.TrustStoreArn).toBe(second);
    expect(failure('DescribeTrustStores', { Names: ['nope'] }).code).toBe('TrustStoreNotFound');
  });

  it.each([
    [{ CaCertificatesBundleS3Key: 'certs/missing.pem' }, 'CaCertificatesBundleNotFound'],
    [{ CaCertificatesBundleS3Bucket: 'other-bucket' }, 'CaCertificatesBundleNotFound'],
    [{ CaCertificatesBundleS3Key: 'certs/garbage.pem' }, 'InvalidCaCertificatesBundle'],
  ])('refuses a bundle it cannot read, leaving nothing (%#)', (override, code) => {
    const before = snapshot();
    const error = failure('CreateTrustStore', { Name: 'ts', CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: 'certs/one.pem', Tags: [{ Key: 'k', Value: 'v' }], ...override });
    expect(error.code).toBe(code);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a second trust store of the same name', () => {
    createTrustStore();
    expect(failure('CreateTrustStore', { Name: 'my-trust-store', CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: 'certs/one.pem' }).code).toBe(
      'DuplicateTrustStoreName',
    );
  });

  it('modifies the bundle, serves its location, and deletes with its tags', () => {
    const arn = createTrustStore();
    expect(call('ModifyTrustStore', { TrustStoreArn: arn, CaCertificatesBundleS3Bucket: 'my-bucket', CaCertificatesBundleS3Key: 'certs/one.pem' }).TrustStores?.[0]?.NumberOfCaCertificates).toBe(1);
    expect(call('GetTrustStoreCaCertificatesBundle', { TrustStoreArn: arn }).Location).toBe(
      `http://127.0.0.1:4566/_elbow/trust-store-content?arn=${encodeURIComponent(arn)}`,
    );
    call('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'team', Value: 'edge' }] });
    expect(call('DeleteTrustStore', { TrustStoreArn: arn })).toEqual({});
    expect(store.db.prepare('SELECT count(*) FROM tags').pluck().get()).toBe(0);
    expect(failure('DeleteTrustStore', { TrustStoreArn: arn }).code).toBe('TrustStoreNotFound');
    expect(failure('DeleteTrustStore', { TrustStoreArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:truststore/x/0000000000000001' }).message).toBe(
      `'arn:aws:elasticloadbalancing:eu-west-1:123456789012:truststore/x/0000000000000001' is not a valid trust store ARN`,
    );
  });

  it('numbers revocation lists, counts their entries, filters, serves and removes them', () => {
    const arn = createTrustStore();
    const added = call('AddTrustStoreRevocations', {
      TrustStoreArn: arn,
      RevocationContents: [{ S3Bucket: 'my-bucket', S3Key: 'crl/three.crl' }, { S3Bucket: 'my-bucket', S3Key: 'crl/none.crl', RevocationType: 'CRL' }],
    });
    expect(added.TrustStoreRevocations).toEqual([
      { TrustStoreArn: arn, RevocationId: 1, RevocationType: 'CRL', NumberOfRevokedEntries: 3 },
      { TrustStoreArn: arn, RevocationId: 2, RevocationType: 'CRL', NumberOfRevokedEntries: 0 },
    ]);
    expect(call('DescribeTrustStores', { TrustStoreArns: [arn] }).TrustStores?.[0]?.TotalRevokedEntries).toBe(3);
    expect(call('DescribeTrustStoreRevocations', { TrustStoreArn: arn, RevocationIds: [2] }).TrustStoreRevocations).toEqual([added.TrustStoreRevocations?.[1]]);
    expect(call('GetTrustStoreRevocationContent', { TrustStoreArn: arn, RevocationId: 1 }).Location).toContain('&revocationId=1');
    expect(failure('GetTrustStoreRevocationContent', { TrustStoreArn: arn, RevocationId: 9 }).code).toBe('RevocationIdNotFound');
    const before = snapshot();
    expect(failure('RemoveTrustStoreRevocations', { TrustStoreArn: arn, RevocationIds: [1, 9] }).code).toBe('RevocationIdNotFound');
    expect(snapshot()).toEqual(before);
    call('RemoveTrustStoreRevocations', { TrustStoreArn: arn, RevocationIds: [1] });
    const next = call('AddTrustStoreRevocations', { TrustStoreArn: arn, RevocationContents: [{ S3Bucket: 'my-bucket', S3Key: 'crl/none.crl' }] });
    expect(next.TrustStoreRevocations?.[0]?.RevocationId).toBe(3);
    expect(call('DescribeTrustStoreRevocations', { TrustStoreArn: arn }).TrustStoreRevocations?.map((revocation) => revocation.RevocationId)).toEqual([2, 3]);
    expect(failure('AddTrustStoreRevocations', { TrustStoreArn: arn, RevocationContents: [{ S3Bucket: 'my-bucket', S3Key: 'certs/one.pem' }] }).code).toBe(
      'InvalidRevocationContent',
    );
    expect(failure('AddTrustStoreRevocations', { TrustStoreArn: arn, RevocationContents: [{ S3Bucket: 'my-bucket', S3Key: 'crl/missing' }] }).code).toBe(
      'RevocationContentNotFound',
    );
  });

  it('has no associations without listeners, and refuses to delete a same-account association', () => {
    const arn = createTrustStore();
    expect(call('DescribeTrustStoreAssociations', { TrustStoreArn: arn })).toEqual({ TrustStoreAssociations: [] });
    const lb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0000000000000009';
    expect(failure('DeleteSharedTrustStoreAssociation', { TrustStoreArn: arn, ResourceArn: lb }).code).toBe('DeleteAssociationSameAccount');
    const foreign = arn.replace('123456789012', '210987654321');
    expect(failure('DeleteSharedTrustStoreAssociation', { TrustStoreArn: foreign, ResourceArn: lb }).code).toBe('AssociationNotFound');
  });

  it('answers GetResourcePolicy without a policy for a trust store and ResourceNotFound otherwise', () => {
    const arn = createTrustStore();
    expect(call('GetResourcePolicy', { ResourceArn: arn })).toEqual({});
    expect(failure('GetResourcePolicy', { ResourceArn: arn.replace(/0001$/, '0fff') }).code).toBe('ResourceNotFound');
    expect(failure('GetResourcePolicy', { ResourceArn: 'nonsense' }).code).toBe('ResourceNotFound');
  });
});

describe('account limits', () => {
  it('lists the quotas of the aws-cli example as strings, paginated', () => {
    const all = call('DescribeAccountLimits', {});
    expect(all.Limits).toHaveLength(23);
    expect(all.Limits?.[0]).toEqual({ Name: 'target-groups', Max: '3000' });
    expect(all.Limits).toContainEqual({ Name: 'application-load-balancers', Max: '50' });
    const first = call('DescribeAccountLimits', { PageSize: 20 });
    const rest = call('DescribeAccountLimits', { PageSize: 20, Marker: first.NextMarker });
    expect([...(first.Limits ?? []), ...(rest.Limits ?? [])]).toEqual(all.Limits);
    expect(rest.NextMarker).toBeUndefined();
  });
});
