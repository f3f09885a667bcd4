import { isUuid } from '@cairn/database';
import { ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { registryEventLog } from '../data-source';
import { ModelVersion } from '../entities/model-version.entity';
import type { Visibility } from '../entities/visibility';
import { RegistryEvents } from '../events';
import { createModelVersionRules } from './catalog-rules';
import { ModelVisibilityPolicy } from './model-visibility';

interface ClaimedNumber {
  version_count: number;
  visibility: Visibility;
  name: string;
  team_slug: string;
}

export class ModelVersionService {
  constructor(private readonly dataSource: DataSource) {}

  async create(actor: Principal, input: unknown): Promise<ModelVersion> {
    // Rights first, as in every subgraph: a caller who contributes to no team is FORBIDDEN for
    // any id, existing or not; one who does, but cannot see this model, gets NOT_FOUND below.
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Creating model versions needs the contributor role in the owning team');
    }
    const command = parseInput(createModelVersionRules, input);
    if (!isUuid(command.modelId)) throw new NotFoundError('Model', command.modelId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    return this.dataSource.transaction(async (manager) => {
      // Claiming the next number updates the model row, which locks it until commit: concurrent
      // creators queue here, and a rolled-back creation releases its number, so there are no gaps.
      // A model the caller may not see claims nothing and is NOT_FOUND, as if it did not exist.
      const claimed: [ClaimedNumber[], number] = await manager.query(
        `/* claimNextVersionNumber */
         UPDATE registry.model AS m SET version_count = m.version_count + 1, updated_at = now()
           FROM registry.team AS t
          WHERE m.id = $1 AND t.id = m.team_id AND ${visible.sql}
         RETURNING m.version_count, m.visibility, m.name, t.slug AS team_slug`,
        [command.modelId, ...visible.parameters],
      );
      const model = claimed[0][0];
      if (!model) throw new NotFoundError('Model', command.modelId);
      if (!hasTeamRole(actor, model.team_slug, 'contributor')) {
        throw new ForbiddenError(
          `Only contributors of team "${model.team_slug}" can add versions to this model`,
        );
      }
      const version = await manager.save(
        manager.create(ModelVersion, {
          modelId: command.modelId,
          version: model.version_count,
          hyperparameters: command.hyperparameters,
          createdBy: actorOf(actor),
        }),
      );
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelVersionCreated,
        subjectId: version.id,
        actor: actorOf(actor),
        payload: {
          modelVersionId: version.id,
          modelId: version.modelId,
          modelName: model.name,
          teamSlug: model.team_slug,
          version: version.version,
          visibility: model.visibility,
        },
      });
      return version;
    });
  }

  /** NOT_FOUND for a version of a model the caller may not see, as for one that does not exist. */
  async getById(actor: Principal, id: string): Promise<ModelVersion> {
    const version = isUuid(id)
      ? await ModelVisibilityPolicy.for(actor)
          .versions(this.dataSource)
          .andWhere('version.id = :id', { id: id.toLowerCase() })
          .getOne()
      : null;
    if (!version) throw new NotFoundError('ModelVersion', id);
    return version;
  }
}
