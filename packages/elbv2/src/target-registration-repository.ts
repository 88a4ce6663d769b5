import type { Database } from 'better-sqlite3';
import type { Scope } from './scope.js';

/** Port stored for Lambda targets, which have none (see migration 005). */
export const NO_PORT = 0;

/** One registered target of one target group. */
export interface TargetRegistration {
  readonly targetId: string;
  /** `NO_PORT` for Lambda targets. */
  readonly port: number;
  /** The zone the target resolved to, or `all`; undefined when unknown. */
  readonly availabilityZone: string | undefined;
  /** Whether the caller named the zone (echoed back by DescribeTargetHealth). */
  readonly isAvailabilityZoneGiven: boolean;
  readonly quicServerId: string | undefined;
  readonly registeredAt: string;
}

type TargetRow = [
  targetId: string,
  port: number,
  availabilityZone: string | null,
  isAvailabilityZoneGiven: number,
  quicServerId: string | null,
  registeredAt: string,
];

const SELECT_COLUMNS = 'target_id, port, availability_zone, is_availability_zone_given, quic_server_id, registered_at';

export interface TargetRegistrationRepository {
  /** Every registration of the group, in registration order. */
  list(scope: Scope, targetGroupArn: string): TargetRegistration[];
  find(scope: Scope, targetGroupArn: string, targetId: string, port: number): TargetRegistration | undefined;
  count(scope: Scope, targetGroupArn: string): number;
  /** How many registrations `targetId` has, per target group that holds it. */
  registrationCountsOf(scope: Scope, targetId: string): Map<string, number>;
  /** Inserts the registration; an existing (id, port) keeps its row, zone and time. False when it existed. */
  insert(scope: Scope, targetGroupArn: string, registration: TargetRegistration): boolean;
  /** Removes the (id, port) registration; false when there was none. */
  delete(scope: Scope, targetGroupArn: string, targetId: string, port: number): boolean;
}

/** Statements prepared once (better-sqlite3 docs/performance.md); hot lists read as arrays. */
export function createTargetRegistrationRepository(db: Database): TargetRegistrationRepository {
  const selectAll = db
    .prepare<[string, string, string], TargetRow>(
      `SELECT ${SELECT_COLUMNS} FROM targets WHERE account_id = ? AND region = ? AND target_group_arn = ? ORDER BY seq`,
    )
    .raw();
  const selectOne = db
    .prepare<[string, string, string, string, number], TargetRow>(
      `SELECT ${SELECT_COLUMNS} FROM targets
       WHERE account_id = ? AND region = ? AND target_group_arn = ? AND target_id = ? AND port = ?`,
    )
    .raw();
  const countAll = db
    .prepare<[string, string, string], number>(`SELECT count(*) FROM targets WHERE account_id = ? AND region = ? AND target_group_arn = ?`)
    .pluck();
  const countsOf = db
    .prepare<[string, string, string], [string, number]>(
      `SELECT target_group_arn, count(*) FROM targets WHERE account_id = ? AND region = ? AND target_id = ? GROUP BY target_group_arn`,
    )
    .raw();
  const insert = db.prepare(`
    INSERT INTO targets (account_id, region, target_group_arn, target_id, port, availability_zone,
      is_availability_zone_given, quic_server_id, registered_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, target_group_arn, target_id, port) DO NOTHING`);
  const deleteOne = db.prepare(
    `DELETE FROM targets WHERE account_id = ? AND region = ? AND target_group_arn = ? AND target_id = ? AND port = ?`,
  );

  return {
    list(scope, targetGroupArn) {
      return selectAll.all(scope.accountId, scope.region, targetGroupArn).map(toRegistration);
    },
    find(scope, targetGroupArn, targetId, port) {
      const row = selectOne.get(scope.accountId, scope.region, targetGroupArn, targetId, port);
      return row && toRegistration(row);
    },
    count(scope, targetGroupArn) {
      return countAll.get(scope.accountId, scope.region, targetGroupArn) ?? 0;
    },
    registrationCountsOf(scope, targetId) {
      return new Map(countsOf.all(scope.accountId, scope.region, targetId));
    },
    insert(scope, targetGroupArn, registration) {
      const result = insert.run(
        scope.accountId,
        scope.region,
        targetGroupArn,
        registration.targetId,
        registration.port,
        registration.availabilityZone ?? null,
        registration.isAvailabilityZoneGiven ? 1 : 0,
        registration.quicServerId ?? null,
        registration.registeredAt,
      );
      return result.changes > 0;
    },
    delete(scope, targetGroupArn, targetId, port) {
      return deleteOne.run(scope.accountId, scope.region, targetGroupArn, targetId, port).changes > 0;
    },
  };
}

function toRegistration(row: TargetRow): TargetRegistration {
  const [targetId, port, availabilityZone, isAvailabilityZoneGiven, quicServerId, registeredAt] = row;
  return {
    targetId,
    port,
    availabilityZone: availabilityZone ?? undefined,
    isAvailabilityZoneGiven: isAvailabilityZoneGiven === 1,
    quicServerId: quicServerId ?? undefined,
    registeredAt,
  };
}
