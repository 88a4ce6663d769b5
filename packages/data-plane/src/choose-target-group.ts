import type { elbv2 } from '@elbow/api-models';

/** Injected randomness (STYLE rule 7): a number in [0, 1), like Math.random. */
export type RandomNumber = () => number;

/**
 * Picks a target group of a weighted forward for a request without a usable AWSALBTG cookie:
 * traffic splits in proportion to weights (10 vs 20 → 1:2), and a weight-0 group gets no new
 * requests (headers-and-routing.md §3, elbv2-validation.md §2d [D2][D4]). A tuple without
 * `Weight` counts as 1, as AWS shows a single forward target group (elbv2-validation.md §2d).
 * Undefined when every weight is 0.
 */
export function chooseTargetGroup(
  tuples: readonly elbv2.TargetGroupTuple[],
  random: RandomNumber,
): elbv2.TargetGroupTuple | undefined {
  const weights = tuples.map((tuple) => Math.max(0, tuple.Weight ?? 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return undefined;
  let point = Math.min(Math.max(random(), 0), 1 - Number.EPSILON) * total;
  for (const [index, tuple] of tuples.entries()) {
    const weight = weights[index] ?? 0;
    if (weight > 0 && point < weight) return tuple;
    point -= weight;
  }
  // Unreachable with a random number in [0, 1); kept total for floating-point edge cases.
  return tuples.findLast((_, index) => (weights[index] ?? 0) > 0);
}
