import { isUuid } from '@cairn/database';
import { NotFoundError } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import type { EntityManager } from 'typeorm';
import type { Visibility } from '../entities/visibility';
import { ModelVisibilityPolicy } from './model-visibility';

export interface LockedModelRow {
  id: string;
  team_id: string;
  team_slug: string;
  visibility: Visibility;
  archived_at: Date | null;
  archived_by: string | null;
  archive_reason: string | null;
}

export interface LockedVersionRow extends LockedModelRow {
  version_id: string;
  version: number;
}

export type HousekeepingAction =
  | 'DEPRECATE'
  | 'UNDEPRECATE'
  | 'ARCHIVE'
  | 'UNARCHIVE'
  | 'PLACE_LEGAL_HOLD'
  | 'RELEASE_LEGAL_HOLD'
  | 'SET_RETENTION_POLICY';

const MODEL_COLUMNS = `m.id, m.team_id, t.slug AS team_slug, m.visibility, m.archived_at, m.archived_by, m.archive_reason`;

/**
 * The model, locked `FOR NO KEY UPDATE` like every other change of it (aliases, versions), so
 * housekeeping queues behind them and a purge (`FOR SHARE` on the same rows) sees either all of
 * a change or none of it. NOT_FOUND for a model the caller may not see, as for one that does
 * not exist.
 */
export async function lockVisibleModel(
  manager: EntityManager,
  actor: Principal,
  modelId: string,
): Promise<LockedModelRow> {
  if (!isUuid(modelId)) throw new NotFoundError('Model', modelId);
  const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
  const [model]: LockedModelRow[] = await manager.query(
    `/* lockVisibleModelForHousekeeping */
     SELECT ${MODEL_COLUMNS} FROM registry.model m JOIN registry.team t ON t.id = m.team_id
      WHERE m.id = $1 AND ${visible.sql}
        FOR NO KEY UPDATE OF m`,
    [modelId.toLowerCase(), ...visible.parameters],
  );
  if (!model) throw new NotFoundError('Model', modelId);
  return model;
}

/** The version and its model, the model row locked as in `lockVisibleModel`. */
export async function lockVisibleVersion(
  manager: EntityManager,
  actor: Principal,
  versionId: string,
): Promise<LockedVersionRow> {
  if (!isUuid(versionId)) throw new NotFoundError('ModelVersion', versionId);
  const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
  const [version]: LockedVersionRow[] = await manager.query(
    `/* lockVisibleVersionForHousekeeping */
     SELECT ${MODEL_COLUMNS}, v.id AS version_id, v.version
       FROM registry.model_version v
       JOIN registry.model m ON m.id = v.model_id
       JOIN registry.team t ON t.id = m.team_id
      WHERE v.id = $1 AND ${visible.sql}
        FOR NO KEY UPDATE OF m`,
    [versionId.toLowerCase(), ...visible.parameters],
  );
  if (!version) throw new NotFoundError('ModelVersion', versionId);
  return version;
}

/** Appends to the housekeeping history, in the caller's transaction. */
export async function recordHousekeeping(
  manager: EntityManager,
  entry: {
    teamId: string;
    modelId?: string | null;
    versionId?: string | null;
    action: HousekeepingAction;
    reason: string | null;
    details?: Record<string, unknown>;
    actor: string;
  },
): Promise<void> {
  await manager.query(
    `/* recordHousekeeping */ INSERT INTO registry.housekeeping_history
       (team_id, model_id, model_version_id, action, reason, details, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.teamId,
      entry.modelId ?? null,
      entry.versionId ?? null,
      entry.action,
      entry.reason,
      JSON.stringify(entry.details ?? {}),
      entry.actor,
    ],
  );
}

/** The fields every housekeeping event on a version carries. */
export function versionEventFields(row: LockedVersionRow) {
  return {
    modelId: row.id,
    modelVersionId: row.version_id,
    version: row.version,
    teamSlug: row.team_slug,
    visibility: row.visibility,
  };
}
