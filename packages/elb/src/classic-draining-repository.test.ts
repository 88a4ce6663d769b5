import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createClassicDrainingRepository } from './classic-draining-repository.js';
import type { ClassicDrainingRepository } from './classic-draining-repository.js';
import { DEFAULT_HEALTH_CHECK } from './health-check.js';
import { DEFAULT_ATTRIBUTES } from './load-balancer-attributes.js';
import { createClassicLoadBalancerRepository } from './load-balancer-repository.js';
import type { ClassicLoadBalancerRepository } from './load-balancer-repository.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const otherAccount = { accountId: '210987654321', region: 'us-east-1' };

let store: Store;
let loadBalancers: ClassicLoadBalancerRepository;
let draining: ClassicDrainingRepository;

function insertLoadBalancer(name: string, target = scope) {
  loadBalancers.insert(target, {
    name,
    dnsName: `${name}-123456789.${target.region}.elb.amazonaws.com`,
    scheme: 'internet-facing',
    vpcId: 'vpc-1',
    healthCheck: DEFAULT_HEALTH_CHECK,
    attributes: DEFAULT_ATTRIBUTES,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

beforeEach(() => {
  store = openStore({ location: ':memory:' });
  loadBalancers = createClassicLoadBalancerRepository(store.db);
  draining = createClassicDrainingRepository(store.db);
  insertLoadBalancer('web');
  insertLoadBalancer('api');
  insertLoadBalancer('web', otherAccount);
});
afterEach(() => store.close());

describe('ClassicDrainingRepository', () => {
  it('lists a load balancer’s drains in deregistration order, per account, region and name, and restarts a drain on a second deregistration', () => {
    draining.upsert(scope, 'web', { instanceId: 'i-b', deregisteredAtMs: 1_000, deadlineMs: 301_000 });
    draining.upsert(scope, 'web', { instanceId: 'i-a', deregisteredAtMs: 2_000, deadlineMs: 302_000 });
    draining.upsert(scope, 'api', { instanceId: 'i-c', deregisteredAtMs: 2_000, deadlineMs: 62_000 });
    draining.upsert(otherAccount, 'web', { instanceId: 'i-d', deregisteredAtMs: 2_000, deadlineMs: 12_000 });
    draining.upsert(scope, 'web', { instanceId: 'i-b', deregisteredAtMs: 5_000, deadlineMs: 305_000 });
    expect(draining.listDraining(scope, 'web')).toEqual([
      { instanceId: 'i-b', deregisteredAtMs: 5_000, deadlineMs: 305_000 },
      { instanceId: 'i-a', deregisteredAtMs: 2_000, deadlineMs: 302_000 },
    ]);
    expect(draining.listDraining(otherAccount, 'web')).toEqual([{ instanceId: 'i-d', deregisteredAtMs: 2_000, deadlineMs: 12_000 }]);
    expect(draining.listDraining(scope, 'missing')).toEqual([]);
  });

  it('ends one drain early and says whether there was one', () => {
    draining.upsert(scope, 'web', { instanceId: 'i-a', deregisteredAtMs: 0, deadlineMs: 300_000 });
    expect(draining.delete(scope, 'web', 'i-a')).toBe(true);
    expect(draining.delete(scope, 'web', 'i-a')).toBe(false);
    expect(draining.listDraining(scope, 'web')).toEqual([]);
  });

  it('finds the earliest deadline anywhere and deletes what is due at a time, inclusive', () => {
    expect(draining.earliestDeadlineMs()).toBeUndefined();
    draining.upsert(scope, 'web', { instanceId: 'i-a', deregisteredAtMs: 0, deadlineMs: 300_000 });
    draining.upsert(scope, 'api', { instanceId: 'i-b', deregisteredAtMs: 0, deadlineMs: 60_000 });
    draining.upsert(otherAccount, 'web', { instanceId: 'i-c', deregisteredAtMs: 0, deadlineMs: 120_000 });
    expect(draining.earliestDeadlineMs()).toBe(60_000);
    expect(draining.deleteExpired(120_000)).toBe(2);
    expect(draining.earliestDeadlineMs()).toBe(300_000);
    expect(draining.listDraining(scope, 'web')).toHaveLength(1);
    expect(draining.deleteExpired(299_999)).toBe(0);
  });

  it('forgets the drains of a deleted load balancer', () => {
    draining.upsert(scope, 'web', { instanceId: 'i-a', deregisteredAtMs: 0, deadlineMs: 300_000 });
    loadBalancers.delete(scope, 'web');
    expect(draining.earliestDeadlineMs()).toBeUndefined();
  });
});
