import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createDeadlineTimer } from './deadline-timer.js';

/** Deadlines kept in a list, as the draining table keeps them. */
function deadlines(clock = createManualClock()) {
  const pending: number[] = [];
  const expired: number[] = [];
  const timer = createDeadlineTimer({
    clock,
    nextDeadlineMs: () => (pending.length === 0 ? undefined : Math.min(...pending)),
    expire: (nowMs) => {
      for (const deadline of pending.filter((value) => value <= nowMs)) {
        pending.splice(pending.indexOf(deadline), 1);
        expired.push(deadline);
      }
    },
  });
  return { clock, pending, expired, timer };
}

describe('createDeadlineTimer', () => {
  it('expires each deadline when the clock reaches it, keeping one timer pending at most', () => {
    const { clock, pending, expired, timer } = deadlines();
    pending.push(300_000, 5_000);
    timer.reschedule();
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(4_999);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired).toEqual([5_000]);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(295_000);
    expect(expired).toEqual([5_000, 300_000]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('moves its timer to an earlier deadline added later, and leaves none after close', () => {
    const { clock, pending, expired, timer } = deadlines();
    pending.push(60_000);
    timer.reschedule();
    pending.push(1_000);
    timer.reschedule();
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(1_000);
    expect(expired).toEqual([1_000]);
    timer.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps going after an expiry that throws', () => {
    const clock = createManualClock();
    const errors: unknown[] = [];
    let calls = 0;
    const timer = createDeadlineTimer({
      clock,
      nextDeadlineMs: () => (calls < 2 ? 1_000 * (calls + 1) : undefined),
      expire: () => {
        calls += 1;
        if (calls === 1) throw new Error('store busy');
      },
      onError: (error) => errors.push(error),
    });
    timer.reschedule();
    clock.advance(5_000);
    expect([calls, errors.length, clock.pendingTimers()]).toEqual([2, 1, 0]);
  });
});
