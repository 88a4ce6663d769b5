import type { Clock, TimerHandle } from './clock.js';

export interface DeadlineTimer {
  /** Re-reads the earliest deadline and waits for it (call after anything that may have changed it). */
  reschedule(): void;
  /** Cancels the timer; idempotent. */
  close(): void;
}

/**
 * One timer on the injected clock for the earliest of many deadlines (draining targets'
 * deregistration delays): when it fires, everything due expires and the next deadline is read.
 * Only one timer is ever pending, and none once nothing is left to wait for.
 */
export function createDeadlineTimer(options: {
  clock: Clock;
  /** The earliest pending deadline, in the clock's milliseconds; undefined: none. */
  nextDeadlineMs: () => number | undefined;
  /** Ends everything due at `nowMs`. */
  expire: (nowMs: number) => void;
  onError?: (error: unknown) => void;
}): DeadlineTimer {
  let timer: TimerHandle | undefined;
  let scheduledMs: number | undefined;
  let isClosed = false;

  function reschedule() {
    if (isClosed) return;
    const deadlineMs = options.nextDeadlineMs();
    if (deadlineMs === scheduledMs && timer !== undefined) return;
    timer?.cancel();
    timer = undefined;
    scheduledMs = deadlineMs;
    if (deadlineMs === undefined) return;
    timer = options.clock.setTimer(fire, Math.max(0, deadlineMs - options.clock.nowMs()));
  }

  function fire() {
    timer = undefined;
    scheduledMs = undefined;
    if (isClosed) return;
    try {
      options.expire(options.clock.nowMs());
    } catch (error) {
      options.onError?.(error);
    }
    reschedule();
  }

  return {
    reschedule,
    close() {
      isClosed = true;
      timer?.cancel();
      timer = undefined;
    },
  };
}
