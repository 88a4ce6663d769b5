import type { Database } from 'better-sqlite3';
import type { elbv2 } from '@elbow/api-models';
import type { Scope } from './scope.js';

/** What a listener stores besides its default actions (which live in its default rule, migration 004). */
export interface ListenerSettings {
  readonly protocol: elbv2.ProtocolEnum | undefined;
  readonly port: number | undefined;
  readonly sslPolicy: string | undefined;
  readonly alpnPolicy: readonly string[] | undefined;
  readonly mutualAuthentication: ListenerMutualAuthentication | undefined;
}

export interface ListenerMutualAuthentication {
  readonly mode: string;
  readonly trustStoreArn: string | undefined;
  readonly ignoreClientCertificateExpiry: boolean | undefined;
  readonly advertiseTrustStoreCaNames: elbv2.AdvertiseTrustStoreCaNamesEnum | undefined;
}

export interface NewListener extends ListenerSettings {
  readonly arn: string;
  readonly loadBalancerArn: string;
  readonly createdAt: string;
}

export interface ListenerRecord extends NewListener {
  readonly seq: number;
}

export interface ListenerCertificate {
  readonly certificateArn: string;
  readonly isDefault: boolean;
}

const COLUMNS = [
  'seq', 'arn', 'load_balancer_arn', 'protocol', 'port', 'ssl_policy', 'alpn_policy', 'mutual_authentication_mode',
  'trust_store_arn', 'ignore_client_certificate_expiry', 'advertise_trust_store_ca_names', 'created_at',
] as const;
const SELECT_COLUMNS = COLUMNS.join(', ');

type ListenerRow = [
  seq: number,
  arn: string,
  loadBalancerArn: string,
  protocol: string | null,
  port: number | null,
  sslPolicy: string | null,
  alpnPolicy: string | null,
  mode: string | null,
  trustStoreArn: string | null,
  ignoreExpiry: number | null,
  advertise: string | null,
  createdAt: string,
];

export interface ListenerRepository {
  insert(scope: Scope, listener: NewListener): ListenerRecord;
  findByArn(scope: Scope, arn: string): ListenerRecord | undefined;
  findByPort(scope: Scope, loadBalancerArn: string, port: number): ListenerRecord | undefined;
  /** The load balancer's listeners in creation order. */
  listByLoadBalancer(scope: Scope, loadBalancerArn: string): ListenerRecord[];
  countByLoadBalancer(scope: Scope, loadBalancerArn: string): number;
  update(scope: Scope, arn: string, settings: ListenerSettings): void;
  /** Deletes the listener; certificates, attributes, rules and forwards cascade. False when there was none. */
  delete(scope: Scope, arn: string): boolean;
  /** Additional certificates in the order added, then the default one (aws-cli `describe-listener-certificates.rst`). */
  listCertificates(scope: Scope, listenerArn: string): ListenerCertificate[];
  /** Replaces the default certificate; an additional certificate with the same ARN becomes the default. */
  setDefaultCertificate(scope: Scope, listenerArn: string, certificateArn: string | undefined): void;
  addCertificates(scope: Scope, listenerArn: string, certificateArns: readonly string[]): void;
  removeCertificates(scope: Scope, listenerArn: string, certificateArns: readonly string[]): void;
  /** Non-default certificates over every listener of a load balancer. */
  countAdditionalCertificates(scope: Scope, loadBalancerArn: string): number;
  getAttributes(scope: Scope, listenerArn: string): Map<string, string>;
  putAttributes(scope: Scope, listenerArn: string, attributes: ReadonlyMap<string, string>): void;
  /** Whether a trust store (migration 003) exists, for mutual authentication in `verify` mode. */
  hasTrustStore(scope: Scope, trustStoreArn: string): boolean;
}

