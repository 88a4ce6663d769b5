/**
 * Access-log intervals (access-logs.md §1, §3): an ALB node publishes a file every 5 minutes
 * [D1], a classic one every EmitInterval (5 or 60 minutes) [D2][M2]; intervals are aligned to the
 * hour (files appear at :05, :10, ... [D2]). `--access-log-interval` replaces the length, in
 * seconds, for tests.
 */
export function intervalLengthMs(intervalMinutes: number, overrideSeconds: number | undefined): number {
  return overrideSeconds !== undefined ? overrideSeconds * 1000 : intervalMinutes * 60_000;
}

/** The end of the interval `timeMs` falls in: an entry logged exactly at an end starts the next interval. */
export function intervalEndMs(timeMs: number, lengthMs: number): number {
  return (Math.floor(timeMs / lengthMs) + 1) * lengthMs;
}
