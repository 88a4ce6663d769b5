import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { isArnInScope, parseElbv2Arn, partitionOf } from './arn.js';
import { elbv2Errors } from './elbv2-errors.js';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import { decodeMarker, DEFAULT_PAGE_SIZE, encodeMarker, pageOf } from './pagination.js';
import type { Scope } from './scope.js';
import type { TagRepository } from './tag-repository.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';
import { countCaCertificates, countRevokedEntries } from './trust-store-content.js';
import type { NewRevocation, TrustStoreRecord, TrustStoreRepository } from './trust-store-repository.js';

/** Reads an S3 object's bytes; undefined when there is no such object. */
export type ReadS3Object = (bucket: string, key: string, versionId: string | undefined) => Buffer | undefined;

/** Where elbow serves a trust store's stored bytes (the emulator's admin API; see trustStoreContentPath). */
export type ContentLocation = (trustStoreArn: string, revocationId: number | undefined) => string;

export interface TrustStoreHandlerDependencies {
  readonly trustStores: TrustStoreRepository;
  readonly tags: TagRepository;
  readonly readS3Object: ReadS3Object;
  readonly contentLocation: ContentLocation;
  readonly randomHex: (length: number) => string;
  readonly clock: (() => Date) | undefined;
}

/**
 * "Trust stores per account: 100" and "Revocation entries per trust store" (ALB guide quotas
 * page, "Trust stores"); neither was re-read here: unverified.
 */
export const MAX_TRUST_STORES = 100;
export const MAX_REVOKED_ENTRIES_PER_TRUST_STORE = 500_000;
const TRUST_STORE_ID_LENGTH = 16;

/** The admin-API path that serves a trust store's bundle (no revocation id) or one revocation list. */
export function trustStoreContentPath(trustStoreArn: string, revocationId: number | undefined): string {
  const query = `arn=${encodeURIComponent(trustStoreArn)}${revocationId !== undefined ? `&revocationId=${revocationId}` : ''}`;
  return `/_elbow/trust-store-content?${query}`;
}

export type TrustStoreMutationName =
  | 'CreateTrustStore'
  | 'ModifyTrustStore'
  | 'DeleteTrustStore'
  | 'AddTrustStoreRevocations'
  | 'RemoveTrustStoreRevocations'
  | 'DeleteSharedTrustStoreAssociation';
export type TrustStoreQueryName =
  | 'DescribeTrustStores'
  | 'DescribeTrustStoreRevocations'
  | 'DescribeTrustStoreAssociations'
  | 'GetTrustStoreCaCertificatesBundle'
  | 'GetTrustStoreRevocationContent';