export function createListenerRepository(db: Database): ListenerRepository {
  const insert = db.prepare(`
    INSERT INTO listeners (account_id, region, arn, load_balancer_arn, protocol, port, ssl_policy, alpn_policy,
      mutual_authentication_mode, trust_store_arn, ignore_client_certificate_expiry, advertise_trust_store_ca_names, created_at)
    VALUES (@accountId, @region, @arn, @loadBalancerArn, @protocol, @port, @sslPolicy, @alpnPolicy,
      @mode, @trustStoreArn, @ignoreExpiry, @advertise, @createdAt)`);
  const selectByArn = db
    .prepare<[string, string, string], ListenerRow>(`SELECT ${SELECT_COLUMNS} FROM listeners WHERE account_id = ? AND region = ? AND arn = ?`)
    .raw();
  const selectByPort = db
    .prepare<[string, string, string, number], ListenerRow>(
      `SELECT ${SELECT_COLUMNS} FROM listeners WHERE account_id = ? AND region = ? AND load_balancer_arn = ? AND port = ?`,
    )
    .raw();
  const selectByLoadBalancer = db
    .prepare<[string, string, string], ListenerRow>(
      `SELECT ${SELECT_COLUMNS} FROM listeners WHERE account_id = ? AND region = ? AND load_balancer_arn = ? ORDER BY seq`,
    )
    .raw();
  const countByLoadBalancer = db
    .prepare<[string, string, string], number>(`SELECT count(*) FROM listeners WHERE account_id = ? AND region = ? AND load_balancer_arn = ?`)
    .pluck();
  const update = db.prepare(`
    UPDATE listeners SET protocol = @protocol, port = @port, ssl_policy = @sslPolicy, alpn_policy = @alpnPolicy,
      mutual_authentication_mode = @mode, trust_store_arn = @trustStoreArn,
      ignore_client_certificate_expiry = @ignoreExpiry, advertise_trust_store_ca_names = @advertise
    WHERE account_id = @accountId AND region = @region AND arn = @arn`);
  const deleteByArn = db.prepare(`DELETE FROM listeners WHERE account_id = ? AND region = ? AND arn = ?`);
  const selectCertificates = db
    .prepare<[string, string, string], [string, number]>(
      `SELECT certificate_arn, is_default FROM listener_certificates
        WHERE account_id = ? AND region = ? AND listener_arn = ? ORDER BY is_default, seq`,
    )
    .raw();
  const deleteDefaultCertificate = db.prepare(
    `DELETE FROM listener_certificates WHERE account_id = ? AND region = ? AND listener_arn = ? AND is_default = 1`,
  );
  const upsertCertificate = db.prepare(`
    INSERT INTO listener_certificates (account_id, region, listener_arn, certificate_arn, is_default) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, listener_arn, certificate_arn) DO UPDATE SET is_default = max(is_default, excluded.is_default)`);
  const deleteAdditionalCertificate = db.prepare(
    `DELETE FROM listener_certificates WHERE account_id = ? AND region = ? AND listener_arn = ? AND certificate_arn = ? AND is_default = 0`,
  );
  const countAdditional = db
    .prepare<[string, string, string], number>(
      `SELECT count(*) FROM listener_certificates c JOIN listeners l
          ON l.account_id = c.account_id AND l.region = c.region AND l.arn = c.listener_arn
        WHERE c.account_id = ? AND c.region = ? AND l.load_balancer_arn = ? AND c.is_default = 0`,
    )
    .pluck();
  const selectAttributes = db
    .prepare<[string, string, string], [string, string]>(
      `SELECT key, value FROM listener_attributes WHERE account_id = ? AND region = ? AND listener_arn = ?`,
    )
    .raw();
  const upsertAttribute = db.prepare(`
    INSERT INTO listener_attributes (account_id, region, listener_arn, key, value) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, listener_arn, key) DO UPDATE SET value = excluded.value`);

  const selectTrustStore = db
    .prepare<[string, string, string], number>(`SELECT EXISTS (SELECT 1 FROM trust_stores WHERE account_id = ? AND region = ? AND arn = ?)`)
    .pluck();

  return {
    hasTrustStore(scope, trustStoreArn) {
      return selectTrustStore.get(scope.accountId, scope.region, trustStoreArn) === 1;
    },
    insert(scope, listener) {
      const result = insert.run({ ...scope, ...settingsParameters(listener), arn: listener.arn, loadBalancerArn: listener.loadBalancerArn, createdAt: listener.createdAt });
      return { ...listener, seq: Number(result.lastInsertRowid) };
    },
    findByArn(scope, arn) {
      const row = selectByArn.get(scope.accountId, scope.region, arn);
      return row && toRecord(row);
    },
    findByPort(scope, loadBalancerArn, port) {
      const row = selectByPort.get(scope.accountId, scope.region, loadBalancerArn, port);
      return row && toRecord(row);
    },
    listByLoadBalancer(scope, loadBalancerArn) {
      return selectByLoadBalancer.all(scope.accountId, scope.region, loadBalancerArn).map(toRecord);
    },
    countByLoadBalancer(scope, loadBalancerArn) {
      return countByLoadBalancer.get(scope.accountId, scope.region, loadBalancerArn) ?? 0;
    },
    update(scope, arn, settings) {
      update.run({ ...scope, arn, ...settingsParameters(settings) });
    },
    delete(scope, arn) {
      return deleteByArn.run(scope.accountId, scope.region, arn).changes > 0;
    },
    listCertificates(scope, listenerArn) {
      return selectCertificates.all(scope.accountId, scope.region, listenerArn).map(([certificateArn, isDefault]) => ({ certificateArn, isDefault: isDefault === 1 }));
    },
    setDefaultCertificate(scope, listenerArn, certificateArn) {
      deleteDefaultCertificate.run(scope.accountId, scope.region, listenerArn);
      if (certificateArn !== undefined) upsertCertificate.run(scope.accountId, scope.region, listenerArn, certificateArn, 1);
    },
    addCertificates(scope, listenerArn, certificateArns) {
      for (const arn of certificateArns) upsertCertificate.run(scope.accountId, scope.region, listenerArn, arn, 0);
    },
    removeCertificates(scope, listenerArn, certificateArns) {
      for (const arn of certificateArns) deleteAdditionalCertificate.run(scope.accountId, scope.region, listenerArn, arn);
    },
    countAdditionalCertificates(scope, loadBalancerArn) {
      return countAdditional.get(scope.accountId, scope.region, loadBalancerArn) ?? 0;
    },
    getAttributes(scope, listenerArn) {
      return new Map(selectAttributes.all(scope.accountId, scope.region, listenerArn));
    },
    putAttributes(scope, listenerArn, attributes) {
      for (const [key, value] of attributes) upsertAttribute.run(scope.accountId, scope.region, listenerArn, key, value);
    },
  };
}

