import type { Ec2Inventory } from '@elbow/ec2';
import type { RequestContext } from '@elbow/query-protocol';
import type { Scope } from './handler-types.js';
import { elbErrors } from './elb-errors.js';
import type { ClassicDrainingRepository } from './classic-draining-repository.js';
import type { LiveInstanceHealth } from './instance-health.js';
import type { ClassicLoadBalancer, ClassicLoadBalancerRepository } from './load-balancer-repository.js';
import type { ClassicPolicyRepository } from './policy-repository.js';
import type { ClassicTagRepository } from './tag-repository.js';

/** What the classic handlers share: repositories, the EC2 inventory, and the injected clock and randomness. */
export interface ElbDeps {
  readonly loadBalancers: ClassicLoadBalancerRepository;
  readonly policies: ClassicPolicyRepository;
  readonly tags: ClassicTagRepository;
  readonly ec2: Ec2Inventory;
  /** Overrides the request time (tests pass a fixed clock); otherwise the request's own `now`. */
  readonly clock: (() => Date) | undefined;
  readonly randomHex: (length: number) => string;
  /** How long a new registration reports "Instance registration is still in progress." (0: InService at once). */
  readonly registrationSettleMs: number;
  /** Instances in their connection-draining timeout (migration 009). */
  readonly draining: ClassicDrainingRepository;
  /** elbow's clock in ms for draining deadlines (`--clock-speed`). */
  readonly drainingNowMs: () => number;
  /** Live health checks' verdicts (packages/health through the emulator); undefined: none run. */
  readonly liveInstanceHealth: LiveInstanceHealth | undefined;
}

export function requireLoadBalancer(deps: ElbDeps, scope: Scope, name: string): ClassicLoadBalancer {
  const loadBalancer = deps.loadBalancers.find(scope, name);
  if (!loadBalancer) throw elbErrors.loadBalancerNotFound(name);
  return loadBalancer;
}

/** The time of a call: the injected clock, else the request's (STYLE rule 7). */
export function nowOf(deps: ElbDeps, context: RequestContext): Date {
  return deps.clock?.() ?? context.now;
}
