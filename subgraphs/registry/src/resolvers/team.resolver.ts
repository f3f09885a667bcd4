import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Team } from '../entities/team.entity';
import { Visibility } from '../entities/visibility';
import { CreateTeamInput } from './inputs/create-team.input';

@Authorized()
@Resolver(() => Team)
export class TeamResolver {
  @Query(() => [Team])
  teams(@Ctx() ctx: RegistryContext): Promise<Team[]> {
    return ctx.services.teams.list();
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
