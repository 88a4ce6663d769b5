import { describe, expect, it } from 'vitest';
import { classicDebugRouteValue } from './classic-debug-route.js';
import { httpListener, instance } from './testing/classic-routes.js';

describe('classicDebugRouteValue', () => {
  const listener = httpListener({ instancePort: 8080 });

  it('names the instance and its port, or none when the load balancer answered itself', () => {
    expect(classicDebugRouteValue({ instance: instance('i-1', 'us-east-1a'), listener, stickiness: undefined, stickyRoute: undefined })).toBe('target=i-1:8080');
    expect(classicDebugRouteValue({ instance: undefined, listener, stickiness: undefined, stickyRoute: undefined })).toBe('target=none');
  });

  it('adds the stickiness policy kind and how its cookie decided', () => {
    expect(
      classicDebugRouteValue({
        instance: instance('i-2', 'us-east-1b'),
        listener,
        stickiness: { kind: 'duration', policyName: 'd', expirationPeriodSeconds: 60 },
        stickyRoute: { pinned: instance('i-2', 'us-east-1b'), outcome: { cookie: 'AWSELB', outcome: 'hit', reason: 'cookie' }, isFailover: false },
      }),
    ).toBe('target=i-2:8080; stickiness=duration:hit');
  });
});
