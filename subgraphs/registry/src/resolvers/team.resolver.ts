import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Team } from '../entities/team.entity';
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
}
