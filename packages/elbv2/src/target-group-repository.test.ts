import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createTagRepository } from './tag-repository.js';
import type { TagRepository } from './tag-repository.js';
import { createTargetGroupRepository } from './target-group-repository.js';
import type { NewTargetGroup, TargetGroupRepository } from './target-group-repository.js';
import { resolveCreateSettings } from './target-group-settings.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const otherRegion = { ...scope, region: 'eu-west-1' };

function newGroup(name: string, overrides: Partial<NewTargetGroup> = {}): NewTargetGroup {
  return {
    ...resolveCreateSettings({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: 'vpc-3ac0fb5f' }),
    arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`,
    name,
    createdAt: '2024-05-01T12:00:00.000Z',
    ...overrides,
  };
}

let store: Store;
let groups: TargetGroupRepository;
let tags: TagRepository;
beforeEach(() => {
  store = openStore({ location: ':memory:' });
  groups = createTargetGroupRepository(store.db);
  tags = createTagRepository(store.db);
});
afterEach(() => {
  store.close();
});

describe('TargetGroupRepository', () => {
  it('inserts a group and reads back exactly what was written, by ARN and by name', () => {
    const lambda = { ...resolveCreateSettings({ Name: 'fn', TargetType: 'lambda' }), arn: 'arn-fn', name: 'fn', createdAt: 'now' };
    const grpc = newGroup('grpc', { ...resolveCreateSettings({ Name: 'grpc', Protocol: 'HTTPS', Port: 443, VpcId: 'vpc-3ac0fb5f', ProtocolVersion: 'GRPC', TargetControlPort: 9 }), arn: 'arn-grpc' });
    for (const group of [newGroup('web'), lambda, grpc]) {
      const inserted = groups.insert(scope, group);
      expect(inserted).toEqual({ ...group, seq: expect.any(Number) });
      expect(groups.findByArn(scope, group.arn)).toEqual(inserted);
      expect(groups.findByName(scope, group.name)).toEqual(inserted);
    }
  });

  it('keys everything by account and region', () => {
    const group = groups.insert(scope, newGroup('web'));
    expect(groups.findByArn(otherRegion, group.arn)).toBeUndefined();
    expect(groups.findByName({ ...scope, accountId: '210987654321' }, 'web')).toBeUndefined();
    expect(groups.count(otherRegion)).toBe(0);
    expect(groups.delete(otherRegion, group.arn)).toBe(false);
    expect(groups.count(scope)).toBe(1);
  });

  it('refuses a second group with the same name in one scope', () => {
    groups.insert(scope, newGroup('web'));
    expect(() => groups.insert(scope, newGroup('web', { arn: 'another-arn' }))).toThrow(/UNIQUE/);
  });

  it('lists groups after a sequence number in creation order, up to a limit', () => {
    const inserted = ['c', 'a', 'b'].map((name) => groups.insert(scope, newGroup(name, { arn: `arn-${name}` })));
    expect(groups.listAfter(scope, 0, 10).map((group) => group.name)).toEqual(['c', 'a', 'b']);
    expect(groups.listAfter(scope, inserted[0]!.seq, 1).map((group) => group.name)).toEqual(['a']);
    expect(groups.count(scope)).toBe(3);
  });

  it('rewrites the health check and nothing else', () => {
    const group = groups.insert(scope, newGroup('web'));
    const healthCheck = { ...group.healthCheck, path: '/ping', matcher: { HttpCode: '200-299' }, intervalSeconds: 10 };
    groups.updateHealthCheck(scope, group.arn, { ...group, port: 9999, healthCheck });
    expect(groups.findByArn(scope, group.arn)).toEqual({ ...group, healthCheck });
  });

  it('stores attribute overrides, updates them in place and drops them with the group', () => {
    const group = groups.insert(scope, newGroup('web'));
    groups.putAttributes(scope, group.arn, new Map([['stickiness.enabled', 'true'], ['slow_start.duration_seconds', '30']]));
    groups.putAttributes(scope, group.arn, new Map([['stickiness.enabled', 'false']]));
    expect(groups.getAttributes(scope, group.arn)).toEqual(new Map([['stickiness.enabled', 'false'], ['slow_start.duration_seconds', '30']]));
    expect(groups.delete(scope, group.arn)).toBe(true);
    expect(groups.getAttributes(scope, group.arn)).toEqual(new Map());
    expect(groups.findByArn(scope, group.arn)).toBeUndefined();
  });
});

describe('TagRepository', () => {
  it('keeps insertion order, updates values in place and removes keys', () => {
    tags.put(scope, 'arn-1', [{ Key: 'b', Value: '1' }, { Key: 'a', Value: '2' }]);
    tags.put(scope, 'arn-1', [{ Key: 'c', Value: '3' }, { Key: 'b', Value: 'changed' }, { Key: 'd' }]);
    expect(tags.list(scope, 'arn-1')).toEqual([
      { Key: 'b', Value: 'changed' },
      { Key: 'a', Value: '2' },
      { Key: 'c', Value: '3' },
      { Key: 'd', Value: '' },
    ]);
    tags.remove(scope, 'arn-1', ['a', 'missing']);
    expect(tags.list(scope, 'arn-1').map((tag) => tag.Key)).toEqual(['b', 'c', 'd']);
  });

  it('keeps resources, accounts and regions apart, and removes all tags of one resource', () => {
    tags.put(scope, 'arn-1', [{ Key: 'k', Value: 'one' }]);
    tags.put(scope, 'arn-2', [{ Key: 'k', Value: 'two' }]);
    tags.put(otherRegion, 'arn-1', [{ Key: 'k', Value: 'elsewhere' }]);
    tags.removeAll(scope, 'arn-1');
    expect(tags.list(scope, 'arn-1')).toEqual([]);
    expect(tags.list(scope, 'arn-2')).toEqual([{ Key: 'k', Value: 'two' }]);
    expect(tags.list(otherRegion, 'arn-1')).toEqual([{ Key: 'k', Value: 'elsewhere' }]);
  });
});
