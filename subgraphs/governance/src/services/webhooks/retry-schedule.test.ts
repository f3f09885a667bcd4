import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-schedule';

const schedule = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 10_000 };

describe('webhook retry schedule', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    const ceiling = (attempt: number) => retryDelayMs(schedule, attempt, () => 0.999_999) + 1;
    expect([1, 2, 3, 4, 5, 9].map(ceiling)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('draws each wait anywhere between zero and the ceiling', () => {
    expect(retryDelayMs(schedule, 3, () => 0)).toBe(0);
    expect(retryDelayMs(schedule, 3, () => 0.5)).toBe(2000);
    const draws = Array.from({ length: 200 }, () => retryDelayMs(schedule, 2));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(2000);
    expect(new Set(draws).size).toBeGreaterThan(50);
  });
});
