import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createLoadBalancerRepository } from './load-balancer-repository.js';
import type { LoadBalancerRepository, NewLoadBalancer } from './load-balancer-repository.js';
import { createTagRepository } from './tag-repository.js';
import type { TagRepository } from './tag-repository.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const otherRegion = { ...scope, region: 'eu-west-1' };
const PREFIX = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:';

function newLoadBalancer(name: string, overrides: Partial<NewLoadBalancer> = {}): NewLoadBalancer {
  return {
    arn: `${PREFIX}loadbalancer/app/${name}/0123456789abcdef`,
    name,
    type: 'application',
    scheme: 'internet-facing',
    ipAddressType: 'ipv4',
    vpcId: 'vpc-3ac0fb5f',
    dnsName: `${name}-123456789.us-east-1.elb.amazonaws.com`,
    canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    availabilityZones: [
      { zoneName: 'us-east-1a', subnetId: 'subnet-a' },
      { zoneName: 'us-east-1b', subnetId: 'subnet-b', privateIpv4Address: '10.0.1.5' },
    ],
    securityGroups: ['sg-2', 'sg-1'],
    createdAt: '2024-05-01T12:00:00.000Z',
    activeAt: '2024-05-01T12:00:01.000Z',
    ...overrides,
  };
}

let store: Store;
let loadBalancers: LoadBalancerRepository;
let tags: TagRepository;
beforeEach(() => {
  store = openStore({ location: ':memory:' });
  loadBalancers = createLoadBalancerRepository(store.db);
  tags = createTagRepository(store.db);
});
afterEach(() => {
  store.close();
});

