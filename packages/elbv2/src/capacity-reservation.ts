import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import type { CapacityReservation, LoadBalancerRecord } from './load-balancer-repository.js';

/**
 * LCU reservations (ALB/NLB/GWLB guides, "Request Load balancer Capacity Unit reservation"):
 * - capacity "is evenly distributed across availability zones", so each zone's
 *   EffectiveCapacityUnits is the reservation divided by the zone count;
 * - "you can only decrease the reserved capacity two times per day" (a reset counts as a
 *   decrease here: it lowers the reservation; elbow's reading);
 * - elbow provisions at once, so a zone's state is `provisioned` and no request is ever pending.
 * The minimum (100 LCUs, the guides' CLI example) and maximum (elbow's choice, 15 000) are
 * unverified as limits, as are the messages.
 */
export const DECREASES_PER_DAY = 2;
export const MIN_CAPACITY_UNITS = 100;
export const MAX_CAPACITY_UNITS = 15_000;

export interface CapacityView {
  LastModifiedTime?: Date;
  DecreaseRequestsRemaining?: number;
  MinimumLoadBalancerCapacity?: elbv2.MinimumLoadBalancerCapacity;
  CapacityReservationState?: elbv2.ZonalCapacityReservationState[];
}

/** What Describe/ModifyCapacityReservation answer for a load balancer. */
export function describeCapacity(loadBalancer: Pick<LoadBalancerRecord, 'availabilityZones' | 'capacity'>, now: Date): CapacityView {
  const { capacity } = loadBalancer;
  const units = capacity.minimumCapacityUnits;
  return {
    ...(capacity.lastModifiedAt !== undefined ? { LastModifiedTime: new Date(capacity.lastModifiedAt) } : {}),
    DecreaseRequestsRemaining: decreasesRemaining(capacity, now),
    ...(units !== undefined ? { MinimumLoadBalancerCapacity: { CapacityUnits: units } } : {}),
    CapacityReservationState:
      units === undefined
        ? []
        : loadBalancer.availabilityZones.map((zone) => ({
            State: { Code: 'provisioned' },
            AvailabilityZone: zone.zoneName,
            EffectiveCapacityUnits: units / loadBalancer.availabilityZones.length,
          })),
  };
}

/** The decreases left today (UTC): the stored count if it was last modified today, else the full allowance. */
function decreasesRemaining(capacity: CapacityReservation, now: Date): number {
  if (capacity.lastModifiedAt === undefined || capacity.decreaseRequestsRemaining === undefined) return DECREASES_PER_DAY;
  return capacity.lastModifiedAt.slice(0, 10) === now.toISOString().slice(0, 10) ? capacity.decreaseRequestsRemaining : DECREASES_PER_DAY;
}

/** Validates a ModifyCapacityReservation and returns the reservation to store. */
export function applyCapacityChange(
  current: CapacityReservation,
  input: Pick<elbv2.ModifyCapacityReservationInput, 'MinimumLoadBalancerCapacity' | 'ResetCapacityReservation'>,
  now: Date,
): CapacityReservation {
  const requested = input.MinimumLoadBalancerCapacity?.CapacityUnits;
  const isReset = input.ResetCapacityReservation === true;
  if (requested !== undefined && isReset) {
    throw validationError('You cannot specify both MinimumLoadBalancerCapacity and ResetCapacityReservation');
  }
  if (requested === undefined && !isReset) {
    // "you must include at least one MinimumLoadBalancerCapacity or ResetCapacityReservation" [M1 doc].
    throw validationError('You must specify either MinimumLoadBalancerCapacity or ResetCapacityReservation');
  }
  if (requested !== undefined && requested < MIN_CAPACITY_UNITS) {
    throw new ServiceError('InvalidConfigurationRequest', `The minimum capacity units must be at least ${MIN_CAPACITY_UNITS}`);
  }
  if (requested !== undefined && requested > MAX_CAPACITY_UNITS) {
    throw new ServiceError('CapacityUnitsLimitExceeded', `The requested capacity units exceed the limit of ${MAX_CAPACITY_UNITS}`);
  }
  const currentUnits = current.minimumCapacityUnits;
  const isDecrease = currentUnits !== undefined && (isReset || (requested !== undefined && requested < currentUnits));
  let remaining = decreasesRemaining(current, now);
  if (isDecrease) {
    if (remaining === 0) {
      throw new ServiceError('CapacityDecreaseRequestLimitExceeded', `You've exceeded the daily capacity decrease limit for this reservation.`);
    }
    remaining -= 1;
  }
  return { minimumCapacityUnits: isReset ? undefined : requested, lastModifiedAt: now.toISOString(), decreaseRequestsRemaining: remaining };
}
