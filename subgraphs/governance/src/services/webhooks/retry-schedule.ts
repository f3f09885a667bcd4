export interface RetrySchedule {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * How long to wait after failed attempt `attempt` (1-based): "full jitter", a uniformly random
 * time up to min(max, base · 2^(attempt-1)). The randomness spreads the retries of many
 * deliveries that failed together (a receiver's outage) instead of sending them back at once.
 * `random` is injectable for tests.
 */
export function retryDelayMs(
  schedule: RetrySchedule,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
