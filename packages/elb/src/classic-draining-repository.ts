import type { Database } from 'better-sqlite3';
import type { Scope } from './handler-types.js';

/** An instance deregistered while its load balancer's ConnectionDraining is enabled (migration 009). */
export interface ClassicDrainingInstance {
  readonly instanceId: string;
  readonly deregisteredAtMs: number;
  /** Deregistration time plus the ConnectionDraining Timeout, on elbow's clock. */
  readonly deadlineMs: number;
}

type DrainingRow = [instanceId: string, deregisteredAtMs: number, deadlineMs: number];

export interface ClassicDrainingRepository {
  /** The load balancer's draining instances, in deregistration order. */
  listDraining(scope: Scope, loadBalancerName: string): ClassicDrainingInstance[];
  /** Starts (or restarts) an instance's drain. */
  upsert(scope: Scope, loadBalancerName: string, instance: ClassicDrainingInstance): void;
  /** Ends a drain early (the instance was registered again); false when it was not draining. */
  delete(scope: Scope, loadBalancerName: string, instanceId: string): boolean;
  /** The earliest deadline of any drain anywhere; undefined when nothing drains. */
  earliestDeadlineMs(): number | undefined;
  /** Deletes every drain whose deadline is at or before `nowMs`; the count deleted. */
  deleteExpired(nowMs: number): number;
}

/** Classic connection-draining state, the twin of elbv2's draining-target repository. */
export function createClassicDrainingRepository(db: Database): ClassicDrainingRepository {
  const selectAll = db
    .prepare<[string, string, string], DrainingRow>(
      `SELECT instance_id, deregistered_at_ms, deadline_ms FROM classic_draining_instances
       WHERE account_id = ? AND region = ? AND load_balancer_name = ? ORDER BY seq`,
    )
    .raw();
  const upsert = db.prepare(`
    INSERT INTO classic_draining_instances (account_id, region, load_balancer_name, instance_id, deregistered_at_ms, deadline_ms)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, load_balancer_name, instance_id)
      DO UPDATE SET deregistered_at_ms = excluded.deregistered_at_ms, deadline_ms = excluded.deadline_ms`);
  const deleteOne = db.prepare(
    `DELETE FROM classic_draining_instances WHERE account_id = ? AND region = ? AND load_balancer_name = ? AND instance_id = ?`,
  );
  const selectEarliest = db.prepare<[], number | null>(`SELECT min(deadline_ms) FROM classic_draining_instances`).pluck();
  const deleteExpired = db.prepare(`DELETE FROM classic_draining_instances WHERE deadline_ms <= ?`);

  return {
    listDraining(scope, loadBalancerName) {
      return selectAll
        .all(scope.accountId, scope.region, loadBalancerName)
        .map(([instanceId, deregisteredAtMs, deadlineMs]) => ({ instanceId, deregisteredAtMs, deadlineMs }));
    },
    upsert(scope, loadBalancerName, instance) {
      upsert.run(scope.accountId, scope.region, loadBalancerName, instance.instanceId, instance.deregisteredAtMs, instance.deadlineMs);
    },
    delete(scope, loadBalancerName, instanceId) {
      return deleteOne.run(scope.accountId, scope.region, loadBalancerName, instanceId).changes > 0;
    },
    earliestDeadlineMs() {
      return selectEarliest.get() ?? undefined;
    },
    deleteExpired(nowMs) {
      return deleteExpired.run(nowMs).changes;
    },
  };
}
