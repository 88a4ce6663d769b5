import type { Migration } from './migration.js';

/**
 * Schema of classic connection draining (issue 6): instances deregistered from a classic load
 * balancer whose ConnectionDraining is enabled.
 *
 * - DeregisterInstancesFromLoadBalancer removes the registration at once (the instance leaves
 *   the load balancer's Instances) and records the drain here: it gets no new requests and
 *   DescribeInstanceHealth with explicit Instances reports `InService` / `Instance deregistration
 *   currently in progress.` until `deadline_ms` (ConnectionDraining Timeout), then the row is
 *   deleted ("when the maximum timeout limit is reached, the load balancer reports the instance
 *   state as OutOfService: Instance is not currently registered", classic-elb.md [D6]).
 * - Times are milliseconds on elbow's clock (`--clock-speed`).
 * - One row per (load balancer, instance); registering the instance again deletes it.
 * - Deleting the load balancer deletes its drains (ON DELETE CASCADE).
 */
export const migration009ClassicDrainingInstances: Migration = {
  version: 9,
  name: 'classic-draining-instances',
  up(db) {
    db.exec(`
      CREATE TABLE classic_draining_instances (
        seq INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        load_balancer_name TEXT NOT NULL,
        instance_id TEXT NOT NULL,
        deregistered_at_ms INTEGER NOT NULL,
        deadline_ms INTEGER NOT NULL,
        UNIQUE (account_id, region, load_balancer_name, instance_id),
        FOREIGN KEY (account_id, region, load_balancer_name)
          REFERENCES classic_load_balancers (account_id, region, name) ON DELETE CASCADE
      );

      -- The next deadline to wait for.
      CREATE INDEX classic_draining_instances_by_deadline ON classic_draining_instances (deadline_ms);
    `);
  },
};
