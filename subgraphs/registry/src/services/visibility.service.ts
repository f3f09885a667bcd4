import { isUuid } from '@cairn/database';
import { ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { registryEventLog } from '../data-source';
import { Model } from '../entities/model.entity';
import { Team } from '../entities/team.entity';
import type { Visibility } from '../entities/visibility';
import { RegistryEvents } from '../events';
import { setModelVisibilityRules, setTeamDefaultVisibilityRules } from './catalog-rules';
import { refuseIfArchived } from './housekeeping-rules';
import { ModelVisibilityPolicy } from './model-visibility';

/**
 * Changing who may see a model is managing its team: maintainers of the owning team (platform
 * admins act as maintainers everywhere), with a credential carrying the `admin` scope, since it
 * widens or narrows access rather than writing catalog content. A change appends its event in
 * the same transaction; setting the value a model or team already has changes nothing and
 * appends nothing.
 */
export class VisibilityService {
  constructor(private readonly dataSource: DataSource) {}

  async setModelVisibility(actor: Principal, input: unknown): Promise<Model> {
    if (!hasScope(actor, 'admin') || !hasTeamRoleAnywhere(actor, 'maintainer')) {
      throw new ForbiddenError(
        'Changing visibility needs the maintainer role in the owning team and the admin scope',
      );
    }
    const command = parseInput(setModelVisibilityRules, input);
    if (!isUuid(command.modelId)) throw new NotFoundError('Model', command.modelId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    return this.dataSource.transaction(async (manager) => {
      // A model the caller may not see is NOT_FOUND, never FORBIDDEN: the answer must not tell
      // an outsider that it exists. The lock orders concurrent changes of the same model.
      const [model]: {
        id: string;
        visibility: Visibility;
        team_slug: string;
        archived_at: Date | null;
        archived_by: string | null;
        archive_reason: string | null;
      }[] = await manager.query(
        `/* lockVisibleModel */
         SELECT m.id, m.visibility, t.slug AS team_slug, m.archived_at, m.archived_by, m.archive_reason
           FROM registry.model m JOIN registry.team t ON t.id = m.team_id
          WHERE m.id = $1 AND ${visible.sql}
            FOR UPDATE OF m`,
        [command.modelId, ...visible.parameters],
      );
      if (!model) throw new NotFoundError('Model', command.modelId);
      if (!hasTeamRole(actor, model.team_slug, 'maintainer')) {
        throw new ForbiddenError(
          `Only maintainers of team "${model.team_slug}" can change the visibility of its models`,
        );
      }
      refuseIfArchived(model);
      if (model.visibility !== command.visibility) {
        await manager.query(
          `/* setModelVisibility */ UPDATE registry.model SET visibility = $2, updated_at = now() WHERE id = $1`,
          [command.modelId, command.visibility],
        );
        await registryEventLog.publish(manager, {
          type: RegistryEvents.ModelVisibilityChanged,
          subjectId: command.modelId.toLowerCase(),
          actor: actorOf(actor),
          payload: {
            modelId: command.modelId.toLowerCase(),
            teamSlug: model.team_slug,
            from: model.visibility,
            to: command.visibility,
            reason: command.reason,
          },
        });
      }
      return manager.findOneByOrFail(Model, { id: command.modelId.toLowerCase() });
    });
  }

  async setTeamDefaultVisibility(actor: Principal, input: unknown): Promise<Team> {
    if (!hasScope(actor, 'admin')) throw new ForbiddenError('Changing visibility needs the admin scope');
    const command = parseInput(setTeamDefaultVisibilityRules, input);
    // Rights first: they depend on the slug alone, so nothing is looked up for a caller refused.
    if (!hasTeamRole(actor, command.team, 'maintainer')) {
      throw new ForbiddenError(
        `Only maintainers of team "${command.team}" can change its default visibility`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const [team]: { id: string; default_visibility: Visibility }[] = await manager.query(
        `/* lockTeamDefaultVisibility */
         SELECT id, default_visibility FROM registry.team WHERE slug = $1 FOR UPDATE`,
        [command.team],
      );
      if (!team) throw new NotFoundError('Team', command.team);
      if (team.default_visibility !== command.visibility) {
        await manager.query(
          `/* setTeamDefaultVisibility */ UPDATE registry.team SET default_visibility = $2 WHERE id = $1`,
          [team.id, command.visibility],
        );
        await registryEventLog.publish(manager, {
          type: RegistryEvents.TeamDefaultVisibilityChanged,
          subjectId: team.id,
          actor: actorOf(actor),
          payload: {
            teamId: team.id,
            slug: command.team,
            from: team.default_visibility,
            to: command.visibility,
          },
        });
      }
      return manager.findOneByOrFail(Team, { id: team.id });
    });
  }
}
