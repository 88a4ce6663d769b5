import type { Database } from 'better-sqlite3';
import type { Scope } from './scope.js';

/** A deregistered target still in its deregistration delay (migration 008). */
export interface DrainingTarget {
  readonly targetId: string;
  readonly port: number;
  readonly availabilityZone: string | undefined;
  readonly isAvailabilityZoneGiven: boolean;
  readonly deregisteredAtMs: number;
  readonly deadlineMs: number;
}

type DrainingRow = [targetId: string, port: number, availabilityZone: string | null, isAvailabilityZoneGiven: number, deregisteredAtMs: number, deadlineMs: number];

const SELECT_COLUMNS = 'target_id, port, availability_zone, is_availability_zone_given, deregistered_at_ms, deadline_ms';

export interface DrainingTargetRepository {
  /** The group's draining targets, in deregistration order. */
  list(scope: Scope, targetGroupArn: string): DrainingTarget[];
  /** Starts (or restarts) a target's drain. */
  upsert(scope: Scope, targetGroupArn: string, target: DrainingTarget): void;
  /** Ends a drain early (the target was registered again); false when it was not draining. */
  delete(scope: Scope, targetGroupArn: string, targetId: string, port: number): boolean;
  /** The earliest deadline of any drain anywhere; undefined when nothing drains. */
  earliestDeadlineMs(): number | undefined;
  /** Deletes every drain whose deadline is at or before `nowMs`; the drains it ended (the data plane closes their connections). */
  deleteExpired(nowMs: number): ExpiredDrain[];
}

/** A drain whose deregistration delay is over. `port` is NO_PORT when the target was registered without one. */
export interface ExpiredDrain {
  readonly targetGroupArn: string;
  readonly targetId: string;
  readonly port: number;
}

export function createDrainingTargetRepository(db: Database): DrainingTargetRepository {
  const selectAll = db
    .prepare<[string, string, string], DrainingRow>(
      `SELECT ${SELECT_COLUMNS} FROM draining_targets WHERE account_id = ? AND region = ? AND target_group_arn = ? ORDER BY seq`,
    )
    .raw();
  const upsert = db.prepare(`
    INSERT INTO draining_targets (account_id, region, target_group_arn, target_id, port, availability_zone,
      is_availability_zone_given, deregistered_at_ms, deadline_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, target_group_arn, target_id, port)
      DO UPDATE SET deregistered_at_ms = excluded.deregistered_at_ms, deadline_ms = excluded.deadline_ms`);
  const deleteOne = db.prepare(
    `DELETE FROM draining_targets WHERE account_id = ? AND region = ? AND target_group_arn = ? AND target_id = ? AND port = ?`,
  );
  const selectEarliest = db.prepare<[], number | null>(`SELECT min(deadline_ms) FROM draining_targets`).pluck();
  const deleteExpired = db
    .prepare<[number], [targetGroupArn: string, targetId: string, port: number]>(`DELETE FROM draining_targets WHERE deadline_ms <= ? RETURNING target_group_arn, target_id, port`)
    .raw();

  return {
    list(scope, targetGroupArn) {
      return selectAll.all(scope.accountId, scope.region, targetGroupArn).map(([targetId, port, zone, isZoneGiven, deregisteredAtMs, deadlineMs]) => ({
        targetId,
        port,
        availabilityZone: zone ?? undefined,
        isAvailabilityZoneGiven: isZoneGiven === 1,
        deregisteredAtMs,
        deadlineMs,
      }));
    },
    upsert(scope, targetGroupArn, target) {
      upsert.run(
        scope.accountId,
        scope.region,
        targetGroupArn,
        target.targetId,
        target.port,
        target.availabilityZone ?? null,
        target.isAvailabilityZoneGiven ? 1 : 0,
        target.deregisteredAtMs,
        target.deadlineMs,
      );
    },
    delete(scope, targetGroupArn, targetId, port) {
      return deleteOne.run(scope.accountId, scope.region, targetGroupArn, targetId, port).changes > 0;
    },
    earliestDeadlineMs() {
      return selectEarliest.get() ?? undefined;
    },
    deleteExpired(nowMs) {
      return deleteExpired.all(nowMs).map(([targetGroupArn, targetId, port]) => ({ targetGroupArn, targetId, port }));
    },
  };
}
