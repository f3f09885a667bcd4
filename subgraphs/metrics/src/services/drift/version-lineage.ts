import {
  LineageEvents,
  lineageEvents,
  MalformedEventError,
  type RawEvent,
  RegistryEvents,
  registryEvents,
} from '@cairn/events';
import type { EntityManager } from 'typeorm';

/** What a retrain starts from: the datasets that fed a version, its training runs and provenance. */
export interface VersionLineage {
  datasets: { datasetId: string; name: string | null; uri: string | null; checksum: string | null }[];
  trainingRuns: { runId: string; datasetIds: string[] }[];
  provenance: Record<string, unknown> | null;
}

interface Row {
  event_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: unknown;
}

const raw = (row: Row): RawEvent => ({
  eventId: row.event_id,
  type: row.type,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  payload: row.payload,
});

/** Parses what the contract accepts; a malformed event is its consumers' to quarantine and tells us nothing. */
function parsed<T>(rows: Row[], parse: (event: RawEvent) => T): T[] {
  return rows.flatMap((row) => {
    try {
      return [parse(raw(row))];
    } catch (error) {
      if (error instanceof MalformedEventError) return [];
      throw error;
    }
  });
}

async function logExists(manager: EntityManager, schema: string): Promise<boolean> {
  const [row]: { present: boolean }[] = await manager.query(
    `/* eventLogExists */ SELECT to_regclass($1) IS NOT NULL AS present`,
    [`${schema}.event_log`],
  );
  return row?.present ?? false;
}

/**
 * A version's lineage as the lineage and registry subgraphs published it: read from their event
 * logs only (the contracts between subgraphs), never from their tables. A deployment without one
 * of those subgraphs migrated simply has less to suggest.
 */
export async function versionLineage(
  manager: EntityManager,
  modelVersionId: string,
): Promise<VersionLineage> {
  const lineage: VersionLineage = { datasets: [], trainingRuns: [], provenance: null };
  if (await logExists(manager, lineageEvents.schema)) {
    // Runs are the events' subjects, so the version is matched in the payload: a scan of one
    // event type, done once per alarm, not per read.
    const runs = parsed(
      await manager.query(
        `/* findTrainingRunsOfVersion */ SELECT event_id, type, subject_type, subject_id, payload
           FROM lineage.event_log WHERE type = $1 AND lower(payload->>'modelVersionId') = $2 ORDER BY id`,
        [LineageEvents.TrainingRunRecorded, modelVersionId.toLowerCase()],
      ),
      (event) => lineageEvents.parseAs(LineageEvents.TrainingRunRecorded, event),
    );
    lineage.trainingRuns = runs.map((run) => ({ runId: run.runId, datasetIds: run.datasetIds }));
    const datasetIds = [...new Set(runs.flatMap((run) => run.datasetIds.map((id) => id.toLowerCase())))];
    const registered = parsed(
      datasetIds.length === 0
        ? []
        : await manager.query(
            `/* findDatasetsRegistered */ SELECT event_id, type, subject_type, subject_id, payload
               FROM lineage.event_log WHERE type = $1 AND subject_type = $2 AND lower(subject_id) = ANY($3::text[])`,
            [LineageEvents.DatasetRegistered, lineageEvents.kinds.DatasetRegistered.subjectType, datasetIds],
          ),
      (event) => lineageEvents.parseAs(LineageEvents.DatasetRegistered, event),
    );
    const byId = new Map(registered.map((d) => [d.datasetId.toLowerCase(), d]));
    lineage.datasets = datasetIds.map((id) => {
      const dataset = byId.get(id);
      return {
        datasetId: id,
        name: dataset?.name ?? null,
        uri: dataset?.uri ?? null,
        checksum: dataset?.checksum ?? null,
      };
    });
  }
  if (await logExists(manager, registryEvents.schema)) {
    const created = parsed(
      await manager.query(
        `/* findVersionCreated */ SELECT event_id, type, subject_type, subject_id, payload
           FROM registry.event_log WHERE type = $1 AND subject_type = 'ModelVersion' AND subject_id = $2
          ORDER BY id`,
        [RegistryEvents.ModelVersionCreated, modelVersionId.toLowerCase()],
      ),
      (event) => registryEvents.parseAs(RegistryEvents.ModelVersionCreated, event),
    );
    lineage.provenance = created.at(-1)?.evidence?.provenance ?? null;
  }
  return lineage;
}
