import type { Database } from 'better-sqlite3';
import type { Scope } from './scope.js';

/** A stored trust store. `seq` orders trust stores by creation. */
export interface TrustStoreRecord {
  readonly seq: number;
  readonly arn: string;
  readonly name: string;
  readonly numberOfCaCertificates: number;
  /** The sum of NumberOfRevokedEntries over its revocation lists. */
  readonly totalRevokedEntries: number;
  readonly createdAt: string;
}

export interface TrustStoreRevocationRecord {
  /** The revocation id; ids give the order. */
  readonly seq: number;
  readonly revocationType: 'CRL';
  readonly numberOfRevokedEntries: number;
}

export interface NewRevocation {
  readonly revocationType: 'CRL';
  readonly content: Buffer;
  readonly numberOfRevokedEntries: number;
}

const COLUMNS = `t.seq, t.arn, t.name, t.number_of_ca_certificates,
  (SELECT coalesce(sum(r.number_of_revoked_entries), 0) FROM trust_store_revocations r
   WHERE r.account_id = t.account_id AND r.region = t.region AND r.trust_store_arn = t.arn),
  t.created_at`;
type TrustStoreRow = [seq: number, arn: string, name: string, numberOfCaCertificates: number, totalRevokedEntries: number, createdAt: string];

export interface TrustStoreRepository {
  insert(scope: Scope, store: { arn: string; name: string; bundle: Buffer; numberOfCaCertificates: number; createdAt: string }): TrustStoreRecord;
  findByArn(scope: Scope, arn: string): TrustStoreRecord | undefined;
  findByName(scope: Scope, name: string): TrustStoreRecord | undefined;
  listAfter(scope: Scope, afterSeq: number, limit: number): TrustStoreRecord[];
  count(scope: Scope): number;
  replaceBundle(scope: Scope, arn: string, bundle: Buffer, numberOfCaCertificates: number): void;
  bundleOf(scope: Scope, arn: string): Buffer | undefined;
  /** Deletes the trust store with its revocations; false when there was none. */
  delete(scope: Scope, arn: string): boolean;
  /** Adds revocation lists under the next ids (1, 2, ... per trust store, never reused) and returns them. */
  addRevocations(scope: Scope, arn: string, revocations: readonly NewRevocation[]): TrustStoreRevocationRecord[];
  listRevocations(scope: Scope, arn: string): TrustStoreRevocationRecord[];
  revocationContent(scope: Scope, arn: string, revocationId: number): Buffer | undefined;
  removeRevocations(scope: Scope, arn: string, revocationIds: readonly number[]): void;
  /** The load balancers with a listener that uses the trust store (migration 004's `listeners.trust_store_arn`), in listener order. */
  associatedLoadBalancers(scope: Scope, arn: string): string[];
}

