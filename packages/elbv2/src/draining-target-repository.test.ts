import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createDrainingTargetRepository } from './draining-target-repository.js';
import type { DrainingTarget, DrainingTargetRepository } from './draining-target-repository.js';
import { createTargetGroupRepository } from './target-group-repository.js';
import type { TargetGroupRepository } from './target-group-repository.js';
import { resolveCreateSettings } from './target-group-settings.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const WEB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';

const drain = (targetId: string, port: number, deadlineMs: number, overrides: Partial<DrainingTarget> = {}): DrainingTarget => ({
  targetId,
  port,
  availabilityZone: 'all',
  isAvailabilityZoneGiven: true,
  deregisteredAtMs: deadlineMs - 300_000,
  deadlineMs,
  ...overrides,
});

let store: Store;
let groups: TargetGroupRepository;
let draining: DrainingTargetRepository;
beforeEach(() => {
  store = openStore({ location: ':memory:' });
  groups = createTargetGroupRepository(store.db);
  draining = createDrainingTargetRepository(store.db);
  groups.insert(scope, { ...resolveCreateSettings({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-3ac0fb5f' }), arn: WEB, name: 'web', createdAt: '2024-05-01T12:00:00.000Z' });
});
afterEach(() => {
  store.close();
});

describe('DrainingTargetRepository', () => {
  it('reads back drains as written, in deregistration order, and restarts a drain on a second deregistration', () => {
    draining.upsert(scope, WEB, drain('10.0.0.2', 80, 400_000, { availabilityZone: undefined, isAvailabilityZoneGiven: false }));
    draining.upsert(scope, WEB, drain('10.0.0.1', 8080, 300_000));
    draining.upsert(scope, WEB, drain('10.0.0.2', 80, 900_000, { availabilityZone: undefined, isAvailabilityZoneGiven: false }));
    expect(draining.list(scope, WEB)).toEqual([
      drain('10.0.0.2', 80, 900_000, { availabilityZone: undefined, isAvailabilityZoneGiven: false }),
      drain('10.0.0.1', 8080, 300_000),
    ]);
    expect(draining.list({ ...scope, region: 'eu-west-1' }, WEB)).toEqual([]);
  });

  it('ends one drain on request and says whether there was one', () => {
    draining.upsert(scope, WEB, drain('10.0.0.1', 80, 300_000));
    expect(draining.delete(scope, WEB, '10.0.0.1', 80)).toBe(true);
    expect(draining.delete(scope, WEB, '10.0.0.1', 80)).toBe(false);
    expect(draining.list(scope, WEB)).toEqual([]);
  });

  it('gives the earliest deadline and deletes exactly the drains due', () => {
    expect(draining.earliestDeadlineMs()).toBeUndefined();
    draining.upsert(scope, WEB, drain('10.0.0.1', 80, 300_000));
    draining.upsert(scope, WEB, drain('10.0.0.2', 80, 5_000));
    expect(draining.earliestDeadlineMs()).toBe(5_000);
    expect(draining.deleteExpired(4_999)).toEqual([]);
    expect(draining.deleteExpired(5_000)).toEqual([{ targetGroupArn: WEB, targetId: '10.0.0.2', port: 80 }]);
    expect(draining.earliestDeadlineMs()).toBe(300_000);
  });

  it('loses its drains with the target group', () => {
    draining.upsert(scope, WEB, drain('10.0.0.1', 80, 300_000));
    groups.delete(scope, WEB);
    expect(draining.earliestDeadlineMs()).toBeUndefined();
  });
});
