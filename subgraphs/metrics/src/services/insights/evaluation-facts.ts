import type { StoredEvent } from '@cairn/event-log';
import { lineageEvents, metricsEvents } from '@cairn/events';
import type { EntityManager } from 'typeorm';

/**
 * Lineage's log: a training run that names at least one dataset gives its version dataset
 * provenance (lineage datasets always carry a checksum), whatever the registration's evidence said.
 */
export async function applyLineageEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
  if (!lineageEvents.has(event.type)) return;
  const parsed = lineageEvents.parse(event);
  if (parsed.type !== 'lineage.TrainingRunRecorded' || parsed.payload.datasetIds.length === 0) return;
  await manager.query(
    `/* insightsTrainingRun */ INSERT INTO metrics.insights_version AS v
       (model_version_id, team_slug, lineage_datasets) VALUES ($1, $2, true)
     ON CONFLICT (model_version_id) DO UPDATE SET lineage_datasets = true`,
    [parsed.payload.modelVersionId, parsed.payload.teamSlug],
  );
}

/**
 * Where `DriftAlarmRaised` / `DriftAlarmResolved` (the drift slice's metrics events) will be
 * counted into `insights_version.open_drift_alarms`. They are not in `@cairn/events` yet: until
 * they are, nothing is counted and the figure reads 0. When they land, parse them through
 * `metricsEvents` here and add or take one per alarm.
 */
export const DRIFT_ALARM_EVENTS = ['metrics.DriftAlarmRaised', 'metrics.DriftAlarmResolved'] as const;

/** The metrics log (this subgraph's own): when each version was last evaluated. */
export async function applyMetricsEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
  if (!metricsEvents.has(event.type)) return;
  const parsed = metricsEvents.parse(event);
  if (parsed.type !== 'metrics.MetricsLogged') return;
  await manager.query(
    `/* insightsEvaluated */ INSERT INTO metrics.insights_version AS v
       (model_version_id, team_slug, last_evaluated_at) VALUES ($1, $2, $3)
     ON CONFLICT (model_version_id) DO UPDATE
       SET last_evaluated_at = greatest(v.last_evaluated_at, EXCLUDED.last_evaluated_at)`,
    [parsed.payload.modelVersionId, parsed.payload.teamSlug, event.occurredAt],
  );
}
