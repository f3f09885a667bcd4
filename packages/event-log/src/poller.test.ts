import { describe, expect, it, vi } from 'vitest';
import { pollContinuously } from './poller';

describe('pollContinuously', () => {
  it('backs off while runs fail, reports why, and returns to the interval after a success', async () => {
    vi.useFakeTimers();
    try {
      let failing = true;
      const runs: number[] = [];
      const errors: number[] = [];
      const poller = pollContinuously(
        {
          catchUp: async () => {
            runs.push(Date.now());
            if (failing) throw new Error('database unreachable');
          },
        },
        {
          intervalMs: 100,
          maxRetryDelayMs: 400,
          random: () => 1,
          onError: (_e, s) => errors.push(s.failures),
        },
      );
      await vi.advanceTimersByTimeAsync(0);
      await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400);
      const gaps = runs.slice(1).map((t, i) => t - runs[i]!);
      expect(gaps).toEqual([100, 200, 400, 400]);
      expect(errors).toEqual([1, 2, 3, 4, 5]);
      expect(poller.status()).toMatchObject({ failures: 5, lastError: 'Error: database unreachable' });

      failing = false;
      await vi.advanceTimersByTimeAsync(400);
      expect(poller.status()).toMatchObject({ failures: 0 });
      const before = runs.length;
      await vi.advanceTimersByTimeAsync(300);
      expect(runs.length - before).toBe(3);
      await poller.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
