import type { StoredEvent } from '@cairn/event-log';
import { lineageEvents, MalformedEventError, metricsEvents } from '@cairn/events';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { applyHistoryImport } from './history-facts';

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
 * The drift slice's alarms (`metrics.DriftAlarmRaised` / `DriftAlarmResolved`; a version has at
 * most one open). They are counted from the moment `@cairn/events` declares them: until then
 * `metricsEvents.has` refuses them, they are skipped and `openDriftAlarms` reads 0. The latest
 * event of a version by log position decides, so one replayed late never reopens an alarm.
 */
export const DRIFT_ALARM_EVENTS = ['metrics.DriftAlarmRaised', 'metrics.DriftAlarmResolved'] as const;
const driftAlarm = z.object({
  modelVersionId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  teamSlug: z.string(),
});

async function applyDriftAlarm(manager: EntityManager, event: StoredEvent): Promise<void> {
  const parsed = metricsEvents.parse(event);
  const alarm = driftAlarm.safeParse(parsed.payload);
  if (!alarm.success) throw new MalformedEventError(event, ['payload: no modelVersionId or teamSlug']);
  await manager.query(
    `/* insightsDriftAlarm */ INSERT INTO metrics.insights_version AS v
       (model_version_id, team_slug, open_drift_alarms, drift_position) VALUES ($1, $2, $3, $4)
     ON CONFLICT (model_version_id) DO UPDATE
       SET open_drift_alarms = EXCLUDED.open_drift_alarms, drift_position = EXCLUDED.drift_position
     WHERE v.drift_position < EXCLUDED.drift_position`,
    [
      alarm.data.modelVersionId,
      alarm.data.teamSlug,
      event.type === DRIFT_ALARM_EVENTS[0] ? 1 : 0,
      event.position.id,
    ],
  );
}

/** The metrics log (this subgraph's own): when each version was last evaluated. */
export async function applyMetricsEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
  if (!metricsEvents.has(event.type)) return;
  if ((DRIFT_ALARM_EVENTS as readonly string[]).includes(event.type)) return applyDriftAlarm(manager, event);
  const parsed = metricsEvents.parse(event);
  if (parsed.type === 'metrics.InsightsHistoryImported') return applyHistoryImport(manager, parsed.payload);
  if (parsed.type !== 'metrics.MetricsLogged') return;
  await manager.query(
    `/* insightsEvaluated */ INSERT INTO metrics.insights_version AS v
       (model_version_id, team_slug, last_evaluated_at) VALUES ($1, $2, $3)
     ON CONFLICT (model_version_id) DO UPDATE
       SET last_evaluated_at = greatest(v.last_evaluated_at, EXCLUDED.last_evaluated_at)`,
    [parsed.payload.modelVersionId, parsed.payload.teamSlug, event.occurredAt],
  );
}
