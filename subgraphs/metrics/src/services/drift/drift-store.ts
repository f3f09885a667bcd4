import { isUuid } from '@cairn/database';
import type { FeatureDriftPayload } from '@cairn/events';
import type { DataSource, EntityManager } from 'typeorm';
import type { RegisterReferenceCommand } from './drift-rules';
import type { DriftThresholds } from './drift-statistics';
import type { VersionLineage } from './version-lineage';

export interface ReferenceRow {
  feature: string;
  role: 'FEATURE' | 'PREDICTION';
  binEdges: number[] | null;
  categories: string[] | null;
  counts: number[];
}

export interface ReferenceSetRow {
  id: string;
  source: 'TRAINING' | 'EVALUATION';
  psiThreshold: number | null;
  ksThreshold: number | null;
  registeredBy: string;
  registeredAt: Date;
  references: ReferenceRow[];
}

export interface DriftAlarmRow {
  id: string;
  modelVersionId: string;
  windowId: string;
  windowStart: Date;
  windowEnd: Date;
  raisedAt: Date;
  features: FeatureDriftPayload[];
  resolution: {
    resolution: 'HEALTHY_WINDOW' | 'ACKNOWLEDGED';
    windowId: string | null;
    note: string | null;
    resolvedBy: string;
    resolvedAt: Date;
  } | null;
}

export interface RetrainSuggestionRow extends VersionLineage {
  id: string;
  alarmId: string;
  modelVersionId: string;
  features: FeatureDriftPayload[];
  createdAt: Date;
}

export interface FeatureComparisonRow {
  feature: string;
  role: 'FEATURE' | 'PREDICTION';
  binEdges: number[] | null;
  labels: string[] | null;
  referenceCounts: number[];
  /** Null until a window reported the feature. */
  production: {
    counts: number[];
    psi: number;
    ks: number | null;
    drifted: boolean;
    windowStart: Date;
    windowEnd: Date;
  } | null;
}

interface WindowInsert {
  versionId: string;
  referenceSetId: string;
  window: { start: Date; end: Date };
  thresholds: DriftThresholds;
  drifted: boolean;
  by: string;
  features: {
    feature: string;
    labels: string[] | null;
    referenceCounts: number[];
    counts: number[];
    psi: number;
    ks: number | null;
    drifted: boolean;
  }[];
}

// bigint arrays arrive as strings; counts are safe integers by the input rules.
const numbers = (values: (string | number)[]) => values.map(Number);

const ALARM_SELECT = `
  SELECT a.id, a.model_version_id AS "modelVersionId", a.window_id AS "windowId", a.raised_at AS "raisedAt",
         w.window_start AS "windowStart", w.window_end AS "windowEnd",
         (SELECT coalesce(jsonb_agg(jsonb_build_object('feature', f.feature, 'psi', f.psi, 'ks', f.ks, 'drifted', f.drifted)
                  ORDER BY f.feature), '[]'::jsonb)
            FROM metrics.drift_window_feature AS f WHERE f.window_id = a.window_id AND f.drifted) AS features,
         CASE WHEN r.alarm_id IS NULL THEN NULL ELSE jsonb_build_object(
           'resolution', r.resolution, 'windowId', r.window_id, 'note', r.note,
           'resolvedBy', r.resolved_by, 'resolvedAt', r.resolved_at) END AS resolution
    FROM metrics.drift_alarm AS a
    JOIN metrics.drift_window AS w ON w.id = a.window_id
    LEFT JOIN metrics.drift_alarm_resolution AS r ON r.alarm_id = a.id`;

function toAlarm(
  row: DriftAlarmRow & {
    resolution:
      | (Omit<NonNullable<DriftAlarmRow['resolution']>, 'resolvedAt'> & { resolvedAt: string })
      | null;
  },
): DriftAlarmRow {
  return {
    ...row,
    resolution: row.resolution
      ? { ...row.resolution, resolvedAt: new Date(row.resolution.resolvedAt) }
      : null,
  };
}

