import { describe, expect, it } from 'vitest';
import { chooseClassicInstance, classicAlgorithm, routableInstances } from './choose-classic-instance.js';
import { classicLoadBalancerRoute, instance } from './testing/classic-routes.js';

const noneInFlight = () => 0;

describe('classicAlgorithm', () => {
  it('is least outstanding requests for HTTP/HTTPS and round robin for TCP/SSL', () => {
    expect(['HTTP', 'HTTPS', 'TCP', 'SSL'].map((protocol) => classicAlgorithm(protocol as 'HTTP'))).toEqual([
      'least_outstanding_requests',
      'least_outstanding_requests',
      'round_robin',
      'round_robin',
    ]);
  });
});

describe('chooseClassicInstance', () => {
  it('rotates through routable instances when none has requests in flight', () => {
    const loadBalancer = classicLoadBalancerRoute();
    let cursor = 0;
    const chosen = [1, 2, 3].map(() => {
      const choice = chooseClassicInstance({ loadBalancer, protocol: 'HTTP', cursor, inFlight: noneInFlight, random: () => 0 });
      cursor = choice?.cursor ?? 0;
      return choice?.instance.instanceId;
    });
    expect(chosen).toEqual(['i-1', 'i-2', 'i-1']);
  });

  it('prefers the instance with the fewest requests in flight on HTTP listeners', () => {
    const loadBalancer = classicLoadBalancerRoute();
    const inFlight = (id: string) => (id === 'i-1' ? 3 : 1);
    expect(chooseClassicInstance({ loadBalancer, protocol: 'HTTP', cursor: 0, inFlight, random: () => 0 })?.instance.instanceId).toBe('i-2');
    expect(chooseClassicInstance({ loadBalancer, protocol: 'TCP', cursor: 0, inFlight, random: () => 0 })?.instance.instanceId).toBe('i-1');
  });

  it('skips unroutable and draining instances; none left → undefined', () => {
    const loadBalancer = classicLoadBalancerRoute({
      instances: [instance('i-1', 'us-east-1a', { isRoutable: false }), instance('i-2', 'us-east-1a', { drainingUntilMs: 1 }), instance('i-3', 'us-east-1a')],
    });
    expect(routableInstances(loadBalancer).map((route) => route.instanceId)).toEqual(['i-3']);
    expect(chooseClassicInstance({ loadBalancer, protocol: 'TCP', cursor: 0, inFlight: noneInFlight, random: () => 0 })?.instance.instanceId).toBe('i-3');
    const empty = classicLoadBalancerRoute({ instances: [instance('i-1', 'us-east-1a', { isRoutable: false })] });
    expect(chooseClassicInstance({ loadBalancer: empty, protocol: 'HTTP', cursor: 0, inFlight: noneInFlight, random: () => 0 })).toBeUndefined();
  });

  it('keeps a request in the zone its node is in when cross-zone load balancing is off', () => {
    const loadBalancer = classicLoadBalancerRoute({
      isCrossZoneEnabled: false,
      instances: [instance('i-a1', 'us-east-1a'), instance('i-a2', 'us-east-1a'), instance('i-b1', 'us-east-1b')],
    });
    const inZoneB = [0, 1, 2].map(
      (cursor) => chooseClassicInstance({ loadBalancer, protocol: 'TCP', cursor, inFlight: noneInFlight, random: () => 0.99 })?.instance.instanceId,
    );
    expect(inZoneB).toEqual(['i-b1', 'i-b1', 'i-b1']);
    const inZoneA = [0, 1].map((cursor) => chooseClassicInstance({ loadBalancer, protocol: 'TCP', cursor, inFlight: noneInFlight, random: () => 0 })?.instance.instanceId);
    expect(inZoneA).toEqual(['i-a1', 'i-a2']);
  });
});
