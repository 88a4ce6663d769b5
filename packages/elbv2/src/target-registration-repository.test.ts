import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createTargetGroupRepository } from './target-group-repository.js';
import type { TargetGroupRepository } from './target-group-repository.js';
import { resolveCreateSettings } from './target-group-settings.js';
import { createTargetRegistrationRepository, NO_PORT } from './target-registration-repository.js';
import type { TargetRegistration, TargetRegistrationRepository } from './target-registration-repository.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const otherRegion = { ...scope, region: 'eu-west-1' };
const WEB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
const API = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdee';

function registration(targetId: string, port: number, overrides: Partial<TargetRegistration> = {}): TargetRegistration {
  return {
    targetId,
    port,
    availabilityZone: 'us-east-1a',
    isAvailabilityZoneGiven: false,
    quicServerId: undefined,
    registeredAt: '2024-05-01T12:00:00.000Z',
    ...overrides,
  };
}

let store: Store;
let groups: TargetGroupRepository;
let targets: TargetRegistrationRepository;
beforeEach(() => {
  store = openStore({ location: ':memory:' });
  groups = createTargetGroupRepository(store.db);
  targets = createTargetRegistrationRepository(store.db);
  for (const [name, arn] of [['web', WEB], ['api', API]] as const) {
    groups.insert(scope, {
      ...resolveCreateSettings({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: 'vpc-3ac0fb5f' }),
      arn,
      name,
      createdAt: '2024-05-01T12:00:00.000Z',
    });
  }
});
afterEach(() => {
  store.close();
});

describe('TargetRegistrationRepository', () => {
  it('reads back every registration exactly as written, in registration order', () => {
    const written = [
      registration('i-0123456789abcdef0', 80),
      registration('10.0.0.9', 8080, { availabilityZone: 'all', isAvailabilityZoneGiven: true, quicServerId: '0x0123456789abcdef' }),
      registration('arn:aws:lambda:us-east-1:123456789012:function:f', NO_PORT, { availabilityZone: undefined }),
    ];
    for (const target of written) expect(targets.insert(scope, WEB, target)).toBe(true);
    expect(targets.list(scope, WEB)).toEqual(written);
    expect(targets.find(scope, WEB, '10.0.0.9', 8080)).toEqual(written[1]);
    expect(targets.find(scope, WEB, '10.0.0.9', 80)).toBeUndefined();
    expect(targets.count(scope, WEB)).toBe(3);
  });

  it('keeps the first row of a repeated id and port (its zone and time) and reports it existed', () => {
    targets.insert(scope, WEB, registration('i-0123456789abcdef0', 80));
    expect(targets.insert(scope, WEB, registration('i-0123456789abcdef0', 80, { registeredAt: 'later' }))).toBe(false);
    expect(targets.insert(scope, WEB, registration('i-0123456789abcdef0', 81))).toBe(true);
    expect(targets.list(scope, WEB).map((target) => [target.port, target.registeredAt])).toEqual([
      [80, '2024-05-01T12:00:00.000Z'],
      [81, '2024-05-01T12:00:00.000Z'],
    ]);
  });

  it('deletes one id and port, and says whether there was one', () => {
    targets.insert(scope, WEB, registration('i-0123456789abcdef0', 80));
    targets.insert(scope, WEB, registration('i-0123456789abcdef0', 81));
    expect(targets.delete(scope, WEB, 'i-0123456789abcdef0', 80)).toBe(true);
    expect(targets.delete(scope, WEB, 'i-0123456789abcdef0', 80)).toBe(false);
    expect(targets.list(scope, WEB).map((target) => target.port)).toEqual([81]);
  });

  it('counts the registrations of one id per group that holds it', () => {
    targets.insert(scope, WEB, registration('i-0123456789abcdef0', 80));
    targets.insert(scope, WEB, registration('i-0123456789abcdef0', 81));
    targets.insert(scope, API, registration('i-0123456789abcdef0', 80));
    targets.insert(scope, API, registration('i-0123456789abcdef1', 80));
    expect(targets.registrationCountsOf(scope, 'i-0123456789abcdef0')).toEqual(new Map([[WEB, 2], [API, 1]]));
    expect(targets.registrationCountsOf(scope, 'i-0123456789abcdef2')).toEqual(new Map());
    expect(targets.registrationCountsOf(otherRegion, 'i-0123456789abcdef0')).toEqual(new Map());
  });

  it('keys everything by account and region, and refuses a group that does not exist there', () => {
    targets.insert(scope, WEB, registration('i-0123456789abcdef0', 80));
    expect(targets.list(otherRegion, WEB)).toEqual([]);
    expect(targets.count(otherRegion, WEB)).toBe(0);
    expect(targets.delete(otherRegion, WEB, 'i-0123456789abcdef0', 80)).toBe(false);
    expect(() => targets.insert(otherRegion, WEB, registration('i-0123456789abcdef0', 80))).toThrow(/FOREIGN KEY/);
  });

  it('drops the registrations of a deleted group (cascade)', () => {
    targets.insert(scope, WEB, registration('i-0123456789abcdef0', 80));
    groups.delete(scope, WEB);
    expect(targets.count(scope, WEB)).toBe(0);
  });
});
