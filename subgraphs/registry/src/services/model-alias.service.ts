import { isUuid } from '@cairn/database';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PreconditionFailedError,
  parseInput,
} from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { registryEventLog } from '../data-source';
import { ModelAlias } from '../entities/model-alias.entity';
import { type AliasAction, ModelAliasChange } from '../entities/model-alias-change.entity';
import type { Visibility } from '../entities/visibility';
import { RegistryEvents } from '../events';
import {
  deleteAliasRules,
  MAX_ALIASES_PER_MODEL,
  rollbackAliasRules,
  setAliasProtectionRules,
  setAliasRules,
} from './alias-rules';
import { refuseIfArchived } from './housekeeping-rules';
import { ModelVisibilityPolicy } from './model-visibility';

interface LockedModel {
  id: string;
  team_slug: string;
  visibility: Visibility;
  archived_at: Date | null;
  archived_by: string | null;
  archive_reason: string | null;
}

interface CurrentAlias {
  model_version_id: string;
  protected: boolean;
}

/** What every change of one alias shares: the locked model, the alias as it is, the caller. */
interface AliasChange {
  manager: EntityManager;
  model: LockedModel;
  current: CurrentAlias | null;
  actor: string;
}

/**
 * Setting, moving, deleting, rolling back and (un)protecting model aliases. Contributors of the
 * model's team change unprotected aliases; a protected one, and protection itself, are for its
 * maintainers (platform admins count). A model the caller may not see is NOT_FOUND, exactly as
 * one that does not exist. Every change appends a history row and an event in its transaction.
 *
 * Lock order: the model row (`FOR NO KEY UPDATE`), then its alias rows. Every change of any alias
 * of a model queues on the model row, so two moves at once apply one after the other and the
 * second records the first's target as its `from`; creating the same new alias twice cannot race
 * into a unique violation. `FOR NO KEY UPDATE` leaves foreign-key checks (new versions) unblocked.
 * History rows take `clock_timestamp()`, read after the lock, so `at` grows with `id` per model.
 */
