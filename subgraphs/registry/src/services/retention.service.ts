import type { ArtifactStore } from '@cairn/artifact-store';
import { ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, type Principal, SYSTEM_PRINCIPAL } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { registryEventLog } from '../data-source';
import { Team } from '../entities/team.entity';
import type { Visibility } from '../entities/visibility';
import { RegistryEvents } from '../events';
import { recordHousekeeping } from './housekeeping-locks';
import { retentionPolicyRules } from './housekeeping-rules';
import { VERSION_STAGE_CONSUMER, type VersionStageProjection } from './version-stage-projection';

interface PurgeCandidate {
  digest: string;
  size: string;
  version_ids: string[];
  model_ids: string[];
  models: { modelId: string; teamSlug: string; visibility: Visibility }[];
  policies: { teamSlug: string; purgeArchivedArtifactsAfterDays: number }[];
}

export interface ArtifactPurgeRecord {
  digest: string;
  size: number;
  modelVersionIds: string[];
  policies: { teamSlug: string; purgeArchivedArtifactsAfterDays: number }[];
}

/**
 * Digests whose bytes may go: every version naming them belongs to a model archived longer ago
 * than its team's policy allows, and none of those versions is under legal hold, behind an
 * alias or in PRODUCTION (governance's stage, projected into `version_stage`), or has a stage
 * event the projection quarantined (`$4`, its consumer: that stage is unknown, so the version
 * counts as protected until the event is replayed). A digest that a model not archived holds
 * (uploaded for a version yet to come) stays too. `$2` narrows the check to one digest, for the
 * re-check under locks.
 */
const PURGEABLE = `/* purgeableArtifacts */
  WITH refs AS (
    SELECT f.digest, a.size, v.id AS version_id, m.id AS model_id, t.slug AS team_slug, m.visibility,
           p.purge_archived_artifacts_after_days AS days,
           (m.archived_at IS NOT NULL AND p.team_id IS NOT NULL
             AND m.archived_at + make_interval(days => p.purge_archived_artifacts_after_days) <= $1) AS expired,
           EXISTS (SELECT 1 FROM registry.legal_hold h WHERE h.model_version_id = v.id) AS held,
           EXISTS (SELECT 1 FROM registry.model_alias al WHERE al.model_version_id = v.id) AS aliased,
           (EXISTS (SELECT 1 FROM registry.version_stage s
                     WHERE s.model_version_id = v.id AND s.stage = 'PRODUCTION')
            OR EXISTS (SELECT 1 FROM registry.event_quarantine q
                        WHERE q.consumer = $4 AND q.replayed_at IS NULL
                          AND lower(q.subject_id) = v.id::text)) AS maybe_production
      FROM registry.model_version_file f
      JOIN registry.artifact a ON a.digest = f.digest AND a.purged_at IS NULL
      JOIN registry.model_version v ON v.id = f.model_version_id
      JOIN registry.model m ON m.id = v.model_id
      JOIN registry.team t ON t.id = m.team_id
      LEFT JOIN registry.retention_policy p ON p.team_id = m.team_id
     WHERE ($2::text IS NULL OR f.digest = $2)
  )
  SELECT digest, size::text AS size,
         array_agg(DISTINCT version_id ORDER BY version_id) AS version_ids,
         array_agg(DISTINCT model_id ORDER BY model_id) AS model_ids,
         jsonb_agg(DISTINCT jsonb_build_object('modelId', model_id, 'teamSlug', team_slug, 'visibility', visibility)) AS models,
         jsonb_agg(DISTINCT jsonb_build_object('teamSlug', team_slug, 'purgeArchivedArtifactsAfterDays', days)) AS policies
    FROM refs
   GROUP BY digest, size
  HAVING bool_and(expired AND NOT held AND NOT aliased AND NOT maybe_production)
     AND NOT EXISTS (SELECT 1 FROM registry.model_artifact ma JOIN registry.model holder ON holder.id = ma.model_id
                      WHERE ma.digest = refs.digest AND holder.archived_at IS NULL)
   ORDER BY digest
   LIMIT $3`;

