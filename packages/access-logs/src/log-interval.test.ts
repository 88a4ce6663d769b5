import { describe, expect, it } from 'vitest';
import { intervalEndMs, intervalLengthMs } from './log-interval.js';

describe('access-log intervals', () => {
  it('puts 23:35:00–23:39:59.999 in the interval ending 23:40 (5 minutes [D1])', () => {
    const length = intervalLengthMs(5, undefined);
    expect(length).toBe(300_000);
    expect(intervalEndMs(Date.parse('2014-02-15T23:35:00Z'), length)).toBe(Date.parse('2014-02-15T23:40:00Z'));
    expect(intervalEndMs(Date.parse('2014-02-15T23:39:59.999Z'), length)).toBe(Date.parse('2014-02-15T23:40:00Z'));
    expect(intervalEndMs(Date.parse('2014-02-15T23:40:00Z'), length)).toBe(Date.parse('2014-02-15T23:45:00Z'));
  });

  it('aligns 60-minute classic intervals to the hour', () => {
    expect(intervalEndMs(Date.parse('2014-02-15T23:05:00Z'), intervalLengthMs(60, undefined))).toBe(Date.parse('2014-02-16T00:00:00Z'));
  });

  it('uses --access-log-interval seconds in place of AWS\'s minutes', () => {
    const length = intervalLengthMs(60, 2);
    expect(length).toBe(2000);
    expect(intervalEndMs(Date.parse('2014-02-15T23:05:01Z'), length)).toBe(Date.parse('2014-02-15T23:05:02Z'));
  });
});
