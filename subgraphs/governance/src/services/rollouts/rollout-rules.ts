import { prose } from '@cairn/input-rules';
import { z } from 'zod';

// Any string: one that names nothing the caller can see is answered NOT_FOUND.
const id = z.string().max(100);
const nonEmptyProse = (max: number) => prose(max).refine((v) => v.length > 0, 'must not be empty');

export const DEFAULT_STEPS = [5, 25, 50, 100];
export const DEFAULT_WINDOW_MINUTES = 10;
export const DEFAULT_MAX_ERROR_RATE_RATIO = 1.2;
export const DEFAULT_MIN_REQUESTS = 100;
/** How far a window may end after Cairn's clock: serving systems' clocks drift a little. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const steps = z
  .array(z.number().int().min(1, 'each step is 1 to 100 %').max(100, 'each step is 1 to 100 %'))
  .min(2, 'at least two steps')
  .max(20, 'at most 20 steps')
  .refine((s) => s.every((step, i) => i === 0 || step > s[i - 1]!), 'steps must increase')
  .refine((s) => s[s.length - 1] === 100, 'the last step is 100 %');

export const rolloutRulesRules = z.object({
  maxErrorRateRatio: z
    .number()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((v) => v ?? DEFAULT_MAX_ERROR_RATE_RATIO),
  maxLatencyP99Ms: z
    .number()
    .positive('must be positive')
    .max(3_600_000, 'must be at most an hour')
    .nullish()
    .transform((v) => v ?? null),
  minRequests: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .nullish()
    .transform((v) => v ?? DEFAULT_MIN_REQUESTS),
});
export type RolloutRules = z.output<typeof rolloutRulesRules>;

export const startRolloutRules = z.object({
  modelVersionId: id,
  strategy: z
    .object({
      steps: steps.nullish().transform((v) => v ?? DEFAULT_STEPS),
      windowMinutes: z
        .number()
        .int()
        .min(1, 'must be at least 1')
        .max(10_080, 'must be at most a week')
        .nullish()
        .transform((v) => v ?? DEFAULT_WINDOW_MINUTES),
      rules: rolloutRulesRules.nullish().transform((v) => v ?? rolloutRulesRules.parse({})),
    })
    .nullish()
    .transform(
      (v) =>
        v ?? {
          steps: DEFAULT_STEPS,
          windowMinutes: DEFAULT_WINDOW_MINUTES,
          rules: rolloutRulesRules.parse({}),
        },
    ),
});
export type StartRolloutCommand = z.output<typeof startRolloutRules>;

const observation = z
  .object({
    requests: z.number().int().min(0, 'must not be negative'),
    errors: z.number().int().min(0, 'must not be negative'),
    latencyP99Ms: z
      .number()
      .min(0, 'must not be negative')
      .max(3_600_000, 'must be at most an hour')
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((o) => o.errors <= o.requests, { message: 'cannot exceed requests', path: ['errors'] });
export type Observation = z.output<typeof observation>;

export const reportServingMetricsRules = z.object({
  rolloutId: id,
  window: z
    .object({ start: z.coerce.date(), end: z.coerce.date() })
    .refine(({ start, end }) => start < end, { message: 'start must be before end', path: ['end'] }),
  candidate: observation,
  baseline: observation,
});
export type ReportServingMetricsCommand = z.output<typeof reportServingMetricsRules>;

export const abortRolloutRules = z.object({ id, reason: nonEmptyProse(2000) });
export const advanceRolloutRules = z.object({
  id,
  reason: prose(2000)
    .nullish()
    .transform((v) => (v ? v : null)),
});

export type Verdict = 'PASS' | 'FAIL' | 'INSUFFICIENT';

export interface WindowJudgement {
  verdict: Verdict;
  /** One sentence per rule broken (FAIL) or per reason it could not be judged (INSUFFICIENT). */
  findings: string[];
}

const rate = (o: Observation) => (o.requests === 0 ? 0 : o.errors / o.requests);
const percent = (value: number) => `${(value * 100).toFixed(2)} %`;

/**
 * Judges one window of the current step: too few requests on either side says nothing (no
 * decision); otherwise every rule must hold. The error-rate rule compares rates, so with a
 * baseline that made no errors, any candidate error breaks it.
 */
export function judgeWindow(
  rules: RolloutRules,
  candidate: Observation,
  baseline: Observation,
): WindowJudgement {
  const short: string[] = [];
  if (candidate.requests < rules.minRequests) {
    short.push(
      `the candidate served ${candidate.requests} requests, fewer than the ${rules.minRequests} needed`,
    );
  }
  if (baseline.requests < rules.minRequests) {
    short.push(
      `the baseline served ${baseline.requests} requests, fewer than the ${rules.minRequests} needed`,
    );
  }
  if (rules.maxLatencyP99Ms !== null && candidate.latencyP99Ms === null) {
    short.push('the strategy bounds p99 latency and the window reports none for the candidate');
  }
  if (short.length > 0) return { verdict: 'INSUFFICIENT', findings: short };

  const broken: string[] = [];
  const allowed = rate(baseline) * rules.maxErrorRateRatio;
  if (rate(candidate) > allowed) {
    broken.push(
      `error rate ${percent(rate(candidate))} exceeds ${rules.maxErrorRateRatio} × the baseline's ${percent(rate(baseline))} (${percent(allowed)})`,
    );
  }
  if (rules.maxLatencyP99Ms !== null && candidate.latencyP99Ms! > rules.maxLatencyP99Ms) {
    broken.push(`p99 latency ${candidate.latencyP99Ms} ms exceeds the bound of ${rules.maxLatencyP99Ms} ms`);
  }
  return broken.length > 0 ? { verdict: 'FAIL', findings: broken } : { verdict: 'PASS', findings: [] };
}
