import { chooseTarget } from '../choose-target.js';
import type { RandomNumber } from '../choose-target-group.js';
import { zonalTargets } from '../zonal-targets.js';
import type { ClassicInstanceRoute, ClassicLoadBalancerRoute, ClassicProtocol } from './classic-routing-config.js';

/**
 * Classic load balancers use "round robin for TCP listeners, least outstanding requests for
 * HTTP and HTTPS listeners" (ELB user guide, How Elastic Load Balancing works, routing algorithm).
 */
export function classicAlgorithm(protocol: ClassicProtocol): 'round_robin' | 'least_outstanding_requests' {
  return protocol === 'HTTP' || protocol === 'HTTPS' ? 'least_outstanding_requests' : 'round_robin';
}

/** Instances that may get new requests: routable, and not draining (a draining one keeps only its in-flight work). */
export function routableInstances(loadBalancer: ClassicLoadBalancerRoute): ClassicInstanceRoute[] {
  return loadBalancer.instances.filter((instance) => instance.isRoutable && instance.drainingUntilMs === undefined);
}

export interface ClassicInstanceChoiceInput {
  readonly loadBalancer: ClassicLoadBalancerRoute;
  readonly protocol: ClassicProtocol;
  readonly cursor: number;
  /** In-flight requests per instance id (least outstanding requests). */
  readonly inFlight: (instanceId: string) => number;
  readonly random: RandomNumber;
}

/**
 * The instance a new request (or TCP connection) goes to, with the cursor to keep for the next
 * choice; undefined when no instance may take it (the caller answers 503 or closes).
 * Cross-zone off (the default for API-created classic load balancers [D4]): the request lands
 * on one zone's node, picked as DNS picks one, and stays in that zone (zonal-targets.ts).
 */
export function chooseClassicInstance(input: ClassicInstanceChoiceInput): { instance: ClassicInstanceRoute; cursor: number } | undefined {
  const routable = routableInstances(input.loadBalancer);
  const candidates = input.loadBalancer.isCrossZoneEnabled
    ? routable
    : (zonalTargets(routable, input.loadBalancer.availabilityZones, input.random)?.targets ?? []);
  const algorithm = classicAlgorithm(input.protocol);
  const choice =
    algorithm === 'round_robin'
      ? chooseTarget({ algorithm, targets: candidates, cursor: input.cursor })
      : chooseTarget({ algorithm, targets: candidates, cursor: input.cursor, inFlight: candidates.map((instance) => input.inFlight(instance.instanceId)) });
  return choice === undefined ? undefined : { instance: choice.target, cursor: choice.cursor };
}
