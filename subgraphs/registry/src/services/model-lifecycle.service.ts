import { isUuid } from '@cairn/database';
import { ForbiddenError, InvalidInputError, parseInput } from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  hasTeamRoleAnywhere,
  type Principal,
  type Scope,
} from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { registryEventLog } from '../data-source';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { RegistryEvents } from '../events';
import {
  type LockedModelRow,
  lockVisibleModel,
  lockVisibleVersion,
  recordHousekeeping,
  versionEventFields,
} from './housekeeping-locks';
import {
  archiveRules,
  deprecateRules,
  refuseIfArchived,
  unarchiveRules,
  undeprecateRules,
} from './housekeeping-rules';

/** Rights first: who maintains no team is FORBIDDEN for any id, existing or not. */
function requireMaintainerAnywhere(actor: Principal, scope: Scope, what: string) {
  if (!hasScope(actor, scope) || !hasTeamRoleAnywhere(actor, 'maintainer')) {
    throw new ForbiddenError(`${what} needs the maintainer role in the model's team and the ${scope} scope`);
  }
}

function requireMaintainerOf(actor: Principal, model: LockedModelRow, what: string) {
  if (!hasTeamRole(actor, model.team_slug, 'maintainer')) {
    throw new ForbiddenError(`Only maintainers of team "${model.team_slug}" can ${what}`);
  }
}

/**
 * Deprecating versions and archiving models, for maintainers of the owning team (platform
 * admins count). Deprecation is advice (the version still works) with an optional successor,
 * a later version of the same model. An archived model and its versions are read-only: every
 * change answers FAILED_PRECONDITION (`ModelArchivedError`) until it is unarchived, and default
 * lists and searches leave it out. Each change appends a history row and an event in its
 * transaction; asking for what already holds changes nothing and appends nothing.
 */
export class ModelLifecycleService {
  constructor(private readonly dataSource: DataSource) {}

