import { z } from 'zod';
import { EventContract } from './contract';
import { uuid } from './fields';

const loggedMetric = z.object({
  id: uuid,
  name: z.string(),
  value: z.number().refine(Number.isFinite, 'must be a finite number'),
  dataset: z.string().nullable(),
});

const featureDrift = z.object({
  feature: z.string(),
  psi: z.number(),
  /** Null for categorical features: KS does not apply. */
  ks: z.number().nullable(),
  drifted: z.boolean(),
});

const alarmFields = { alarmId: uuid, modelVersionId: uuid, modelId: uuid, teamSlug: z.string() };

/** One promotion of an imported version, as it was decided on the system it came from. */
const historicalPromotion = z.object({
  requestId: uuid,
  targetStage: z.enum(['STAGING', 'PRODUCTION']),
  requestedAt: z.string(),
  firstApprovedAt: z.string().nullable(),
  decidedAt: z.string(),
  outcome: z.enum(['COMPLETED', 'REJECTED', 'WITHDRAWN']),
  liveAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
});

/**
 * A model's history from before Cairn. Its ids are derived from (source, team, name, version), so
 * they never collide with a model Cairn registered; its times are when things happened there.
 */
const historicalModel = z.object({
  modelId: uuid,
  teamSlug: z.string(),
  name: z.string(),
  visibility: z.enum(['PRIVATE', 'INTERNAL']),
  registeredAt: z.string(),
  versions: z.array(
    z.object({
      modelVersionId: uuid,
      version: z.number().int(),
      registeredAt: z.string(),
      promotions: z.array(historicalPromotion),
    }),
  ),
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
  /** A version's reference histograms (from training or evaluation); the latest set is in force. */
  ReferenceDistributionsRegistered: {
    subjectType: 'ModelVersion',
    payload: z.object({
      referenceSetId: uuid,
      modelVersionId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      source: z.enum(['TRAINING', 'EVALUATION']),
      features: z.array(z.string()),
    }),
  },
  /** A serving system's histograms for one production window, judged against the references. */
  ProductionWindowReported: {
    subjectType: 'ModelVersion',
    payload: z.object({
      windowId: uuid,
      modelVersionId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      windowStart: z.string(),
      windowEnd: z.string(),
      drifted: z.boolean(),
      features: z.array(featureDrift),
    }),
  },
  /** A window drifted while no alarm was open for the version. */
  DriftAlarmRaised: {
    subjectType: 'ModelVersion',
    payload: z.object({
      ...alarmFields,
      windowId: uuid,
      windowStart: z.string(),
      windowEnd: z.string(),
      thresholds: z.object({ psi: z.number(), ks: z.number() }),
      /** The drifted features only. */
      features: z.array(featureDrift),
    }),
  },
  /** What to retrain from, raised with an alarm: the version's lineage and the drifted features. */
  RetrainSuggested: {
    subjectType: 'ModelVersion',
    payload: z.object({
      ...alarmFields,
      suggestionId: uuid,
      datasets: z.array(
        z.object({
          datasetId: uuid,
          name: z.string().nullable(),
          uri: z.string().nullable(),
          checksum: z.string().nullable(),
        }),
      ),
      trainingRuns: z.array(z.object({ runId: uuid, datasetIds: z.array(uuid) })),
      /** The version's provenance as registered (code, data, environment); null for older versions. */
      provenance: z.record(z.string(), z.unknown()).nullable(),
      features: z.array(featureDrift),
    }),
  },
  /** Closed by a later healthy window or by a contributor acknowledging it. */
  DriftAlarmResolved: {
    subjectType: 'ModelVersion',
    payload: z.object({
      ...alarmFields,
      resolution: z.enum(['HEALTHY_WINDOW', 'ACKNOWLEDGED']),
      windowId: uuid.nullable(),
      note: z.string().nullable(),
    }),
  },
  /**
   * A platform admin imported registrations and promotions from before Cairn (a migration), so
   * the insights' trends start where the organisation's history does. The event's own time is
   * when the import happened; the times inside are when each fact happened on the source.
   */
  InsightsHistoryImported: {
    subjectType: 'InsightsHistoryImport',
    payload: z.object({
      importId: uuid,
      source: z.string(),
      models: z.array(historicalModel),
    }),
  },
});

export const MetricsEvents = metricsEvents.types;
export type LoggedMetric = z.output<typeof loggedMetric>;
export type MetricsLoggedPayload = z.output<typeof metricsEvents.kinds.MetricsLogged.payload>;
export type FeatureDriftPayload = z.output<typeof featureDrift>;
export type RetrainSuggestedPayload = z.output<typeof metricsEvents.kinds.RetrainSuggested.payload>;
export type InsightsHistoryImportedPayload = z.output<
  typeof metricsEvents.kinds.InsightsHistoryImported.payload
>;