/**
 * Retention policies per team and the purge they drive. A policy says how many days after its
 * model's archive a version's artifacts are kept; without one, nothing of the team is purged.
 * The purge deletes bytes only (`ArtifactStore.delete`): versions, files, manifests and history
 * stay, each purge is recorded in `artifact_purge` and announced as `ArtifactPurged`, and a
 * download of a purged file answers FAILED_PRECONDITION (HTTP 410 on the byte route).
 */
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ArtifactStore,
    private readonly stages: VersionStageProjection,
  ) {}

  /** Team maintainers (platform admins count), with the admin scope. `null` days: keep forever. */
  async setPolicy(actor: Principal, input: unknown): Promise<Team> {
    if (!hasScope(actor, 'admin')) throw new ForbiddenError('Changing retention needs the admin scope');
    const command = parseInput(retentionPolicyRules, input);
    // Rights depend on the slug alone, so nothing is looked up for a caller refused.
    if (!hasTeamRole(actor, command.team, 'maintainer')) {
      throw new ForbiddenError(`Only maintainers of team "${command.team}" can change its retention policy`);
    }
    const days = command.purgeArchivedArtifactsAfterDays;
    return this.dataSource.transaction(async (manager) => {
      const [team]: { id: string; days: number | null }[] = await manager.query(
        `/* lockTeamRetention */ SELECT t.id, p.purge_archived_artifacts_after_days AS days
           FROM registry.team t LEFT JOIN registry.retention_policy p ON p.team_id = t.id
          WHERE t.slug = $1 FOR UPDATE OF t`,
        [command.team],
      );
      if (!team) throw new NotFoundError('Team', command.team);
      if (team.days === days) return manager.findOneByOrFail(Team, { id: team.id });
      const who = actorOf(actor);
      if (days === null) {
        await manager.query(
          '/* dropRetentionPolicy */ DELETE FROM registry.retention_policy WHERE team_id = $1',
          [team.id],
        );
      } else {
        await manager.query(
          `/* setRetentionPolicy */ INSERT INTO registry.retention_policy (team_id, purge_archived_artifacts_after_days, updated_by)
           VALUES ($1, $2, $3)
           ON CONFLICT (team_id) DO UPDATE SET purge_archived_artifacts_after_days = EXCLUDED.purge_archived_artifacts_after_days,
             updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()`,
          [team.id, days, who],
        );
      }
      await recordHousekeeping(manager, {
        teamId: team.id,
        action: 'SET_RETENTION_POLICY',
        reason: null,
        details: { purgeArchivedArtifactsAfterDays: days, previousDays: team.days },
        actor: who,
      });
      await registryEventLog.publish(manager, {
        type: RegistryEvents.RetentionPolicySet,
        subjectId: team.id,
        actor: who,
        payload: {
          teamId: team.id,
          teamSlug: command.team,
          purgeArchivedArtifactsAfterDays: days,
          previousDays: team.days,
        },
      });
      return manager.findOneByOrFail(Team, { id: team.id });
    });
  }

  /**
   * Purges what the policies allow at `now` (a clock for tests), up to `limit` digests, one
   * transaction each. Under the locks the digest is checked again, so a hold, alias, unarchive
   * or new version committed since the first look keeps it. Lock order: the models naming the
   * digest `FOR SHARE` (by id), then the artifact row, as version creation takes the model and
   * then the artifact's key; holds, aliases and unarchiving lock the model row `FOR NO KEY
   * UPDATE`, which `FOR SHARE` excludes. The bytes are deleted last, inside the transaction: if
   * the commit then fails, the next run finds them gone and records the purge then.
   *
   * Stages first: the projection is brought up to governance's log, and nothing is purged
   * (SERVICE_UNAVAILABLE) while it cannot be, since a version promoted meanwhile would lose its
   * bytes. A transition committed while the purge runs is not seen; governance's own records
   * stay correct, and the window is one purge's length.
   */
  async purgeExpiredArtifacts(now: Date = new Date(), limit = 500): Promise<ArtifactPurgeRecord[]> {
    await this.stages.assertCurrent();
    const candidates: PurgeCandidate[] = await this.dataSource.query(PURGEABLE, [
      now,
      null,
      limit,
      VERSION_STAGE_CONSUMER,
    ]);
    const purged: ArtifactPurgeRecord[] = [];
    for (const candidate of candidates) {
      const record = await this.dataSource.transaction((manager) => this.purgeOne(manager, candidate, now));
      if (record) purged.push(record);
    }
    return purged;
  }

  private async purgeOne(
    manager: EntityManager,
    candidate: PurgeCandidate,
    now: Date,
  ): Promise<ArtifactPurgeRecord | null> {
    await manager.query(
      '/* lockModelsForPurge */ SELECT id FROM registry.model WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE',
      [candidate.model_ids],
    );
    const locked = await manager.query(
      '/* lockArtifactForPurge */ SELECT 1 FROM registry.artifact WHERE digest = $1 AND purged_at IS NULL FOR NO KEY UPDATE',
      [candidate.digest],
    );
    if (locked.length === 0) return null;
    const [current]: PurgeCandidate[] = await manager.query(PURGEABLE, [
      now,
      candidate.digest,
      1,
      VERSION_STAGE_CONSUMER,
    ]);
    if (!current) return null;
    const record: ArtifactPurgeRecord = {
      digest: current.digest,
      size: Number(current.size),
      modelVersionIds: current.version_ids,
      policies: current.policies,
    };
    await manager.query(
      '/* markArtifactPurged */ UPDATE registry.artifact SET purged_at = clock_timestamp() WHERE digest = $1',
      [current.digest],
    );
    await manager.query(
      `/* recordArtifactPurge */ INSERT INTO registry.artifact_purge (digest, size, model_version_ids, policies)
       VALUES ($1, $2, $3::uuid[], $4)`,
      [record.digest, record.size, record.modelVersionIds, JSON.stringify(record.policies)],
    );
    await registryEventLog.publish(manager, {
      type: RegistryEvents.ArtifactPurged,
      subjectId: record.digest,
      actor: actorOf(SYSTEM_PRINCIPAL),
      payload: { ...record, models: current.models },
    });
    await this.store.delete(record.digest);
    return record;
  }
}
