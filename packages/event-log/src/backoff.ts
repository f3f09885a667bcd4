export interface BackoffOptions {
  /** The normal poll interval, and the first retry delay after a failure. */
  intervalMs: number;
  /** No retry waits longer than this (before jitter is taken off). */
  maxDelayMs: number;
  /** [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * How long a poller waits after `failures` consecutive failed attempts (0 after a success):
 * the interval, doubled per failure up to the cap, with "equal jitter" (a random half taken
 * off) so replicas that failed together do not retry together.
 */
export function retryDelay(failures: number, options: BackoffOptions): number {
  const { intervalMs, maxDelayMs, random = Math.random } = options;
  if (failures <= 0) return intervalMs;
  const cap = Math.max(intervalMs, maxDelayMs);
  // 2 ** 30 already exceeds any sane cap; stop there so the exponent cannot overflow.
  const exponential = Math.min(cap, intervalMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