function settingsParameters(settings: ListenerSettings) {
  const mutual = settings.mutualAuthentication;
  return {
    protocol: settings.protocol ?? null,
    port: settings.port ?? null,
    sslPolicy: settings.sslPolicy ?? null,
    alpnPolicy: settings.alpnPolicy ? JSON.stringify(settings.alpnPolicy) : null,
    mode: mutual?.mode ?? null,
    trustStoreArn: mutual?.trustStoreArn ?? null,
    ignoreExpiry: mutual?.ignoreClientCertificateExpiry === undefined ? null : mutual.ignoreClientCertificateExpiry ? 1 : 0,
    advertise: mutual?.advertiseTrustStoreCaNames ?? null,
  };
}

function toRecord(row: ListenerRow): ListenerRecord {
  const [seq, arn, loadBalancerArn, protocol, port, sslPolicy, alpnPolicy, mode, trustStoreArn, ignoreExpiry, advertise, createdAt] = row;
  return {
    seq,
    arn,
    loadBalancerArn,
    createdAt,
    // Columns hold only values the handlers validated against the model.
    protocol: (protocol ?? undefined) as elbv2.ProtocolEnum | undefined,
    port: port ?? undefined,
    sslPolicy: sslPolicy ?? undefined,
    alpnPolicy: alpnPolicy === null ? undefined : (JSON.parse(alpnPolicy) as string[]),
    mutualAuthentication:
      mode === null
        ? undefined
        : {
            mode,
            trustStoreArn: trustStoreArn ?? undefined,
            ignoreClientCertificateExpiry: ignoreExpiry === null ? undefined : ignoreExpiry === 1,
            advertiseTrustStoreCaNames: (advertise ?? undefined) as elbv2.AdvertiseTrustStoreCaNamesEnum | undefined,
          },
  };
}
