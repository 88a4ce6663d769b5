import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { DEFAULT_HEALTH_CHECK } from './health-check.js';
import { DEFAULT_ATTRIBUTES } from './load-balancer-attributes.js';
import { createClassicLoadBalancerRepository } from './load-balancer-repository.js';
import type { ClassicLoadBalancerRepository } from './load-balancer-repository.js';
import { createClassicPolicyRepository } from './policy-repository.js';
import { createClassicTagRepository } from './tag-repository.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const otherRegion = { accountId: '123456789012', region: 'eu-west-1' };
let store: Store;
let repository: ClassicLoadBalancerRepository;

function insert(name: string, target = scope) {
  repository.insert(target, {
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
  repository = createClassicLoadBalancerRepository(store.db);
});
afterEach(() => store.close());

describe('classic load balancer repository', () => {
  it('inserts, finds, lists in creation order and counts per account and region', () => {
    insert('b');
    insert('a');
    insert('a', otherRegion);
    expect(repository.find(scope, 'a')).toMatchObject({ name: 'a', vpcId: 'vpc-1', healthCheck: DEFAULT_HEALTH_CHECK, attributes: DEFAULT_ATTRIBUTES });
    expect(repository.list(scope).map((lb) => lb.name)).toEqual(['b', 'a']);
    expect(repository.count(scope)).toBe(2);
    expect(repository.find(scope, 'missing')).toBeUndefined();
  });

  it('updates the health check and attributes', () => {
    insert('a');
    const check = { Target: 'HTTP:80/ping', Interval: 10, Timeout: 5, UnhealthyThreshold: 3, HealthyThreshold: 4 };
    repository.updateHealthCheck(scope, 'a', check);
    const attributes = { ...DEFAULT_ATTRIBUTES, crossZoneEnabled: true, accessLogEnabled: true, accessLogS3BucketName: 'b', accessLogEmitIntervalMinutes: 5, accessLogS3BucketPrefix: 'p' };
    repository.updateAttributes(scope, 'a', attributes);
    expect(repository.find(scope, 'a')).toMatchObject({ healthCheck: check, attributes });
    repository.putAdditionalAttribute(scope, 'a', 'elb.http.desyncmitigationmode', 'monitor');
    repository.putAdditionalAttribute(scope, 'a', 'elb.http.desyncmitigationmode', 'strictest');
    expect(repository.additionalAttributes(scope, 'a')).toEqual(new Map([['elb.http.desyncmitigationmode', 'strictest']]));
  });

  it('replaces zones and security groups in the order given', () => {
    insert('a');
    repository.setZones(scope, 'a', [{ availabilityZone: 'us-east-1b', subnetId: 'subnet-b' }, { availabilityZone: 'us-east-1a', subnetId: undefined }]);
    expect(repository.zones(scope, 'a')).toEqual([{ availabilityZone: 'us-east-1b', subnetId: 'subnet-b' }, { availabilityZone: 'us-east-1a', subnetId: undefined }]);
    repository.setSecurityGroups(scope, 'a', ['sg-2', 'sg-1']);
    repository.setSecurityGroups(scope, 'a', ['sg-3', 'sg-2']);
    expect(repository.securityGroups(scope, 'a')).toEqual(['sg-3', 'sg-2']);
  });

  it('stores listeners by port, changes a certificate and deletes one', () => {
    insert('a');
    repository.insertListener(scope, 'a', { protocol: 'HTTPS', loadBalancerPort: 443, instanceProtocol: 'HTTP', instancePort: 80, sslCertificateId: 'cert-1' });
    repository.insertListener(scope, 'a', { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80, sslCertificateId: undefined });
    repository.setListenerCertificate(scope, 'a', 443, 'cert-2');
    expect(repository.listeners(scope, 'a').map((listener) => [listener.loadBalancerPort, listener.sslCertificateId])).toEqual([
      [80, undefined],
      [443, 'cert-2'],
    ]);
    repository.deleteListener(scope, 'a', 80);
    expect(repository.listeners(scope, 'a')).toHaveLength(1);
  });

  it('registers instances once, in registration order, and removes them', () => {
    insert('a');
    repository.addInstance(scope, 'a', 'i-2', '2026-01-01T00:00:00.000Z');
    repository.addInstance(scope, 'a', 'i-1', '2026-01-01T00:00:01.000Z');
    repository.addInstance(scope, 'a', 'i-2', '2026-01-01T00:00:02.000Z');
    expect(repository.instances(scope, 'a')).toEqual([
      { instanceId: 'i-2', registeredAt: '2026-01-01T00:00:00.000Z' },
      { instanceId: 'i-1', registeredAt: '2026-01-01T00:00:01.000Z' },
    ]);
    repository.removeInstance(scope, 'a', 'i-2');
    expect(repository.instances(scope, 'a').map((instance) => instance.instanceId)).toEqual(['i-1']);
  });

  it('deletes a load balancer with everything hanging off it', () => {
    insert('a');
    const policies = createClassicPolicyRepository(store.db);
    const tags = createClassicTagRepository(store.db);
    repository.setZones(scope, 'a', [{ availabilityZone: 'us-east-1a', subnetId: 'subnet-a' }]);
    repository.insertListener(scope, 'a', { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80, sslCertificateId: undefined });
    repository.addInstance(scope, 'a', 'i-1', '2026-01-01T00:00:00.000Z');
    policies.insert(scope, 'a', { policyName: 'p', policyTypeName: 'LBCookieStickinessPolicyType', attributes: [{ name: 'CookieExpirationPeriod', value: '60' }] });
    policies.setListenerPolicies(scope, 'a', 80, ['p']);
    tags.put(scope, 'a', [{ Key: 'k', Value: 'v' }]);
    repository.delete(scope, 'a');
    insert('a');
    expect(repository.zones(scope, 'a')).toEqual([]);
    expect(repository.listeners(scope, 'a')).toEqual([]);
    expect(repository.instances(scope, 'a')).toEqual([]);
    expect(policies.list(scope, 'a')).toEqual([]);
    expect(tags.list(scope, 'a')).toEqual([]);
  });
});

describe('classic policy repository', () => {
  it('stores policies with ordered attributes, listener and back-end lists, and tells whether one is in use', () => {
    insert('a');
    repository.insertListener(scope, 'a', { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80, sslCertificateId: undefined });
    const policies = createClassicPolicyRepository(store.db);
    const ssl = { policyName: 'ssl', policyTypeName: 'SSLNegotiationPolicyType', attributes: [{ name: 'Protocol-TLSv1.2', value: 'true' }, { name: 'Protocol-TLSv1', value: 'false' }] };
    const proxy = { policyName: 'proxy', policyTypeName: 'ProxyProtocolPolicyType', attributes: [{ name: 'ProxyProtocol', value: 'true' }] };
    policies.insert(scope, 'a', ssl);
    policies.insert(scope, 'a', proxy);
    expect(policies.list(scope, 'a')).toEqual([ssl, proxy]);
    expect(policies.find(scope, 'a', 'ssl')).toEqual(ssl);
    expect(policies.find(scope, 'a', 'nope')).toBeUndefined();
    policies.setListenerPolicies(scope, 'a', 80, ['ssl']);
    policies.setBackendPolicies(scope, 'a', 8080, ['proxy']);
    expect(policies.listenerPolicies(scope, 'a')).toEqual(new Map([[80, ['ssl']]]));
    expect(policies.backendPolicies(scope, 'a')).toEqual(new Map([[8080, ['proxy']]]));
    expect(policies.isInUse(scope, 'a', 'ssl')).toBe(true);
    expect(policies.isInUse(scope, 'a', 'proxy')).toBe(true);
    policies.setListenerPolicies(scope, 'a', 80, []);
    policies.setBackendPolicies(scope, 'a', 8080, []);
    expect(policies.isInUse(scope, 'a', 'ssl')).toBe(false);
    policies.delete(scope, 'a', 'ssl');
    expect(policies.list(scope, 'a')).toEqual([proxy]);
  });
});

describe('classic tag repository', () => {
  it('keeps a key in its first place when it is overwritten and removes keys', () => {
    insert('a');
    const tags = createClassicTagRepository(store.db);
    tags.put(scope, 'a', [{ Key: 'x', Value: '1' }, { Key: 'y' }]);
    tags.put(scope, 'a', [{ Key: 'x', Value: '2' }]);
    expect(tags.list(scope, 'a')).toEqual([{ Key: 'x', Value: '2' }, { Key: 'y', Value: '' }]);
    tags.remove(scope, 'a', ['x', 'absent']);
    expect(tags.list(scope, 'a')).toEqual([{ Key: 'y', Value: '' }]);
  });
});