export class ModelAliasService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the alias, or moves it; pointing it where it already points changes nothing. */
  async set(actor: Principal, input: unknown): Promise<ModelAlias> {
    this.requireRight(actor, 'contributor');
    const command = parseInput(setAliasRules, input);
    return this.change(
      actor,
      command.modelId,
      command.alias,
      async ({ manager, model, current, actor: who }) => {
        this.requireMayChange(actor, model, current);
        const target = isUuid(command.versionId)
          ? await this.versionOf(manager, model.id, command.versionId)
          : null;
        // The same answer whether the version exists elsewhere or not at all: nothing leaks.
        if (!target) throw InvalidInputError.field('versionId', 'is not a version of this model');
        if (current?.model_version_id === target.id) return this.aliasRow(manager, model.id, command.alias);
        if (current) {
          await manager.query(
            `/* moveModelAlias */ UPDATE registry.model_alias
              SET model_version_id = $3, updated_by = $4, updated_at = clock_timestamp()
            WHERE model_id = $1 AND name = $2`,
            [model.id, command.alias, target.id, who],
          );
        } else {
          const [row]: { count: number }[] = await manager.query(
            '/* countModelAliases */ SELECT count(*)::int AS count FROM registry.model_alias WHERE model_id = $1',
            [model.id],
          );
          if (row!.count >= MAX_ALIASES_PER_MODEL) {
            throw new PreconditionFailedError(
              `A model has at most ${MAX_ALIASES_PER_MODEL} aliases; delete one before adding another`,
            );
          }
          await manager.query(
            `/* createModelAlias */ INSERT INTO registry.model_alias
             (model_id, name, model_version_id, created_by, created_at, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, clock_timestamp(), $4, clock_timestamp())`,
            [model.id, command.alias, target.id, who],
          );
        }
        const from = current?.model_version_id ?? null;
        await this.record(manager, {
          model,
          alias: command.alias,
          action: current ? 'MOVE' : 'SET',
          from: from,
          to: target.id,
          who,
          reason: command.reason,
        });
        await registryEventLog.publish(manager, {
          type: RegistryEvents.ModelAliasSet,
          subjectId: model.id,
          actor: who,
          payload: {
            ...this.eventFields(model, command.alias),
            fromVersionId: from,
            toVersionId: target.id,
            toVersion: target.version,
            reason: command.reason,
          },
        });
        return this.aliasRow(manager, model.id, command.alias);
      },
    );
  }

  /** Removes the alias; its history stays. Returns the history entry recording the deletion. */
  async delete(actor: Principal, input: unknown): Promise<ModelAliasChange> {
    this.requireRight(actor, 'contributor');
    const command = parseInput(deleteAliasRules, input);
    return this.change(
      actor,
      command.modelId,
      command.alias,
      async ({ manager, model, current, actor: who }) => {
        const existing = this.requireExisting(current, command.alias);
        this.requireMayChange(actor, model, existing);
        await manager.query(
          '/* deleteModelAlias */ DELETE FROM registry.model_alias WHERE model_id = $1 AND name = $2',
          [model.id, command.alias],
        );
        const change = await this.record(manager, {
          model,
          alias: command.alias,
          action: 'DELETE',
          from: existing.model_version_id,
          to: null,
          who,
          reason: command.reason,
        });
        await registryEventLog.publish(manager, {
          type: RegistryEvents.ModelAliasDeleted,
          subjectId: model.id,
          actor: who,
          payload: {
            ...this.eventFields(model, command.alias),
            fromVersionId: existing.model_version_id,
            reason: command.reason,
          },
        });
        return change;
      },
    );
  }

  /**
   * Points the alias back at the version it pointed to before its last change of target (a
   * second rollback undoes the first). FAILED_PRECONDITION when it has pointed nowhere else since
   * it was (last) created.
   */
  async rollback(actor: Principal, input: unknown): Promise<ModelAlias> {
    this.requireRight(actor, 'contributor');
    const command = parseInput(rollbackAliasRules, input);
    return this.change(
      actor,
      command.modelId,
      command.alias,
      async ({ manager, model, current, actor: who }) => {
        const existing = this.requireExisting(current, command.alias);
        this.requireMayChange(actor, model, existing);
        const [last]: { from_version_id: string | null }[] = await manager.query(
          `/* lastAliasRetarget */ SELECT from_version_id FROM registry.model_alias_history
          WHERE model_id = $1 AND alias = $2 AND action IN ('SET', 'MOVE', 'ROLLBACK')
          ORDER BY id DESC LIMIT 1`,
          [model.id, command.alias],
        );
        const previous = last?.from_version_id ?? null;
        if (!previous) {
          throw new PreconditionFailedError(
            `Alias "${command.alias}" has pointed at no other version since it was set: there is nothing to roll back to`,
          );
        }
        const target = (await this.versionOf(manager, model.id, previous))!;
        await manager.query(
          `/* rollBackModelAlias */ UPDATE registry.model_alias
            SET model_version_id = $3, updated_by = $4, updated_at = clock_timestamp()
          WHERE model_id = $1 AND name = $2`,
          [model.id, command.alias, target.id, who],
        );
        await this.record(manager, {
          model,
          alias: command.alias,
          action: 'ROLLBACK',
          from: existing.model_version_id,
          to: target.id,
          who,
          reason: command.reason,
        });
        await registryEventLog.publish(manager, {
          type: RegistryEvents.ModelAliasRolledBack,
          subjectId: model.id,
          actor: who,
          payload: {
            ...this.eventFields(model, command.alias),
            fromVersionId: existing.model_version_id,
            toVersionId: target.id,
            toVersion: target.version,
            reason: command.reason,
          },
        });
        return this.aliasRow(manager, model.id, command.alias);
      },
    );
  }

  /** Maintainers only, either way; setting what it already is changes nothing. */
  async setProtection(actor: Principal, input: unknown): Promise<ModelAlias> {
    this.requireRight(actor, 'maintainer');
    const command = parseInput(setAliasProtectionRules, input);
    return this.change(
      actor,
      command.modelId,
      command.alias,
      async ({ manager, model, current, actor: who }) => {
        if (!hasTeamRole(actor, model.team_slug, 'maintainer')) {
          throw new ForbiddenError(
            `Only maintainers of team "${model.team_slug}" can protect or unprotect its models' aliases`,
          );
        }
        const existing = this.requireExisting(current, command.alias);
        if (existing.protected === command.protected) return this.aliasRow(manager, model.id, command.alias);
        await manager.query(
          `/* setModelAliasProtection */ UPDATE registry.model_alias
            SET protected = $3, updated_by = $4, updated_at = clock_timestamp()
          WHERE model_id = $1 AND name = $2`,
          [model.id, command.alias, command.protected, who],
        );
        const action = command.protected ? 'PROTECT' : 'UNPROTECT';
        const version = existing.model_version_id;
        await this.record(manager, {
          model,
          alias: command.alias,
          action: action,
          from: version,
          to: version,
          who,
          reason: command.reason,
        });
        await registryEventLog.publish(manager, {
          type: RegistryEvents.ModelAliasProtectionChanged,
          subjectId: model.id,
          actor: who,
          payload: {
            ...this.eventFields(model, command.alias),
            versionId: version,
            protected: command.protected,
            reason: command.reason,
          },
        });
        return this.aliasRow(manager, model.id, command.alias);
      },
    );
  }

  /** Rights first: who holds the role in no team is FORBIDDEN for any model, existing or not. */
  private requireRight(actor: Principal, role: 'contributor' | 'maintainer') {
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, role)) {
      throw new ForbiddenError(`Changing model aliases needs the ${role} role in the model's team`);
    }
  }

  private requireMayChange(actor: Principal, model: LockedModel, current: CurrentAlias | null) {
    if (!hasTeamRole(actor, model.team_slug, 'contributor')) {
      throw new ForbiddenError(
        `Only contributors of team "${model.team_slug}" can change its models' aliases`,
      );
    }
    if (current?.protected && !hasTeamRole(actor, model.team_slug, 'maintainer')) {
      throw new ForbiddenError(
        `The alias is protected: only maintainers of team "${model.team_slug}" can change it`,
      );
    }
  }

  private requireExisting(current: CurrentAlias | null, alias: string): CurrentAlias {
    if (!current) throw new NotFoundError('ModelAlias', alias);
    return current;
  }

  private async change<T>(
    actor: Principal,
    modelId: string,
    alias: string,
    work: (change: AliasChange) => Promise<T>,
  ): Promise<T> {
    if (!isUuid(modelId)) throw new NotFoundError('Model', modelId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    return this.dataSource.transaction(async (manager) => {
      const [model]: LockedModel[] = await manager.query(
        `/* lockVisibleModelForAliases */
         SELECT m.id, m.visibility, t.slug AS team_slug, m.archived_at, m.archived_by, m.archive_reason
           FROM registry.model m JOIN registry.team t ON t.id = m.team_id
          WHERE m.id = $1 AND ${visible.sql}
            FOR NO KEY UPDATE OF m`,
        [modelId.toLowerCase(), ...visible.parameters],
      );
      if (!model) throw new NotFoundError('Model', modelId);
      refuseIfArchived(model);
      const [current]: CurrentAlias[] = await manager.query(
        `/* currentModelAlias */ SELECT model_version_id, protected FROM registry.model_alias
          WHERE model_id = $1 AND name = $2`,
        [model.id, alias],
      );
      return work({ manager, model, current: current ?? null, actor: actorOf(actor) });
    });
  }

  private async versionOf(manager: EntityManager, modelId: string, versionId: string) {
    const [row]: { id: string; version: number }[] = await manager.query(
      '/* aliasTargetVersion */ SELECT id, version FROM registry.model_version WHERE id = $1 AND model_id = $2',
      [versionId.toLowerCase(), modelId],
    );
    return row ?? null;
  }

  private async record(
    manager: EntityManager,
    entry: {
      model: LockedModel;
      alias: string;
      action: AliasAction;
      from: string | null;
      to: string | null;
      who: string;
      reason: string | null;
    },
  ): Promise<ModelAliasChange> {
    const [row]: { id: string }[] = await manager.query(
      `/* recordAliasChange */ INSERT INTO registry.model_alias_history
         (model_id, alias, action, from_version_id, to_version_id, actor, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [entry.model.id, entry.alias, entry.action, entry.from, entry.to, entry.who, entry.reason],
    );
    return manager.findOneByOrFail(ModelAliasChange, { id: row!.id });
  }

  private aliasRow(manager: EntityManager, modelId: string, name: string): Promise<ModelAlias> {
    return manager.findOneByOrFail(ModelAlias, { modelId, name });
  }

  private eventFields(model: LockedModel, alias: string) {
    return { modelId: model.id, teamSlug: model.team_slug, alias, visibility: model.visibility };
  }
}