/** SQL of drift detection; the service decides, this reads and appends. */
export class DriftStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertReferenceSet(
    manager: EntityManager,
    versionId: string,
    command: RegisterReferenceCommand,
    by: string,
  ): Promise<string> {
    const [set]: { id: string }[] = await manager.query(
      `/* insertDriftReferenceSet */ INSERT INTO metrics.drift_reference_set
         (model_version_id, source, psi_threshold, ks_threshold, registered_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [versionId, command.source, command.thresholds?.psi ?? null, command.thresholds?.ks ?? null, by],
    );
    await manager.query(
      `/* insertDriftReferences */ INSERT INTO metrics.drift_reference
         (reference_set_id, feature, role, bin_edges, categories, counts)
       SELECT $1, f.feature, f.role,
              (SELECT array_agg(x.v::double precision ORDER BY x.i) FROM jsonb_array_elements_text(f.bin_edges) WITH ORDINALITY AS x (v, i)),
              (SELECT array_agg(x.v ORDER BY x.i) FROM jsonb_array_elements_text(f.categories) WITH ORDINALITY AS x (v, i)),
              (SELECT array_agg(x.v::bigint ORDER BY x.i) FROM jsonb_array_elements_text(f.counts) WITH ORDINALITY AS x (v, i))
         FROM jsonb_to_recordset($2::jsonb) AS f (feature text, role text, bin_edges jsonb, categories jsonb, counts jsonb)`,
      [
        set!.id,
        JSON.stringify(
          command.features.map((f) => ({
            feature: f.feature,
            role: f.role,
            bin_edges: f.binEdges,
            categories: f.categories,
            counts: f.counts,
          })),
        ),
      ],
    );
    return set!.id;
  }

  /** The latest registered set of a version, the one windows are judged against. */
  async currentReferenceSet(
    manager: EntityManager = this.dataSource.manager,
    versionId: string,
  ): Promise<ReferenceSetRow | null> {
    const [set]: Omit<ReferenceSetRow, 'references'>[] = await manager.query(
      `/* currentDriftReferenceSet */ SELECT id, source, psi_threshold AS "psiThreshold", ks_threshold AS "ksThreshold",
              registered_by AS "registeredBy", registered_at AS "registeredAt"
         FROM metrics.drift_reference_set WHERE model_version_id = $1 ORDER BY seq DESC LIMIT 1`,
      [versionId],
    );
    if (!set) return null;
    const references: (ReferenceRow & { counts: string[] })[] = await manager.query(
      `/* driftReferencesOfSet */ SELECT feature, role, bin_edges AS "binEdges", categories, counts
         FROM metrics.drift_reference WHERE reference_set_id = $1 ORDER BY feature`,
      [set.id],
    );
    return { ...set, references: references.map((r) => ({ ...r, counts: numbers(r.counts) })) };
  }

  async insertWindow(manager: EntityManager, w: WindowInsert): Promise<string> {
    const [window]: { id: string }[] = await manager.query(
      `/* insertDriftWindow */ INSERT INTO metrics.drift_window (model_version_id, reference_set_id, window_start,
         window_end, psi_threshold, ks_threshold, drifted, reported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        w.versionId,
        w.referenceSetId,
        w.window.start,
        w.window.end,
        w.thresholds.psi,
        w.thresholds.ks,
        w.drifted,
        w.by,
      ],
    );
    await manager.query(
      `/* insertDriftWindowFeatures */ INSERT INTO metrics.drift_window_feature
         (window_id, feature, labels, reference_counts, counts, psi, ks, drifted)
       SELECT $1, f.feature,
              (SELECT array_agg(x.v ORDER BY x.i) FROM jsonb_array_elements_text(f.labels) WITH ORDINALITY AS x (v, i)),
              (SELECT array_agg(x.v::bigint ORDER BY x.i) FROM jsonb_array_elements_text(f.reference_counts) WITH ORDINALITY AS x (v, i)),
              (SELECT array_agg(x.v::bigint ORDER BY x.i) FROM jsonb_array_elements_text(f.counts) WITH ORDINALITY AS x (v, i)),
              f.psi, f.ks, f.drifted
         FROM jsonb_to_recordset($2::jsonb) AS f (feature text, labels jsonb, reference_counts jsonb, counts jsonb,
              psi double precision, ks double precision, drifted boolean)`,
      [window!.id, JSON.stringify(w.features.map((f) => ({ ...f, reference_counts: f.referenceCounts })))],
    );
    return window!.id;
  }

  async openAlarmOf(manager: EntityManager, versionId: string): Promise<DriftAlarmRow | null> {
    const [row] = await manager.query(
      `/* openDriftAlarmOfVersion */ ${ALARM_SELECT} WHERE a.model_version_id = $1 AND r.alarm_id IS NULL
        ORDER BY a.raised_at DESC LIMIT 1`,
      [versionId],
    );
    return row ? toAlarm(row) : null;
  }

  async alarm(manager: EntityManager, id: string): Promise<DriftAlarmRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await manager.query(`/* driftAlarm */ ${ALARM_SELECT} WHERE a.id = $1`, [id]);
    return row ? toAlarm(row) : null;
  }

  /** Every alarm of the versions, newest first; only open ones when asked. */
  async alarmsOf(versionIds: readonly string[], onlyOpen: boolean): Promise<DriftAlarmRow[]> {
    const rows = await this.dataSource.query(
      `/* driftAlarmsOfVersions */ ${ALARM_SELECT}
        WHERE a.model_version_id = ANY($1::uuid[]) AND ($2::boolean IS FALSE OR r.alarm_id IS NULL)
        ORDER BY a.raised_at DESC, a.id`,
      [versionIds, onlyOpen],
    );
    return rows.map(toAlarm);
  }

  async someVersionOfModel(modelId: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.dataSource.query(
      `/* someKnownVersionOfModel */ SELECT model_version_id AS id FROM metrics.known_model_version WHERE model_id = $1 LIMIT 1`,
      [modelId],
    );
    return row?.id ?? null;
  }

  /** The open alarms of every version of a model, newest first. */
  async openAlarmsOfModel(modelId: string): Promise<DriftAlarmRow[]> {
    const rows = await this.dataSource.query(
      `/* openDriftAlarmsOfModel */ ${ALARM_SELECT}
         JOIN metrics.known_model_version AS k ON k.model_version_id = a.model_version_id
        WHERE k.model_id = $1 AND r.alarm_id IS NULL ORDER BY a.raised_at DESC, a.id`,
      [modelId],
    );
    return rows.map(toAlarm);
  }

  async suggestionsOf(versionIds: readonly string[]): Promise<RetrainSuggestionRow[]> {
    return this.dataSource.query(
      `/* retrainSuggestionsOfVersions */ SELECT id, alarm_id AS "alarmId", model_version_id AS "modelVersionId",
              datasets, training_runs AS "trainingRuns", provenance, features, created_at AS "createdAt"
         FROM metrics.retrain_suggestion WHERE model_version_id = ANY($1::uuid[]) ORDER BY created_at DESC, id`,
      [versionIds],
    );
  }

  /** Per feature of the version's current references: the reference and the latest window that reported it. */
  async comparisonsOf(versionId: string): Promise<FeatureComparisonRow[]> {
    const set = await this.currentReferenceSet(this.dataSource.manager, versionId);
    if (!set) return [];
    const latest: {
      feature: string;
      labels: string[] | null;
      referenceCounts: string[];
      counts: string[];
      psi: number;
      ks: number | null;
      drifted: boolean;
      windowStart: Date;
      windowEnd: Date;
    }[] = await this.dataSource.query(
      `/* latestDriftWindowFeatures */ SELECT DISTINCT ON (f.feature) f.feature, f.labels,
              f.reference_counts AS "referenceCounts", f.counts, f.psi, f.ks, f.drifted,
              w.window_start AS "windowStart", w.window_end AS "windowEnd"
         FROM metrics.drift_window AS w JOIN metrics.drift_window_feature AS f ON f.window_id = w.id
        WHERE w.reference_set_id = $1 ORDER BY f.feature, w.seq DESC`,
      [set.id],
    );
    const byFeature = new Map(latest.map((row) => [row.feature, row]));
    return set.references.map((reference) => {
      const row = byFeature.get(reference.feature);
      return {
        feature: reference.feature,
        role: reference.role,
        binEdges: reference.binEdges,
        labels: row?.labels ?? reference.categories,
        referenceCounts: row ? numbers(row.referenceCounts) : reference.counts,
        production: row
          ? {
              counts: numbers(row.counts),
              psi: row.psi,
              ks: row.ks,
              drifted: row.drifted,
              windowStart: row.windowStart,
              windowEnd: row.windowEnd,
            }
          : null,
      };
    });
  }

  async insertAlarm(manager: EntityManager, versionId: string, windowId: string): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `/* insertDriftAlarm */ INSERT INTO metrics.drift_alarm (model_version_id, window_id) VALUES ($1, $2) RETURNING id`,
      [versionId, windowId],
    );
    return row!.id;
  }

  async insertResolution(
    manager: EntityManager,
    alarmId: string,
    resolution: string,
    windowId: string | null,
    note: string | null,
    by: string,
  ): Promise<void> {
    await manager.query(
      `/* insertDriftAlarmResolution */ INSERT INTO metrics.drift_alarm_resolution
         (alarm_id, resolution, window_id, note, resolved_by) VALUES ($1, $2, $3, $4, $5)`,
      [alarmId, resolution, windowId, note, by],
    );
  }

  async insertSuggestion(
    manager: EntityManager,
    alarmId: string,
    versionId: string,
    lineage: VersionLineage,
    features: FeatureDriftPayload[],
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `/* insertRetrainSuggestion */ INSERT INTO metrics.retrain_suggestion
         (alarm_id, model_version_id, datasets, training_runs, provenance, features)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb) RETURNING id`,
      [
        alarmId,
        versionId,
        JSON.stringify(lineage.datasets),
        JSON.stringify(lineage.trainingRuns),
        lineage.provenance === null ? null : JSON.stringify(lineage.provenance),
        JSON.stringify(features),
      ],
    );
    return row!.id;
  }
}
