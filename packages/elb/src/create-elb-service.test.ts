import { describe, expect, it } from 'vitest';
import { loadServiceModel } from '@elbow/api-models';
import { createEc2Service } from '@elbow/ec2';
import type { RequestContext } from '@elbow/query-protocol';
import { openStore } from '@elbow/store';
import { createElbService } from './create-elb-service.js';
import type { ElbServiceOptions } from './create-elb-service.js';

const context = (now: Date): RequestContext => ({ requestId: 'r', accountId: '123456789012', region: 'us-east-1', now });

/** A handler the table implements (the table types allow 'unbuilt'). */
function built<T>(handler: T | 'unbuilt'): T {
  if (handler === 'unbuilt') throw new Error('unbuilt handler');
  return handler;
}

function setUp(registrationSettleMs?: number, options: Partial<ElbServiceOptions> = {}) {
  const store = openStore({ location: ':memory:' });
  const ec2 = createEc2Service({ store });
  const service = createElbService({ store, ec2: ec2.inventory, randomHex: () => '00000000', ...(registrationSettleMs === undefined ? {} : { registrationSettleMs }), ...options });
  return { service, handlers: service.handlers, runInstances: built(ec2.definition.handlers.RunInstances) };
}

describe('createElbService', () => {
  it('has exactly one built handler per operation of the 2012-06-01 model', () => {
    const { service } = setUp();
    expect(service.bundle).toBe(loadServiceModel('elb'));
    expect(Object.keys(service.handlers).sort()).toEqual(Object.keys(loadServiceModel('elb').model.operations).sort());
    expect(Object.keys(service.handlers)).toHaveLength(29);
    expect(Object.entries(service.handlers).filter(([, handler]) => handler === 'unbuilt')).toEqual([]);
  });

  it('stamps CreatedTime with the request time and derives the DNS number from the injected randomness', async () => {
    const { handlers } = setUp();
    const at = new Date('2026-03-19T03:24:02.650Z');
    const created = await built(handlers.CreateLoadBalancer)(
      { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], AvailabilityZones: ['us-east-1a'] },
      context(at),
    );
    expect(created).toEqual({ DNSName: 'lb-100000000.us-east-1.elb.amazonaws.com' });
    const described = await built(handlers.DescribeLoadBalancers)({}, context(new Date()));
    expect(described.LoadBalancerDescriptions?.[0]?.CreatedTime).toEqual(at);
  });

  it('reports a registration in progress until the settle time has passed, then InService', async () => {
    const { handlers, runInstances } = setUp(10_000);
    const start = new Date('2026-01-01T00:00:00.000Z');
    await built(handlers.CreateLoadBalancer)(
      { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], AvailabilityZones: ['us-east-1a'] },
      context(start),
    );
    const launched = await runInstances({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'us-east-1a' } }, context(start));
    const instanceId = launched.Instances?.[0]?.InstanceId ?? '';
    await built(handlers.RegisterInstancesWithLoadBalancer)({ LoadBalancerName: 'lb', Instances: [{ InstanceId: instanceId }] }, context(start));
    const health = async (ms: number) => (await built(handlers.DescribeInstanceHealth)({ LoadBalancerName: 'lb' }, context(new Date(start.getTime() + ms)))).InstanceStates;
    expect(await health(9_999)).toEqual([{ InstanceId: instanceId, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.' }]);
    expect(await health(10_000)).toEqual([{ InstanceId: instanceId, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' }]);
  });

  it('answers live health checks’ verdict for registered instances only, and asks with account, region and load balancer', async () => {
    const asked: string[] = [];
    const { handlers, runInstances } = setUp(10_000, {
      liveInstanceHealth: (scope, loadBalancerName, instanceId) => {
        asked.push(`${scope.accountId}/${scope.region}/${loadBalancerName}/${instanceId}`);
        return 'failing';
      },
    });
    const at = new Date('2026-01-01T00:00:00.000Z');
    await built(handlers.CreateLoadBalancer)(
      { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], AvailabilityZones: ['us-east-1a'] },
      context(at),
    );
    const launched = await runInstances({ ImageId: 'ami-12345678', MinCount: 2, MaxCount: 2, Placement: { AvailabilityZone: 'us-east-1a' } }, context(at));
    const [first, second] = (launched.Instances ?? []).map((instance) => instance.InstanceId ?? '');
    await built(handlers.RegisterInstancesWithLoadBalancer)({ LoadBalancerName: 'lb', Instances: [{ InstanceId: first ?? '' }] }, context(at));
    const states = await built(handlers.DescribeInstanceHealth)({ LoadBalancerName: 'lb', Instances: [{ InstanceId: first ?? '' }, { InstanceId: second ?? '' }] }, context(at));
    expect(states.InstanceStates).toEqual([
      { InstanceId: first, State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' },
      { InstanceId: second, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is not currently registered with the LoadBalancer.' },
    ]);
    expect(asked).toEqual([`123456789012/us-east-1/lb/${first}`]);
  });

  it('keeps a deregistered instance draining until the ConnectionDraining timeout on the injected clock, when draining is enabled', async () => {
    let nowMs = 1_000_000;
    const { handlers, runInstances } = setUp(undefined, { drainingNowMs: () => nowMs });
    const at = new Date('2026-01-01T00:00:00.000Z');
    await built(handlers.CreateLoadBalancer)(
      { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], AvailabilityZones: ['us-east-1a'] },
      context(at),
    );
    const launched = await runInstances({ ImageId: 'ami-12345678', MinCount: 2, MaxCount: 2, Placement: { AvailabilityZone: 'us-east-1a' } }, context(at));
    const [drained, plain] = (launched.Instances ?? []).map((instance) => ({ InstanceId: instance.InstanceId ?? '' }));
    const both = [drained ?? { InstanceId: '' }, plain ?? { InstanceId: '' }];
    await built(handlers.RegisterInstancesWithLoadBalancer)({ LoadBalancerName: 'lb', Instances: both }, context(at));
    // Without draining, deregistration ends at once.
    const afterPlain = await built(handlers.DeregisterInstancesFromLoadBalancer)({ LoadBalancerName: 'lb', Instances: [both[1] ?? { InstanceId: '' }] }, context(at));
    expect(afterPlain.Instances).toEqual([both[0]]);
    await built(handlers.ModifyLoadBalancerAttributes)({ LoadBalancerName: 'lb', LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 60 } } }, context(at));
    const afterDrained = await built(handlers.DeregisterInstancesFromLoadBalancer)({ LoadBalancerName: 'lb', Instances: [both[0] ?? { InstanceId: '' }] }, context(at));
    expect(afterDrained.Instances).toEqual([]);
    const health = async () => (await built(handlers.DescribeInstanceHealth)({ LoadBalancerName: 'lb', Instances: both }, context(at))).InstanceStates;
    expect(await health()).toEqual([
      { InstanceId: both[0]?.InstanceId, State: 'InService', ReasonCode: 'N/A', Description: 'Instance deregistration currently in progress.' },
      { InstanceId: both[1]?.InstanceId, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is not currently registered with the LoadBalancer.' },
    ]);
    // Without explicit Instances only registered ones are listed.
    expect((await built(handlers.DescribeInstanceHealth)({ LoadBalancerName: 'lb' }, context(at))).InstanceStates).toEqual([]);
    nowMs += 60_000;
    expect((await health())?.[0]).toEqual({ InstanceId: both[0]?.InstanceId, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is not currently registered with the LoadBalancer.' });
  });

  it('ends a drain when the instance is registered again', async () => {
    const { handlers, runInstances } = setUp(undefined, { drainingNowMs: () => 0 });
    const at = new Date('2026-01-01T00:00:00.000Z');
    await built(handlers.CreateLoadBalancer)(
      { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], AvailabilityZones: ['us-east-1a'] },
      context(at),
    );
    await built(handlers.ModifyLoadBalancerAttributes)({ LoadBalancerName: 'lb', LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 300 } } }, context(at));
    const launched = await runInstances({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'us-east-1a' } }, context(at));
    const instance = { InstanceId: launched.Instances?.[0]?.InstanceId ?? '' };
    await built(handlers.RegisterInstancesWithLoadBalancer)({ LoadBalancerName: 'lb', Instances: [instance] }, context(at));
    await built(handlers.DeregisterInstancesFromLoadBalancer)({ LoadBalancerName: 'lb', Instances: [instance] }, context(at));
    await built(handlers.RegisterInstancesWithLoadBalancer)({ LoadBalancerName: 'lb', Instances: [instance] }, context(at));
    await built(handlers.DeregisterInstancesFromLoadBalancer)({ LoadBalancerName: 'lb', Instances: [instance] }, context(at));
    await built(handlers.ModifyLoadBalancerAttributes)({ LoadBalancerName: 'lb', LoadBalancerAttributes: { ConnectionDraining: { Enabled: false } } }, context(at));
    await built(handlers.RegisterInstancesWithLoadBalancer)({ LoadBalancerName: 'lb', Instances: [instance] }, context(at));
    await built(handlers.DeregisterInstancesFromLoadBalancer)({ LoadBalancerName: 'lb', Instances: [instance] }, context(at));
    const states = await built(handlers.DescribeInstanceHealth)({ LoadBalancerName: 'lb', Instances: [instance] }, context(at));
    expect(states.InstanceStates?.[0]?.Description).toBe('Instance is not currently registered with the LoadBalancer.');
  });
});
