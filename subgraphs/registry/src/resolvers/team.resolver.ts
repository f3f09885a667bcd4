import {
  type Connection,
  ConnectionType,
  cursorCodec,
  cursorParts,
  FIRST_DESCRIPTION,
  pageArgs,
  toConnection,
} from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Team } from '../entities/team.entity';
import { Visibility } from '../entities/visibility';
import { CreateTeamInput } from './inputs/create-team.input';

const TeamConnection = ConnectionType(Team, 'Team', 'How many teams there are.');
const teamCursor = cursorCodec('team', cursorParts.text);

@Authorized()
@Resolver(() => Team)
export class TeamResolver {
  @Query(() => TeamConnection, { description: 'Every team, by slug.' })
  async teams(
    @Ctx() ctx: RegistryContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<Team>> {
    const page = pageArgs({ first, after }, teamCursor);
    const { teams, totalCount } = await ctx.services.teams.page(page.first, page.after);
    return toConnection(teams, page.first, totalCount, (team) => teamCursor.encode(team.slug));
  }

  @Query(() => Team)
  team(@Arg('slug') slug: string, @Ctx() ctx: RegistryContext): Promise<Team> {
    return ctx.services.teams.getBySlug(slug);
  }

  @Authorized('platform-admin')
  @Mutation(() => Team)
  createTeam(@Arg('input') input: CreateTeamInput, @Ctx() ctx: RegistryContext): Promise<Team> {
    return ctx.services.teams.create(ctx.principal, input);
  }

  @Mutation(() => Team, {
    description:
      'What models registered in the team without a visibility get. Its maintainers (or platform admins), with the admin scope; existing models keep theirs.',
  })
  setTeamDefaultVisibility(
    @Arg('team', { description: 'Team slug.' }) team: string,
    @Arg('visibility', () => Visibility) visibility: Visibility,
    @Ctx() ctx: RegistryContext,
  ): Promise<Team> {
    return ctx.services.visibility.setTeamDefaultVisibility(ctx.principal, { team, visibility });
  }
}
