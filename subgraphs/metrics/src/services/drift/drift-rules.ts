import { plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';
import { metricName } from '../metric-rules';

/** Limits that keep one call's work and one row's size bounded. */
export const MAX_FEATURES = 100;
export const MAX_BINS = 200;
/** A production window longer than a month is a report of something else. */
export const MAX_WINDOW_MS = 31 * 24 * 3_600_000;

const count = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .refine((n) => n >= 0, 'negative counts are refused')
  .refine(Number.isSafeInteger, 'must be a whole number');

/**
 * One binned histogram: numeric (`binEdges`, strictly increasing, one more than `counts`) or
 * categorical (`categories`, distinct, one per count), never both; counts whole, ≥ 0, not all 0.
 */
export const histogramRules = z
  .object({
    feature: metricName,
    binEdges: z
      .array(z.number().refine(Number.isFinite, 'must be a finite number'))
      .max(MAX_BINS + 1, `at most ${MAX_BINS + 1} edges`)
      .nullish(),
    categories: z.array(plainText(1, 200)).max(MAX_BINS, `at most ${MAX_BINS} categories`).nullish(),
    counts: z.array(count).min(1, 'needs at least one bin').max(MAX_BINS, `at most ${MAX_BINS} bins`),
  })
  .superRefine((h, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((h.binEdges == null) === (h.categories == null)) {
      issue('binEdges', 'give either binEdges (numeric) or categories (categorical), not both or neither');
      return;
    }
    if (h.counts.length > 0 && h.counts.every((c) => c === 0))
      issue('counts', 'empty histogram: every count is 0');
    if (h.binEdges) {
      if (h.binEdges.length !== h.counts.length + 1) {
        issue('binEdges', `mismatched bins: ${h.counts.length} counts need ${h.counts.length + 1} edges`);
      } else if (h.binEdges.some((edge, i) => i > 0 && edge <= h.binEdges![i - 1]!)) {
        issue('binEdges', 'must be strictly increasing');
      }
    }
    if (h.categories) {
      if (h.categories.length !== h.counts.length) {
        issue('categories', `mismatched bins: ${h.counts.length} counts need ${h.counts.length} categories`);
      } else if (new Set(h.categories).size !== h.categories.length) {
        issue('categories', 'must not repeat a category');
      }
    }
  })
  .transform((h) => ({
    feature: h.feature,
    binEdges: h.binEdges ?? null,
    categories: h.categories ?? null,
    counts: h.counts,
  }));
export type Histogram = z.output<typeof histogramRules>;

function distinctFeatures<T extends { feature: string }>(features: T[], ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  for (const [index, { feature }] of features.entries()) {
    const first = seen.get(feature);
    if (first === undefined) seen.set(feature, index);
    else ctx.addIssue({ code: 'custom', path: ['features', index], message: `repeats features.${first}` });
  }
}

const featureList = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1, 'needs at least one feature').max(MAX_FEATURES, `at most ${MAX_FEATURES} features`);

export const registerReferenceRules = z
  .object({
    modelVersionId: z.string().min(1, 'must not be empty'),
    source: z.enum(['TRAINING', 'EVALUATION']),
    features: featureList(
      histogramRules.and(z.object({ role: z.enum(['FEATURE', 'PREDICTION']).nullish() })).transform((h) => ({
        ...h,
        role: h.role ?? 'FEATURE',
      })),
    ),
    thresholds: z
      .object({
        psi: z.number().gt(0, 'must be above 0').max(10, 'must be at most 10').nullish(),
        ks: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1').nullish(),
      })
      .nullish(),
  })
  .superRefine(({ features }, ctx) => distinctFeatures(features, ctx));
export type RegisterReferenceCommand = z.output<typeof registerReferenceRules>;

export const reportWindowRules = z
  .object({
    modelVersionId: z.string().min(1, 'must not be empty'),
    window: z
      .object({ start: z.coerce.date(), end: z.coerce.date() })
      .refine(({ start, end }) => start < end, { message: 'start must be before end', path: ['end'] })
      .refine(({ start, end }) => end.getTime() - start.getTime() <= MAX_WINDOW_MS, {
        message: 'a window spans at most 31 days',
        path: ['end'],
      }),
    features: featureList(histogramRules),
  })
  .superRefine(({ features }, ctx) => distinctFeatures(features, ctx));
export type ReportWindowCommand = z.output<typeof reportWindowRules>;

export const resolveAlarmRules = z.object({
  alarmId: z.string().min(1, 'must not be empty'),
  note: prose(2000).nullish(),
});
