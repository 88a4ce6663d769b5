/**
 * Per-target weights while targets are in slow start (headers-and-routing.md §4 [D7]): a target
 * in its window weighs the fraction of the window elapsed, every other target 1, so its share of
 * new requests rises linearly to an even share. Undefined when no target is ramping, or when
 * every routable target is (nothing to ramp against: the first targets of an empty group do not
 * enter slow start [D7], and a group must not go dark).
 */
export function slowStartWeights(
  targets: readonly { readonly slowStart?: { readonly startedAtMs: number; readonly durationMs: number } | undefined }[],
  nowMs: number,
): number[] | undefined {
  let isRamping = false;
  let hasFullShare = false;
  const weights = targets.map(({ slowStart }) => {
    if (slowStart === undefined || slowStart.durationMs <= 0) {
      hasFullShare = true;
      return 1;
    }
    const fraction = (nowMs - slowStart.startedAtMs) / slowStart.durationMs;
    if (fraction >= 1) {
      hasFullShare = true;
      return 1;
    }
    isRamping = true;
    return Math.max(0, fraction);
  });
  return isRamping && hasFullShare ? weights : undefined;
}
