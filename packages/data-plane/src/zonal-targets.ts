import type { RandomNumber } from './choose-target-group.js';

/** Targets in zone `all` are reachable from every zone (RegisterTargets AvailabilityZone doc). */
const ALL_ZONES = 'all';

/**
 * Cross-zone load balancing off for a target group (`load_balancing.cross_zone.enabled=false`,
 * issue 5): a request reaches one load-balancer node, picked as a client's DNS lookup picks one
 * (uniformly among the enabled zones whose node has a routable target of the group: a node with
 * none is taken out of DNS [D8 "DNS failover"]), and that node routes only to the group's targets
 * in its own zone. Each zone thus gets an even share, split among its own targets.
 * Returns the zone and its targets; undefined when no zone has one (the caller decides).
 */
export function zonalTargets<T extends { readonly availabilityZone: string | undefined }>(
  targets: readonly T[],
  zones: readonly string[],
  random: RandomNumber,
): { zone: string; targets: T[] } | undefined {
  const inZone = (zone: string) => targets.filter((target) => target.availabilityZone === zone || target.availabilityZone === ALL_ZONES);
  const serving = zones.filter((zone) => inZone(zone).length > 0);
  if (serving.length === 0) return undefined;
  const index = Math.min(serving.length - 1, Math.floor(Math.max(0, random()) * serving.length));
  const zone = serving[index] as string;
  return { zone, targets: inZone(zone) };
}
