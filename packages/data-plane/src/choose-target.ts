import type { RandomNumber } from './choose-target-group.js';

/**
 * Input for one target choice inside a target group, per `load_balancing.algorithm.type`
 * (headers-and-routing.md §4 [M1][D7]). `targets` are the routable ones (healthy, or all of
 * them when the group fails open), in a stable order; state lives with the caller.
 */
export type ChooseTargetInput<T> =
  | { readonly algorithm: 'round_robin'; readonly targets: readonly T[]; readonly cursor: number }
  | {
      readonly algorithm: 'least_outstanding_requests';
      readonly targets: readonly T[];
      readonly cursor: number;
      /** In-flight request count per target, index-aligned with `targets`. */
      readonly inFlight: readonly number[];
    }
  | {
      readonly algorithm: 'weighted_random';
      readonly targets: readonly T[];
      readonly random: RandomNumber;
      /** Per-target weights (anomaly mitigation lowers a target's); equal when omitted. */
      readonly weights?: readonly number[];
    };

export interface TargetChoice<T> {
  readonly target: T;
  readonly index: number;
  /** The round-robin cursor to pass to the next choice (unchanged by weighted_random). */
  readonly cursor: number;
}

export function chooseTarget<T>(input: ChooseTargetInput<T>): TargetChoice<T> | undefined {
  const { targets } = input;
  if (targets.length === 0) return undefined;
  switch (input.algorithm) {
    case 'round_robin': {
      const index = positiveModulo(input.cursor, targets.length);
      return { target: targets[index] as T, index, cursor: index + 1 };
    }
    case 'least_outstanding_requests': {
      // Fewest in-flight requests wins; ties go to the first tied target at or after the
      // round-robin cursor, so equal targets still rotate (decision: AWS does not say).
      const start = positiveModulo(input.cursor, targets.length);
      let best = start;
      for (let step = 1; step < targets.length; step++) {
        const index = (start + step) % targets.length;
        if ((input.inFlight[index] ?? 0) < (input.inFlight[best] ?? 0)) best = index;
      }
      return { target: targets[best] as T, index: best, cursor: best + 1 };
    }
    case 'weighted_random': {
      const weights = targets.map((_, index) => Math.max(0, input.weights?.[index] ?? 1));
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      if (total === 0) return undefined;
      let point = Math.min(Math.max(input.random(), 0), 1 - Number.EPSILON) * total;
      let index = 0;
      for (; index < targets.length - 1; index++) {
        const weight = weights[index] ?? 0;
        if (weight > 0 && point < weight) break;
        point -= weight;
      }
      while ((weights[index] ?? 0) === 0) index--;
      return { target: targets[index] as T, index, cursor: 0 };
    }
  }
}

function positiveModulo(value: number, modulus: number): number {
  const safe = Number.isSafeInteger(value) ? value : 0;
  return ((safe % modulus) + modulus) % modulus;
}