describe('LoadBalancerRepository', () => {
  it('inserts a load balancer and reads back what was written, children in the order given', () => {
    const inserted = loadBalancers.insert(scope, newLoadBalancer('web'));
    expect(loadBalancers.findByArn(scope, inserted.arn)).toEqual(inserted);
    expect(loadBalancers.findByName(scope, 'web')).toEqual(inserted);
    expect(inserted.securityGroups).toEqual(['sg-2', 'sg-1']);
    expect(loadBalancers.listAfter(scope, 0, 10)).toEqual([inserted]);
  });

  it('keys everything by account and region', () => {
    const inserted = loadBalancers.insert(scope, newLoadBalancer('web'));
    expect(loadBalancers.findByArn(otherRegion, inserted.arn)).toBeUndefined();
    expect(loadBalancers.findByName({ ...scope, accountId: '210987654321' }, 'web')).toBeUndefined();
    expect(loadBalancers.count(otherRegion)).toBe(0);
    expect(loadBalancers.delete(otherRegion, inserted.arn)).toBe(false);
    expect(loadBalancers.count(scope)).toBe(1);
  });

  it('refuses a second load balancer with the same name in one scope', () => {
    loadBalancers.insert(scope, newLoadBalancer('web'));
    expect(() => loadBalancers.insert(scope, newLoadBalancer('web', { arn: 'another' }))).toThrow(/UNIQUE/);
  });

  it('lists pages in creation order, each with its own children', () => {
    const a = loadBalancers.insert(scope, newLoadBalancer('a', { arn: `${PREFIX}loadbalancer/app/a/000000000000000a` }));
    const b = loadBalancers.insert(
      scope,
      newLoadBalancer('b', { arn: `${PREFIX}loadbalancer/net/b/000000000000000b`, type: 'network', securityGroups: [] }),
    );
    const c = loadBalancers.insert(scope, newLoadBalancer('c', { arn: `${PREFIX}loadbalancer/app/c/000000000000000c` }));
    expect(loadBalancers.listAfter(scope, 0, 2)).toEqual([a, b]);
    expect(loadBalancers.listAfter(scope, b.seq, 2)).toEqual([c]);
    expect(loadBalancers.listAfter(scope, c.seq, 2)).toEqual([]);
  });

  it('replaces subnets and security groups, and updates each setting column', () => {
    const { arn } = loadBalancers.insert(scope, newLoadBalancer('web'));
    loadBalancers.replaceAvailabilityZones(scope, arn, [{ zoneName: 'us-east-1c', subnetId: 'subnet-c', allocationId: 'eipalloc-1' }]);
    loadBalancers.replaceSecurityGroups(scope, arn, ['sg-9']);
    loadBalancers.updateIpAddressType(scope, arn, 'dualstack');
    loadBalancers.updateEnablePrefixForIpv6SourceNat(scope, arn, 'on');
    loadBalancers.updateEnforceSecurityGroupInboundRules(scope, arn, 'off');
    loadBalancers.updateIpv4IpamPoolId(scope, arn, 'ipam-pool-1');
    loadBalancers.updateCapacity(scope, arn, { minimumCapacityUnits: 100, lastModifiedAt: 't', decreaseRequestsRemaining: 3 });
    expect(loadBalancers.findByArn(scope, arn)).toMatchObject({
      availabilityZones: [{ zoneName: 'us-east-1c', subnetId: 'subnet-c', allocationId: 'eipalloc-1' }],
      securityGroups: ['sg-9'],
      ipAddressType: 'dualstack',
      enablePrefixForIpv6SourceNat: 'on',
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off',
      ipv4IpamPoolId: 'ipam-pool-1',
      capacity: { minimumCapacityUnits: 100, lastModifiedAt: 't', decreaseRequestsRemaining: 3 },
    });
    loadBalancers.updateIpv4IpamPoolId(scope, arn, undefined);
    loadBalancers.updateCapacity(scope, arn, {});
    const after = loadBalancers.findByArn(scope, arn);
    expect(after?.ipv4IpamPoolId).toBeUndefined();
    expect(after?.capacity.minimumCapacityUnits).toBeUndefined();
  });

  it('stores only the attributes set, the last value winning', () => {
    const { arn } = loadBalancers.insert(scope, newLoadBalancer('web'));
    loadBalancers.putAttributes(scope, arn, new Map([['idle_timeout.timeout_seconds', '30']]));
    loadBalancers.putAttributes(scope, arn, new Map([['idle_timeout.timeout_seconds', '90']]));
    expect(loadBalancers.getAttributes(scope, arn)).toEqual(new Map([['idle_timeout.timeout_seconds', '90']]));
  });

  it('deletes the load balancer with its children and the tags of it, its listeners and rules, and nothing else', () => {
    const web = loadBalancers.insert(scope, newLoadBalancer('web'));
    const other = loadBalancers.insert(scope, newLoadBalancer('web2', { arn: `${PREFIX}loadbalancer/app/web2/0123456789abcdef` }));
    loadBalancers.putAttributes(scope, web.arn, new Map([['deletion_protection.enabled', 'false']]));
    const listener = `${PREFIX}listener/app/web/0123456789abcdef/1111111111111111`;
    const rule = `${PREFIX}listener-rule/app/web/0123456789abcdef/1111111111111111/2222222222222222`;
    const otherListener = `${PREFIX}listener/app/web2/0123456789abcdef/1111111111111111`;
    for (const arn of [web.arn, listener, rule, other.arn, otherListener]) tags.put(scope, arn, [{ Key: 'k', Value: 'v' }]);

    expect(loadBalancers.delete(scope, web.arn)).toBe(true);
    expect(loadBalancers.delete(scope, web.arn)).toBe(false);
    expect(loadBalancers.findByArn(scope, web.arn)).toBeUndefined();
    for (const arn of [web.arn, listener, rule]) expect(tags.list(scope, arn)).toEqual([]);
    for (const arn of [other.arn, otherListener]) expect(tags.list(scope, arn)).toEqual([{ Key: 'k', Value: 'v' }]);
    const leftover = (table: string) =>
      store.db.prepare(`SELECT count(*) FROM ${table} WHERE load_balancer_arn = ?`).pluck().get(web.arn);
    expect(leftover('load_balancer_subnets')).toBe(0);
    expect(leftover('load_balancer_security_groups')).toBe(0);
    expect(leftover('load_balancer_attributes')).toBe(0);
  });
});
