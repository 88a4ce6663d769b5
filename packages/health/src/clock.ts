/**
 * The one clock every health-check interval, timeout, draining delay and slow-start window goes
 * through (issue 5, "time control for tests"). `speed` N makes every duration run N times faster:
 * a 30-second interval fires after 30/N real seconds, and `nowMs()` advances N virtual
 * milliseconds per real one. Tests inject a manual clock and advance it instead of sleeping.
 */
export interface Clock {
  /** Virtual milliseconds since the epoch. */
  nowMs(): number;
  /** Calls `run` once after `delayMs` virtual milliseconds; the handle cancels it. */
  setTimer(run: () => void, delayMs: number): TimerHandle;
  /** Timers set and neither fired nor cancelled (the counters tests assert no timer leaks on). */
  pendingTimers(): number;
}

export interface TimerHandle {
  cancel(): void;
}

/** A real clock running `speed` times faster than wall time (`--clock-speed`). */
export function createScaledClock(speed: number, wallNowMs: () => number = Date.now): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  const startWallMs = wallNowMs();
  let pending = 0;
  return {
    nowMs: () => startWallMs + (wallNowMs() - startWallMs) * speed,
    setTimer(run, delayMs) {
      pending += 1;
      let isDone = false;
      const finish = () => {
        if (isDone) return false;
        isDone = true;
        pending -= 1;
        return true;
      };
      const timer = setTimeout(() => {
        if (finish()) run();
      }, Math.max(0, delayMs / speed));
      // A health check never keeps the process alive on its own.
      timer.unref();
      return {
        cancel() {
          if (finish()) clearTimeout(timer);
        },
      };
    },
    pendingTimers: () => pending,
  };
}

/** A clock that moves only when told to: for unit tests of anything scheduled. */
export interface ManualClock extends Clock {
  /** Moves time forward, firing every timer due on the way in due order. */
  advance(ms: number): void;
}

export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let sequence = 0;
  const timers = new Map<number, { dueMs: number; run: () => void }>();
  return {
    nowMs: () => now,
    setTimer(run, delayMs) {
      const id = ++sequence;
      timers.set(id, { dueMs: now + Math.max(0, delayMs), run });
      return { cancel: () => void timers.delete(id) };
    },
    pendingTimers: () => timers.size,
    advance(ms) {
      const targetMs = now + ms;
      for (;;) {
        let next: [number, { dueMs: number; run: () => void }] | undefined;
        for (const entry of timers) if (entry[1].dueMs <= targetMs && (next === undefined || entry[1].dueMs < next[1].dueMs)) next = entry;
        if (next === undefined) break;
        timers.delete(next[0]);
        now = next[1].dueMs;
        next[1].run();
      }
      now = targetMs;
    },
  };
}
