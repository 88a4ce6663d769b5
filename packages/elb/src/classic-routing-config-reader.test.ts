import { describe, expect, it } from 'vitest';
import { createEc2Service, HOST_TAG_KEY } from '@elbow/ec2';
import type { RequestContext } from '@elbow/query-protocol';
import { openStore } from '@elbow/store';
import { createClassicRoutingConfigReader } from './classic-routing-config-reader.js';
import { createElbService } from './create-elb-service.js';

const context: RequestContext = { requestId: 'r', accountId: '123456789012', region: 'us-east-1', now: new Date('2026-01-01T00:00:00Z') };

function built<T>(handler: T | 'unbuilt'): T {
  if (handler === 'unbuilt') throw new Error('unbuilt handler');
  return handler;
}

async function setUp() {
  const store = openStore({ location: ':memory:' });
  const ec2 = createEc2Service({ store });
  const elb = createElbService({ store, ec2: ec2.inventory, randomHex: () => '00000000' }).handlers;
  const runInstance = async (zone: string, host?: string) => {
    const launched = await built(ec2.definition.handlers.RunInstances)(
      {
        ImageId: 'ami-12345678',
        MinCount: 1,
        MaxCount: 1,
        Placement: { AvailabilityZone: zone },
        ...(host === undefined ? {} : { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: HOST_TAG_KEY, Value: host }] }] }),
      },
      context,
    );
    return launched.Instances?.[0]?.InstanceId as string;
  };
  await built(elb.CreateLoadBalancer)(
    {
      LoadBalancerName: 'my-loadbalancer',
      Listeners: [
        { Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 },
        { Protocol: 'TCP', LoadBalancerPort: 25, InstanceProtocol: 'TCP', InstancePort: 2525 },
      ],
      AvailabilityZones: ['us-east-1a'],
    },
    context,
  );
  return { store, ec2, elb, runInstance };
}

describe('createClassicRoutingConfigReader', () => {
  it('reads listeners, policies by listener and back-end port, attributes and the health check', async () => {
    const { store, ec2, elb } = await setUp();
    await built(elb.CreateLBCookieStickinessPolicy)({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'sticky', CookieExpirationPeriod: 60 }, context);
    await built(elb.SetLoadBalancerPoliciesOfListener)({ LoadBalancerName: 'my-loadbalancer', LoadBalancerPort: 80, PolicyNames: ['sticky'] }, context);
    await built(elb.CreateLoadBalancerPolicy)(
      {
        LoadBalancerName: 'my-loadbalancer',
        PolicyName: 'proxy',
        PolicyTypeName: 'ProxyProtocolPolicyType',
        PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }],
      },
      context,
    );
    await built(elb.SetLoadBalancerPoliciesForBackendServer)({ LoadBalancerName: 'my-loadbalancer', InstancePort: 2525, PolicyNames: ['proxy'] }, context);
    const reader = createClassicRoutingConfigReader(store, ec2.inventory);
    const config = reader.read();
    expect(config.version).toBe(reader.changeCount());
    const [loadBalancer] = config.loadBalancers;
    expect(loadBalancer).toMatchObject({
      name: 'my-loadbalancer',
      accountId: '123456789012',
      region: 'us-east-1',
      dnsName: 'my-loadbalancer-100000000.us-east-1.elb.amazonaws.com',
      availabilityZones: ['us-east-1a'],
      isCrossZoneEnabled: false,
      idleTimeoutSeconds: 60,
      healthCheck: { target: 'TCP:80', intervalSeconds: 30, timeoutSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 10 },
      accessLog: { isEnabled: false, emitIntervalMinutes: 60 },
    });
    expect(loadBalancer?.listeners).toEqual([
      { loadBalancerPort: 25, protocol: 'TCP', instanceProtocol: 'TCP', instancePort: 2525, sslCertificateId: undefined, policyNames: [] },
      { loadBalancerPort: 80, protocol: 'HTTP', instanceProtocol: 'HTTP', instancePort: 8080, sslCertificateId: undefined, policyNames: ['sticky'] },
    ]);
    expect(loadBalancer?.policies).toEqual([
      { name: 'sticky', typeName: 'LBCookieStickinessPolicyType', attributes: [['CookieExpirationPeriod', '60']] },
      { name: 'proxy', typeName: 'ProxyProtocolPolicyType', attributes: [['ProxyProtocol', 'true']] },
    ]);
    expect(loadBalancer?.backendPolicyNames).toEqual(new Map([[2525, ['proxy']]]));
    store.close();
  });

  it('routes registered running instances in an enabled zone to their elbow:host, in registration order', async () => {
    const { store, ec2, elb, runInstance } = await setUp();
    const first = await runInstance('us-east-1a', '10.1.2.3');
    const outsideZones = await runInstance('us-east-1b');
    const stopped = await runInstance('us-east-1a');
    await built(ec2.definition.handlers.TerminateInstances)({ InstanceIds: [stopped] }, context);
    await built(elb.RegisterInstancesWithLoadBalancer)(
      { LoadBalancerName: 'my-loadbalancer', Instances: [{ InstanceId: first }, { InstanceId: outsideZones }] },
      context,
    );
    const instances = createClassicRoutingConfigReader(store, ec2.inventory).read().loadBalancers[0]?.instances;
    expect(instances).toEqual([
      { instanceId: first, host: '10.1.2.3', availabilityZone: 'us-east-1a', isRoutable: true },
      { instanceId: outsideZones, host: '127.0.0.1', availabilityZone: 'us-east-1b', isRoutable: false },
    ]);
    store.close();
  });

  it('reads nothing when there are no classic load balancers', () => {
    const store = openStore({ location: ':memory:' });
    const ec2 = createEc2Service({ store });
    expect(createClassicRoutingConfigReader(store, ec2.inventory).read().loadBalancers).toEqual([]);
    store.close();
  });
});