  async deprecate(actor: Principal, input: unknown): Promise<ModelVersion> {
    requireMaintainerAnywhere(actor, 'write', 'Deprecating versions');
    const command = parseInput(deprecateRules, input);
    return this.dataSource.transaction(async (manager) => {
      const version = await lockVisibleVersion(manager, actor, command.versionId);
      requireMaintainerOf(actor, version, 'deprecate its models’ versions');
      refuseIfArchived(version);
      const successor = command.successorVersionId
        ? await this.successorOf(manager, version.id, version.version, command.successorVersionId)
        : null;
      const [current]: { reason: string; successor_version_id: string | null }[] = await manager.query(
        `/* currentDeprecation */ SELECT reason, successor_version_id FROM registry.model_version_deprecation
          WHERE model_version_id = $1`,
        [version.version_id],
      );
      if (current?.reason === command.reason && current.successor_version_id === successor) {
        return this.versionRow(manager, version.version_id);
      }
      const who = actorOf(actor);
      await manager.query(
        `/* deprecateModelVersion */ INSERT INTO registry.model_version_deprecation
           (model_version_id, model_id, reason, successor_version_id, deprecated_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (model_version_id) DO UPDATE SET reason = EXCLUDED.reason,
           successor_version_id = EXCLUDED.successor_version_id, deprecated_by = EXCLUDED.deprecated_by,
           deprecated_at = clock_timestamp()`,
        [version.version_id, version.id, command.reason, successor, who],
      );
      await recordHousekeeping(manager, {
        teamId: version.team_id,
        modelId: version.id,
        versionId: version.version_id,
        action: 'DEPRECATE',
        reason: command.reason,
        details: { successorVersionId: successor },
        actor: who,
      });
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelVersionDeprecated,
        subjectId: version.version_id,
        actor: who,
        payload: { ...versionEventFields(version), reason: command.reason, successorVersionId: successor },
      });
      return this.versionRow(manager, version.version_id);
    });
  }

  async undeprecate(actor: Principal, input: unknown): Promise<ModelVersion> {
    requireMaintainerAnywhere(actor, 'write', 'Undeprecating versions');
    const command = parseInput(undeprecateRules, input);
    return this.dataSource.transaction(async (manager) => {
      const version = await lockVisibleVersion(manager, actor, command.versionId);
      requireMaintainerOf(actor, version, 'undeprecate its models’ versions');
      refuseIfArchived(version);
      const removed: [unknown[], number] = await manager.query(
        `/* undeprecateModelVersion */ DELETE FROM registry.model_version_deprecation WHERE model_version_id = $1`,
        [version.version_id],
      );
      if (removed[1] === 0) return this.versionRow(manager, version.version_id);
      const who = actorOf(actor);
      await recordHousekeeping(manager, {
        teamId: version.team_id,
        modelId: version.id,
        versionId: version.version_id,
        action: 'UNDEPRECATE',
        reason: command.reason,
        actor: who,
      });
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelVersionUndeprecated,
        subjectId: version.version_id,
        actor: who,
        payload: { ...versionEventFields(version), reason: command.reason },
      });
      return this.versionRow(manager, version.version_id);
    });
  }

  /** Archiving changes who finds the model (default searches), so it takes the admin scope. */
  async archive(actor: Principal, input: unknown): Promise<Model> {
    requireMaintainerAnywhere(actor, 'admin', 'Archiving models');
    const command = parseInput(archiveRules, input);
    return this.dataSource.transaction(async (manager) => {
      const model = await lockVisibleModel(manager, actor, command.modelId);
      requireMaintainerOf(actor, model, 'archive its models');
      if (model.archived_at) return manager.findOneByOrFail(Model, { id: model.id });
      const who = actorOf(actor);
      await manager.query(
        `/* archiveModel */ UPDATE registry.model
            SET archived_at = clock_timestamp(), archived_by = $2, archive_reason = $3 WHERE id = $1`,
        [model.id, who, command.reason],
      );
      await this.recordArchive(manager, model, 'ARCHIVE', command.reason, who);
      return manager.findOneByOrFail(Model, { id: model.id });
    });
  }

  async unarchive(actor: Principal, input: unknown): Promise<Model> {
    requireMaintainerAnywhere(actor, 'admin', 'Unarchiving models');
    const command = parseInput(unarchiveRules, input);
    return this.dataSource.transaction(async (manager) => {
      const model = await lockVisibleModel(manager, actor, command.modelId);
      requireMaintainerOf(actor, model, 'unarchive its models');
      if (!model.archived_at) return manager.findOneByOrFail(Model, { id: model.id });
      const who = actorOf(actor);
      await manager.query(
        `/* unarchiveModel */ UPDATE registry.model
            SET archived_at = NULL, archived_by = NULL, archive_reason = NULL WHERE id = $1`,
        [model.id],
      );
      await this.recordArchive(manager, model, 'UNARCHIVE', command.reason, who);
      return manager.findOneByOrFail(Model, { id: model.id });
    });
  }

  private async recordArchive(
    manager: EntityManager,
    model: LockedModelRow,
    action: 'ARCHIVE' | 'UNARCHIVE',
    reason: string | null,
    who: string,
  ) {
    await recordHousekeeping(manager, {
      teamId: model.team_id,
      modelId: model.id,
      action,
      reason,
      actor: who,
    });
    const fields = { modelId: model.id, teamSlug: model.team_slug, visibility: model.visibility };
    if (action === 'ARCHIVE') {
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelArchived,
        subjectId: model.id,
        actor: who,
        payload: { ...fields, reason: reason ?? '' },
      });
    } else {
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelUnarchived,
        subjectId: model.id,
        actor: who,
        payload: { ...fields, reason },
      });
    }
  }

  /** A later version of the same model; anything else is BAD_USER_INPUT, naming the field. */
  private async successorOf(manager: EntityManager, modelId: string, version: number, successorId: string) {
    const [row]: { id: string }[] = isUuid(successorId)
      ? await manager.query(
          `/* deprecationSuccessor */ SELECT id FROM registry.model_version
            WHERE id = $1 AND model_id = $2 AND version > $3`,
          [successorId.toLowerCase(), modelId, version],
        )
      : [];
    if (!row) throw InvalidInputError.field('successorVersionId', 'is not a later version of this model');
    return row.id;
  }

  private versionRow(manager: EntityManager, id: string): Promise<ModelVersion> {
    return manager.findOneByOrFail(ModelVersion, { id });
  }
}
