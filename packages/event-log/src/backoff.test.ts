import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

const options = { intervalMs: 1000, maxDelayMs: 60_000 };

describe('retryDelay', () => {
  it('waits the normal interval when the last run succeeded', () => {
    expect(retryDelay(0, { ...options, random: () => 0.99 })).toBe(1000);
  });

  it('doubles per consecutive failure up to the cap', () => {
    const top = { ...options, random: () => 1 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(n, top))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(retryDelay(10_000, top)).toBe(60_000);
  });

  it('takes a random half off, so replicas that failed together spread out', () => {
    expect(retryDelay(3, { ...options, random: () => 0 })).toBe(2000);
    expect(retryDelay(3, { ...options, random: () => 0.5 })).toBe(3000);
  });

  it('never waits less than the interval allows when the cap is set below it', () => {
    expect(retryDelay(5, { intervalMs: 1000, maxDelayMs: 10, random: () => 1 })).toBe(1000);
  });
});