export function createTrustStoreRepository(db: Database): TrustStoreRepository {
  const insert = db.prepare(`
    INSERT INTO trust_stores (account_id, region, arn, name, ca_certificates_bundle, number_of_ca_certificates, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const selectByArn = db
    .prepare<[string, string, string], TrustStoreRow>(`SELECT ${COLUMNS} FROM trust_stores t WHERE t.account_id = ? AND t.region = ? AND t.arn = ?`)
    .raw();
  const selectByName = db
    .prepare<[string, string, string], TrustStoreRow>(`SELECT ${COLUMNS} FROM trust_stores t WHERE t.account_id = ? AND t.region = ? AND t.name = ?`)
    .raw();
  const selectAfter = db
    .prepare<[string, string, number, number], TrustStoreRow>(
      `SELECT ${COLUMNS} FROM trust_stores t WHERE t.account_id = ? AND t.region = ? AND t.seq > ? ORDER BY t.seq LIMIT ?`,
    )
    .raw();
  const countAll = db.prepare<[string, string], number>(`SELECT count(*) FROM trust_stores WHERE account_id = ? AND region = ?`).pluck();
  const updateBundle = db.prepare(
    `UPDATE trust_stores SET ca_certificates_bundle = ?, number_of_ca_certificates = ? WHERE account_id = ? AND region = ? AND arn = ?`,
  );
  const selectBundle = db
    .prepare<[string, string, string], Buffer>(`SELECT ca_certificates_bundle FROM trust_stores WHERE account_id = ? AND region = ? AND arn = ?`)
    .pluck();
  const deleteByArn = db.prepare(`DELETE FROM trust_stores WHERE account_id = ? AND region = ? AND arn = ?`);
  const takeRevocationIds = db
    .prepare<[number, string, string, string], number>(`
      UPDATE trust_stores SET next_revocation_id = next_revocation_id + ?
      WHERE account_id = ? AND region = ? AND arn = ? RETURNING next_revocation_id`)
    .pluck();
  const insertRevocation = db.prepare(`
    INSERT INTO trust_store_revocations (account_id, region, trust_store_arn, revocation_id, revocation_type, content, number_of_revoked_entries)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const selectRevocations = db
    .prepare<[string, string, string], [number, string, number]>(`
      SELECT revocation_id, revocation_type, number_of_revoked_entries FROM trust_store_revocations
      WHERE account_id = ? AND region = ? AND trust_store_arn = ? ORDER BY revocation_id`)
    .raw();
  const selectRevocationContent = db
    .prepare<[string, string, string, number], Buffer>(`
      SELECT content FROM trust_store_revocations WHERE account_id = ? AND region = ? AND trust_store_arn = ? AND revocation_id = ?`)
    .pluck();
  const deleteRevocation = db.prepare(
    `DELETE FROM trust_store_revocations WHERE account_id = ? AND region = ? AND trust_store_arn = ? AND revocation_id = ?`,
  );
  const selectAssociations = db
    .prepare<[string, string, string], string>(`
      SELECT load_balancer_arn FROM listeners WHERE account_id = ? AND region = ? AND trust_store_arn = ?
      GROUP BY load_balancer_arn ORDER BY min(seq)`)
    .pluck();

  return {
    insert(scope, store) {
      const result = insert.run(scope.accountId, scope.region, store.arn, store.name, store.bundle, store.numberOfCaCertificates, store.createdAt);
      return {
        seq: Number(result.lastInsertRowid),
        arn: store.arn,
        name: store.name,
        numberOfCaCertificates: store.numberOfCaCertificates,
        totalRevokedEntries: 0,
        createdAt: store.createdAt,
      };
    },
    findByArn(scope, arn) {
      const row = selectByArn.get(scope.accountId, scope.region, arn);
      return row && toRecord(row);
    },
    findByName(scope, name) {
      const row = selectByName.get(scope.accountId, scope.region, name);
      return row && toRecord(row);
    },
    listAfter(scope, afterSeq, limit) {
      return selectAfter.all(scope.accountId, scope.region, afterSeq, limit).map(toRecord);
    },
    count(scope) {
      return countAll.get(scope.accountId, scope.region) ?? 0;
    },
    replaceBundle(scope, arn, bundle, numberOfCaCertificates) {
      updateBundle.run(bundle, numberOfCaCertificates, scope.accountId, scope.region, arn);
    },
    bundleOf(scope, arn) {
      return selectBundle.get(scope.accountId, scope.region, arn);
    },
    delete(scope, arn) {
      return deleteByArn.run(scope.accountId, scope.region, arn).changes > 0;
    },
    addRevocations(scope, arn, revocations) {
      const next = takeRevocationIds.get(revocations.length, scope.accountId, scope.region, arn);
      if (next === undefined) return [];
      const first = next - revocations.length;
      return revocations.map((revocation, index) => {
        const id = first + index;
        insertRevocation.run(scope.accountId, scope.region, arn, id, revocation.revocationType, revocation.content, revocation.numberOfRevokedEntries);
        return { seq: id, revocationType: revocation.revocationType, numberOfRevokedEntries: revocation.numberOfRevokedEntries };
      });
    },
    listRevocations(scope, arn) {
      return selectRevocations.all(scope.accountId, scope.region, arn).map(([seq, revocationType, numberOfRevokedEntries]) => ({
        seq,
        revocationType: revocationType as 'CRL',
        numberOfRevokedEntries,
      }));
    },
    revocationContent(scope, arn, revocationId) {
      return selectRevocationContent.get(scope.accountId, scope.region, arn, revocationId);
    },
    removeRevocations(scope, arn, revocationIds) {
      for (const id of revocationIds) deleteRevocation.run(scope.accountId, scope.region, arn, id);
    },
    associatedLoadBalancers(scope, arn) {
      return selectAssociations.all(scope.accountId, scope.region, arn);
    },
  };
}

function toRecord(row: TrustStoreRow): TrustStoreRecord {
  const [seq, arn, name, numberOfCaCertificates, totalRevokedEntries, createdAt] = row;
  return { seq, arn, name, numberOfCaCertificates, totalRevokedEntries, createdAt };
}
