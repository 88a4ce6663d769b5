import type { Database } from 'better-sqlite3';
import { parseElbv2Arn } from './arn.js';
import { createTrustStoreRepository } from './trust-store-repository.js';

/**
 * The stored bytes behind GetTrustStoreCaCertificatesBundle / GetTrustStoreRevocationContent
 * `Location`s: a trust store's CA bundle (no revocation id) or one of its revocation lists. The
 * ARN names the account and region. Undefined when there is no such content.
 */
export function createTrustStoreContentReader(db: Database): (trustStoreArn: string, revocationId: number | undefined) => Buffer | undefined {
  const trustStores = createTrustStoreRepository(db);
  return (trustStoreArn, revocationId) => {
    const parsed = parseElbv2Arn(trustStoreArn);
    if (!parsed || parsed.kind !== 'truststore') return undefined;
    const scope = { accountId: parsed.accountId, region: parsed.region };
    return revocationId === undefined
      ? trustStores.bundleOf(scope, trustStoreArn)
      : trustStores.revocationContent(scope, trustStoreArn, revocationId);
  };
}
