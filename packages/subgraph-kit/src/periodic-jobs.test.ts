import pino from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { scheduleJobs } from './runtime';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recordingLogger() {
  const lines: { level: number; msg: string; job?: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

it('runs a job at each tick and logs a failed run as a warning, then runs it again', async () => {
  const { logger, lines } = recordingLogger();
  let calls = 0;
  const jobs = scheduleJobs(
    [
      {
        name: 'purge',
        intervalMs: 1000,
        run: async () => {
          calls++;
          if (calls === 1) throw new Error('governance is away');
          return { purged: 2 };
        },
      },
    ],
    logger,
  );
  await vi.advanceTimersByTimeAsync(1000);
  await vi.advanceTimersByTimeAsync(1000);
  await jobs.stop();
  expect(calls).toBe(2);
  const warning = lines.find((line) => line.level === 40);
  expect(warning).toMatchObject({ job: 'purge', msg: expect.stringMatching(/failed/) });
  expect(lines.find((line) => line.level === 20)).toMatchObject({ job: 'purge', outcome: { purged: 2 } });
});

it('never starts a second run of a job while one is under way, and stop waits for it', async () => {
  const { logger } = recordingLogger();
  let started = 0;
  let finish!: () => void;
  const jobs = scheduleJobs(
    [
      {
        name: 'slow',
        intervalMs: 100,
        run: () => {
          started++;
          return new Promise<void>((resolve) => {
            finish = resolve;
          });
        },
      },
    ],
    logger,
  );
  await vi.advanceTimersByTimeAsync(1000);
  expect(started).toBe(1);
  let stopped = false;
  const stopping = jobs.stop().then(() => {
    stopped = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  expect(stopped).toBe(false);
  finish();
  await stopping;
  expect(stopped).toBe(true);
  await vi.advanceTimersByTimeAsync(1000);
  expect(started).toBe(1);
});
