import { plainText } from '@cairn/input-rules';
import { z } from 'zod';

/** Shapes the metrics subgraph accepts. GraphQL inputs validate against these at the edge. */
export const metricName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/,
    'must start with a letter or digit and use only letters, digits, "_", ".", ":", "/" and "-"',
  );

export const metricRules = z.object({
  name: metricName,
  // JSON cannot carry NaN or ±Infinity, but other callers of the service can; the column refuses them too.
  value: z.number().refine(Number.isFinite, 'must be a finite number'),
  dataset: plainText(0, 200)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type MetricCommand = z.infer<typeof metricRules>;

export const logMetricsRules = z
  .object({
    modelVersionId: z.string().min(1, 'must not be empty'),
    metrics: z
      .array(metricRules)
      .min(1, 'needs at least one metric')
      .max(200, 'at most 200 metrics per call'),
  })
  .superRefine(({ metrics }, ctx) => {
    const seen = new Map<string, number>();
    for (const [index, metric] of metrics.entries()) {
      const key = JSON.stringify([metric.name, metric.dataset]);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', index],
          message: `repeats metrics.${first}: same name and dataset`,
        });
      }
    }
  });
export type LogMetricsCommand = z.infer<typeof logMetricsRules>;