export function trustStoreMutations(deps: TrustStoreHandlerDependencies): SyncHandlers<TrustStoreMutationName> {
  const { trustStores, tags } = deps;

  /** The bundle's bytes and certificate count, or AWS's error for a missing or unreadable bundle (wording unverified). */
  function readBundle(bucket: string, key: string, versionId: string | undefined): { bundle: Buffer; count: number } {
    const bundle = deps.readS3Object(bucket, key, versionId);
    if (!bundle) {
      throw new ServiceError('CaCertificatesBundleNotFound', `The specified ca certificate bundle does not exist: s3://${bucket}/${key}`);
    }
    const count = countCaCertificates(bundle);
    if (count === undefined) throw new ServiceError('InvalidCaCertificatesBundle', 'The specified ca certificate bundle is in an invalid format');
    return { bundle, count };
  }

  return {
    CreateTrustStore(input, context) {
      const scope = scopeOf(context);
      const newTags = input.Tags ?? [];
      assertValidNewTags(newTags);
      assertTagQuota([], newTags);
      if (trustStores.findByName(scope, input.Name)) {
        // Wording unverified (by analogy with the load balancer message, which names the resource).
        throw new ServiceError('DuplicateTrustStoreName', `A trust store with the same name '${input.Name}' already exists`);
      }
      if (trustStores.count(scope) >= MAX_TRUST_STORES) {
        throw new ServiceError('TooManyTrustStores', `You've reached the limit on the number of trust stores for your AWS account.`);
      }
      const { bundle, count } = readBundle(input.CaCertificatesBundleS3Bucket, input.CaCertificatesBundleS3Key, input.CaCertificatesBundleS3ObjectVersion);
      const arn = `arn:${partitionOf(scope.region)}:elasticloadbalancing:${scope.region}:${scope.accountId}:truststore/${input.Name}/${deps.randomHex(TRUST_STORE_ID_LENGTH)}`;
      const created = trustStores.insert(scope, {
        arn,
        name: input.Name,
        bundle,
        numberOfCaCertificates: count,
        createdAt: (deps.clock?.() ?? context.now).toISOString(),
      });
      tags.put(scope, arn, newTags);
      return { TrustStores: [toTrustStoreOutput(created)] };
    },

    ModifyTrustStore(input, context) {
      const scope = scopeOf(context);
      const trustStore = findTrustStore(trustStores, scope, input.TrustStoreArn);
      const { bundle, count } = readBundle(input.CaCertificatesBundleS3Bucket, input.CaCertificatesBundleS3Key, input.CaCertificatesBundleS3ObjectVersion);
      trustStores.replaceBundle(scope, trustStore.arn, bundle, count);
      return { TrustStores: [toTrustStoreOutput({ ...trustStore, numberOfCaCertificates: count })] };
    },

    DeleteTrustStore(input, context) {
      const scope = scopeOf(context);
      const trustStore = findTrustStore(trustStores, scope, input.TrustStoreArn);
      if (trustStores.associatedLoadBalancers(scope, trustStore.arn).length > 0) {
        // Wording unverified.
        throw new ServiceError('TrustStoreInUse', `Trust store '${trustStore.arn}' is currently in use by a listener`);
      }
      trustStores.delete(scope, trustStore.arn);
      tags.removeAll(scope, trustStore.arn);
      return {};
    },

    AddTrustStoreRevocations(input, context) {
      const scope = scopeOf(context);
      const trustStore = findTrustStore(trustStores, scope, input.TrustStoreArn);
      const revocations: NewRevocation[] = (input.RevocationContents ?? []).map((revocation) => {
        const bucket = revocation.S3Bucket ?? '';
        const key = revocation.S3Key ?? '';
        const content = deps.readS3Object(bucket, key, revocation.S3ObjectVersion);
        // Wording unverified.
        if (!content) throw new ServiceError('RevocationContentNotFound', `The specified revocation file does not exist: s3://${bucket}/${key}`);
        const numberOfRevokedEntries = countRevokedEntries(content);
        if (numberOfRevokedEntries === undefined) {
          throw new ServiceError('InvalidRevocationContent', `The specified revocation file is not a valid certificate revocation list: s3://${bucket}/${key}`);
        }
        return { revocationType: revocation.RevocationType ?? 'CRL', content, numberOfRevokedEntries };
      });
      const added = revocations.reduce((sum, revocation) => sum + revocation.numberOfRevokedEntries, 0);
      if (trustStore.totalRevokedEntries + added > MAX_REVOKED_ENTRIES_PER_TRUST_STORE) {
        throw new ServiceError(
          'TooManyTrustStoreRevocationEntries',
          `The specified trust store has too many revocation entries; the limit is ${MAX_REVOKED_ENTRIES_PER_TRUST_STORE}`,
        );
      }
      const stored = trustStores.addRevocations(scope, trustStore.arn, revocations);
      return { TrustStoreRevocations: stored.map((revocation) => toRevocationOutput(trustStore.arn, revocation)) };
    },

    RemoveTrustStoreRevocations(input, context) {
      const scope = scopeOf(context);
      const trustStore = findTrustStore(trustStores, scope, input.TrustStoreArn);
      assertRevocationsExist(trustStores, scope, trustStore.arn, input.RevocationIds);
      trustStores.removeRevocations(scope, trustStore.arn, input.RevocationIds);
      return {};
    },

    /**
     * elbow has no RAM: a trust store is only ever used by listeners of its own account, so there
     * is never a shared association to delete. A trust store of the caller's account answers
     * DeleteAssociationSameAccount (the model: "the association can't be deleted because the
     * trust store and resource are owned by the same account"); one of another account answers
     * AssociationNotFound. Wordings unverified.
     */
    DeleteSharedTrustStoreAssociation(input, context) {
      const scope = scopeOf(context);
      const parsed = parseElbv2Arn(input.TrustStoreArn);
      if (!parsed || parsed.kind !== 'truststore') throw elbv2Errors.invalidTrustStoreArn(input.TrustStoreArn);
      if (parsed.accountId === scope.accountId && parsed.region === scope.region) {
        findTrustStore(trustStores, scope, input.TrustStoreArn);
        throw new ServiceError(
          'DeleteAssociationSameAccount',
          'The specified association cannot be deleted because the trust store and the resource belong to the same account',
        );
      }
      throw new ServiceError('AssociationNotFound', `No association found between trust store '${input.TrustStoreArn}' and resource '${input.ResourceArn}'`);
    },
  };
}

