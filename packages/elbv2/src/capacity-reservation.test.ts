import { describe, expect, it } from 'vitest';
import { ServiceError } from '@elbow/query-protocol';
import { applyCapacityChange, describeCapacity } from './capacity-reservation.js';

const zones = [
  { zoneName: 'us-east-1a', subnetId: 'subnet-a' },
  { zoneName: 'us-east-1b', subnetId: 'subnet-b' },
];
const morning = new Date('2024-05-01T08:00:00.000Z');
const noon = new Date('2024-05-01T12:00:00.000Z');
const nextDay = new Date('2024-05-02T08:00:00.000Z');

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('capacity reservations', () => {
  it('describes no reservation with the full daily allowance', () => {
    expect(describeCapacity({ availabilityZones: zones, capacity: {} }, noon)).toEqual({ DecreaseRequestsRemaining: 2, CapacityReservationState: [] });
  });

  it('spreads a reservation evenly over the zones, provisioned at once', () => {
    const capacity = applyCapacityChange({}, { MinimumLoadBalancerCapacity: { CapacityUnits: 300 } }, morning);
    expect(describeCapacity({ availabilityZones: zones, capacity }, noon)).toEqual({
      LastModifiedTime: morning,
      DecreaseRequestsRemaining: 2,
      MinimumLoadBalancerCapacity: { CapacityUnits: 300 },
      CapacityReservationState: [
        { State: { Code: 'provisioned' }, AvailabilityZone: 'us-east-1a', EffectiveCapacityUnits: 150 },
        { State: { Code: 'provisioned' }, AvailabilityZone: 'us-east-1b', EffectiveCapacityUnits: 150 },
      ],
    });
  });

  it('allows two decreases a day (a reset is one) and any number of increases', () => {
    let capacity = applyCapacityChange({}, { MinimumLoadBalancerCapacity: { CapacityUnits: 1000 } }, morning);
    capacity = applyCapacityChange(capacity, { MinimumLoadBalancerCapacity: { CapacityUnits: 500 } }, morning);
    capacity = applyCapacityChange(capacity, { MinimumLoadBalancerCapacity: { CapacityUnits: 900 } }, morning);
    capacity = applyCapacityChange(capacity, { ResetCapacityReservation: true }, morning);
    expect(capacity).toMatchObject({ minimumCapacityUnits: undefined, decreaseRequestsRemaining: 0 });
    capacity = applyCapacityChange(capacity, { MinimumLoadBalancerCapacity: { CapacityUnits: 800 } }, noon);
    const current = capacity;
    expect(code(() => applyCapacityChange(current, { MinimumLoadBalancerCapacity: { CapacityUnits: 700 } }, noon))).toBe('CapacityDecreaseRequestLimitExceeded');
    expect(applyCapacityChange(current, { MinimumLoadBalancerCapacity: { CapacityUnits: 700 } }, nextDay).decreaseRequestsRemaining).toBe(1);
  });

  it.each([
    [{}, 'ValidationError'],
    [{ MinimumLoadBalancerCapacity: { CapacityUnits: 100 }, ResetCapacityReservation: true }, 'ValidationError'],
    [{ MinimumLoadBalancerCapacity: { CapacityUnits: 99 } }, 'InvalidConfigurationRequest'],
    [{ MinimumLoadBalancerCapacity: { CapacityUnits: 15001 } }, 'CapacityUnitsLimitExceeded'],
  ])('refuses %j', (input, expected) => {
    expect(code(() => applyCapacityChange({}, input, noon))).toBe(expected);
  });
});
