import { describe, expect, it } from 'vitest';
import { createManualClock, createScaledClock } from './clock.js';

describe('createScaledClock', () => {
  it('advances virtual time speed times faster than wall time', () => {
    let wallMs = 1_000;
    const clock = createScaledClock(10, () => wallMs);
    wallMs += 50;
    expect(clock.nowMs()).toBe(1_500);
  });

  it('fires a timer after delay / speed real milliseconds and counts it until then', async () => {
    const clock = createScaledClock(1_000);
    const fired = new Promise<void>((resolve) => clock.setTimer(resolve, 30_000));
    expect(clock.pendingTimers()).toBe(1);
    await fired;
    expect(clock.pendingTimers()).toBe(0);
  });

  it('forgets a cancelled timer, once', () => {
    const clock = createScaledClock(1);
    const timer = clock.setTimer(() => expect.unreachable(), 60_000);
    timer.cancel();
    timer.cancel();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refuses a speed that is not a positive number', () => {
    expect(() => createScaledClock(0)).toThrow(RangeError);
  });
});

describe('createManualClock', () => {
  it('fires due timers in due order as time advances, and only those', () => {
    const clock = createManualClock(0);
    const fired: string[] = [];
    clock.setTimer(() => fired.push('b'), 200);
    clock.setTimer(() => fired.push('a'), 100);
    clock.setTimer(() => fired.push('c'), 300);
    clock.advance(250);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.nowMs()).toBe(250);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fires timers set by timers when they fall due within the same advance', () => {
    const clock = createManualClock(0);
    const times: number[] = [];
    const tick = () => {
      times.push(clock.nowMs());
      clock.setTimer(tick, 10);
    };
    clock.setTimer(tick, 10);
    clock.advance(35);
    expect(times).toEqual([10, 20, 30]);
  });
});
