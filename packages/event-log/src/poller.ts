import { retryDelay } from './backoff';
import { describeFailure } from './failures';

/** What a background poller knows about its last runs; `/readyz` reports it. */
export interface PollerStatus {
  /** Consecutive failed runs; 0 once a run succeeds. */
  failures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastSuccessAt: Date | null;
  /** When the next run is due. */
  nextRunAt: Date | null;
}

export interface PollOptions {
  intervalMs: number;
  /** Cap of the exponential backoff after failures; defaults to 60 × the interval. */
  maxRetryDelayMs?: number;
  onError: (error: unknown, status: PollerStatus) => void;
  random?: () => number;
}

export interface Poller {
  stop: () => Promise<void>;
  status: () => PollerStatus;
}

/**
 * Runs `catchUp` on an interval until stopped. A failure is reported, never fatal, and the next
 * run waits longer each time (capped, jittered); the first success restores the interval.
 */
export function pollContinuously(
  consumer: { catchUp: () => Promise<unknown> },
  options: PollOptions,
): Poller {
  const maxDelayMs = options.maxRetryDelayMs ?? options.intervalMs * 60;
  const state: PollerStatus = {
    failures: 0,
    lastError: null,
    lastErrorAt: null,
    lastSuccessAt: null,
    nextRunAt: new Date(),
  };
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    state.nextRunAt = null;
    running = consumer
      .catchUp()
      .then(
        () => {
          state.failures = 0;
          state.lastSuccessAt = new Date();
        },
        (error: unknown) => {
          state.failures += 1;
          state.lastError = describeFailure(error, 500);
          state.lastErrorAt = new Date();
          try {
            options.onError(error, { ...state });
          } catch {
            // A failing reporter must not stop the poller.
          }
        },
      )
      .finally(() => {
        if (stopped) return;
        const delay = retryDelay(state.failures, {
          intervalMs: options.intervalMs,
          maxDelayMs,
          random: options.random,
        });
        state.nextRunAt = new Date(Date.now() + delay);
        timer = setTimeout(tick, delay);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    status: () => ({ ...state }),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
