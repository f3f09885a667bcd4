import { isUniqueViolation } from '@cairn/database';
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, isPlatformAdmin, type Principal } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { registryEventLog } from '../data-source';
import { Team } from '../entities/team.entity';
import { RegistryEvents } from '../events';
import { createTeamRules, teamSlug } from './catalog-rules';

export class TeamService {
  constructor(private readonly dataSource: DataSource) {}

  async create(actor: Principal, input: unknown): Promise<Team> {
    if (!isPlatformAdmin(actor) || !hasScope(actor, 'admin')) {
      throw new ForbiddenError('Only platform admins can create teams');
    }
    const command = parseInput(createTeamRules, input);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const team = await manager.save(manager.create(Team, command));
        await registryEventLog.publish(manager, {
          type: RegistryEvents.TeamCreated,
          subjectId: team.id,
          actor: actorOf(actor),
          payload: {
            teamId: team.id,
            slug: team.slug,
            name: team.name,
            defaultVisibility: team.defaultVisibility,
          },
        });
        return team;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'team_slug_key')) {
        throw new ConflictError(`A team with slug "${command.slug}" already exists`, { slug: command.slug });
      }
      throw error;
    }
  }

  async getBySlug(slug: string): Promise<Team> {
    // A string that is not a valid slug names no team; asking Postgres would only fail on NUL.
    const team = teamSlug.safeParse(slug).success
      ? await this.dataSource.getRepository(Team).findOneBy({ slug })
      : null;
    if (!team) throw new NotFoundError('Team', slug);
    return team;
  }

  /** Every team is listed to everyone signed in, by slug; `after` is the last slug seen. */
  async page(first: number, after: string | null): Promise<{ teams: Team[]; totalCount: number }> {
    const teams = this.dataSource.getRepository(Team);
    const query = teams
      .createQueryBuilder('team')
      .comment('teamPage')
      .orderBy('team.slug')
      .limit(first + 1);
    if (after !== null) query.where('team.slug > :after', { after });
    const [page, totalCount] = await Promise.all([query.getMany(), teams.count()]);
    return { teams: page, totalCount };
  }
}
