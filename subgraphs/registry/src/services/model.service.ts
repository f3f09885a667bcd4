import { isUniqueViolation, isUuid } from '@cairn/database';
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, type Principal } from '@cairn/identity';
import type { SensitiveDataScanner } from '@cairn/sensitive-data';
import type { DataSource } from 'typeorm';
import { registryEventLog } from '../data-source';
import { Model } from '../entities/model.entity';
import { Team } from '../entities/team.entity';
import { RegistryEvents } from '../events';
import { registerModelRules } from './catalog-rules';
import { type ModelPage, ModelPager } from './model-pager';
import { ModelVisibilityPolicy } from './model-visibility';

export class ModelService {
  private readonly pager: ModelPager;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sensitiveData: SensitiveDataScanner,
  ) {
    this.pager = new ModelPager(dataSource);
  }

  async register(actor: Principal, input: unknown): Promise<Model> {
    const command = parseInput(registerModelRules, input);
    // Rights first, so a caller outside the team cannot probe which names exist in it.
    if (!hasScope(actor, 'write') || !hasTeamRole(actor, command.team, 'contributor')) {
      throw new ForbiddenError(
        `Registering models in team "${command.team}" needs the contributor role in that team`,
      );
    }
    const { name, description, task, framework, license, tags } = command;
    await this.sensitiveData.assertClean({ input: { name, description, task, framework, license, tags } });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const team = await manager.findOneBy(Team, { slug: command.team });
        if (!team) throw new NotFoundError('Team', command.team);
        const { team: _slug, visibility, ...fields } = command;
        const model = await manager.save(
          manager.create(Model, {
            ...fields,
            visibility: visibility ?? team.defaultVisibility,
            teamId: team.id,
            createdBy: actorOf(actor),
          }),
        );
        await registryEventLog.publish(manager, {
          type: RegistryEvents.ModelRegistered,
          subjectId: model.id,
          actor: actorOf(actor),
          payload: {
            modelId: model.id,
            teamId: team.id,
            teamSlug: team.slug,
            name: model.name,
            description: model.description,
            task: model.task,
            framework: model.framework,
            license: model.license,
            tags: model.tags,
            visibility: model.visibility,
          },
        });
        return model;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'model_team_name_key')) {
        throw new ConflictError(`Team "${command.team}" already has a model named "${command.name}"`, {
          team: command.team,
          name: command.name,
        });
      }
      throw error;
    }
  }

  /** NOT_FOUND for a model the caller may not see, exactly as for one that does not exist. */
  async getById(actor: Principal, id: string): Promise<Model> {
    const model = isUuid(id)
      ? await ModelVisibilityPolicy.for(actor)
          .models(this.dataSource)
          .andWhere('model.id = :id', { id: id.toLowerCase() })
          .getOne()
      : null;
    if (!model) throw new NotFoundError('Model', id);
    return model;
  }

  /** The models the caller may see; `totalCount` counts only those. */
  page(
    actor: Principal,
    args: {
      first?: number | null;
      after?: string | null;
      team?: string | null;
      includeArchived?: boolean | null;
    },
  ): Promise<ModelPage> {
    return this.pager.page(ModelVisibilityPolicy.for(actor), args);
  }
}
