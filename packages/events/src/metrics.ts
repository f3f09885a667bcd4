import { z } from 'zod';
import { EventContract } from './contract';
import { uuid } from './fields';

const loggedMetric = z.object({
  id: uuid,
  name: z.string(),
  value: z.number().refine(Number.isFinite, 'must be a finite number'),
  dataset: z.string().nullable(),
});

export const metricsEvents = new EventContract('metrics', {
  MetricsLogged: {
    subjectType: 'ModelVersion',
    payload: z.object({
      modelVersionId: uuid,
      teamSlug: z.string(),
      /** In the order they were logged. */
      metrics: z.array(loggedMetric),
    }),
  },
});

export const MetricsEvents = metricsEvents.types;
export type LoggedMetric = z.output<typeof loggedMetric>;
export type MetricsLoggedPayload = z.output<typeof metricsEvents.kinds.MetricsLogged.payload>;