export function trustStoreQueries(deps: TrustStoreHandlerDependencies): SyncHandlers<TrustStoreQueryName> {
  const { trustStores } = deps;
  return {
    DescribeTrustStores(input, context) {
      const scope = scopeOf(context);
      const arns = input.TrustStoreArns ?? [];
      const names = input.Names ?? [];
      if (arns.length > 0 && names.length > 0) {
        // Wording unverified.
        throw validationError('Trust store names and trust store ARNs cannot be specified at the same time');
      }
      if (arns.length > 0 || names.length > 0) {
        const found =
          arns.length > 0
            ? arns.map((arn) => findTrustStore(trustStores, scope, arn))
            : names.map((name) => {
                const trustStore = trustStores.findByName(scope, name);
                if (!trustStore) throw elbv2Errors.trustStoreNotFound();
                return trustStore;
              });
        const unique = [...new Map(found.map((trustStore) => [trustStore.seq, trustStore])).values()].sort((a, b) => a.seq - b.seq);
        const page = pageOf(unique, input.Marker, input.PageSize);
        return { TrustStores: page.items.map(toTrustStoreOutput), ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) };
      }
      const pageSize = input.PageSize ?? DEFAULT_PAGE_SIZE;
      const rows = trustStores.listAfter(scope, decodeMarker(input.Marker), pageSize + 1);
      const items = rows.slice(0, pageSize);
      const last = items[items.length - 1];
      return {
        TrustStores: items.map(toTrustStoreOutput),
        ...(rows.length > pageSize && last ? { NextMarker: encodeMarker(last.seq) } : {}),
      };
    },

    DescribeTrustStoreRevocations(input, context) {
      const scope = scopeOf(context);
      const trustStore = findTrustStore(trustStores, scope, input.TrustStoreArn);
      let revocations = trustStores.listRevocations(scope, trustStore.arn);
      if (input.RevocationIds?.length) {
        assertRevocationsExist(trustStores, scope, trustStore.arn, input.RevocationIds);
        const wanted = new Set(input.RevocationIds);
        revocations = revocations.filter((revocation) => wanted.has(revocation.seq));
      }
      const page = pageOf(revocations, input.Marker, input.PageSize);
      return {
        TrustStoreRevocations: page.items.map((revocation) => toRevocationOutput(trustStore.arn, revocation)),
        ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
      };
    },

    /** The load balancers whose listeners use the trust store (TrustStoreAssociation.ResourceArn). */
    DescribeTrustStoreAssociations(input, context) {
      const scope = scopeOf(context);
      const trustStore = findTrustStore(trustStores, scope, input.TrustStoreArn);
      const associations = trustStores.associatedLoadBalancers(scope, trustStore.arn).map((arn, index) => ({ seq: index + 1, arn }));
      const page = pageOf(associations, input.Marker, input.PageSize);
      return {
        TrustStoreAssociations: page.items.map(({ arn }) => ({ ResourceArn: arn })),
        ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
      };
    },

    GetTrustStoreCaCertificatesBundle(input, context) {
      const trustStore = findTrustStore(trustStores, scopeOf(context), input.TrustStoreArn);
      return { Location: deps.contentLocation(trustStore.arn, undefined) };
    },

    GetTrustStoreRevocationContent(input, context) {
      const scope = scopeOf(context);
      const trustStore = findTrustStore(trustStores, scope, input.TrustStoreArn);
      assertRevocationsExist(trustStores, scope, trustStore.arn, [input.RevocationId]);
      return { Location: deps.contentLocation(trustStore.arn, input.RevocationId) };
    },
  };
}

/** The trust store an ARN names in the caller's scope: ValidationError when it cannot name one here, else TrustStoreNotFound. */
export function findTrustStore(trustStores: TrustStoreRepository, scope: Scope, arn: string): TrustStoreRecord {
  if (!isArnInScope(arn, 'truststore', scope)) throw elbv2Errors.invalidTrustStoreArn(arn);
  const trustStore = trustStores.findByArn(scope, arn);
  if (!trustStore) throw elbv2Errors.trustStoreNotFound();
  return trustStore;
}

function assertRevocationsExist(trustStores: TrustStoreRepository, scope: Scope, arn: string, ids: readonly number[]): void {
  const known = new Set(trustStores.listRevocations(scope, arn).map((revocation) => revocation.seq));
  const missing = ids.filter((id) => !known.has(id));
  // Wording unverified (by analogy with "One or more … not found").
  if (missing.length > 0) throw new ServiceError('RevocationIdNotFound', `One or more revocation IDs not found: ${missing.join(', ')}`);
}

/**
 * elbow reads the bundle synchronously, so a trust store is `ACTIVE` from the start (the model's
 * `TrustStoreStatus` also has `CREATING`, which elbow never reports).
 */
function toTrustStoreOutput(trustStore: TrustStoreRecord): elbv2.TrustStore {
  return {
    Name: trustStore.name,
    TrustStoreArn: trustStore.arn,
    Status: 'ACTIVE',
    NumberOfCaCertificates: trustStore.numberOfCaCertificates,
    TotalRevokedEntries: trustStore.totalRevokedEntries,
  };
}

function toRevocationOutput(arn: string, revocation: { seq: number; revocationType: 'CRL'; numberOfRevokedEntries: number }): elbv2.TrustStoreRevocation {
  return {
    TrustStoreArn: arn,
    RevocationId: revocation.seq,
    RevocationType: revocation.revocationType,
    NumberOfRevokedEntries: revocation.numberOfRevokedEntries,
  };
}
