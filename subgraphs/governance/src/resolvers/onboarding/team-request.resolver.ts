import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import {
  RejectTeamRequestInput,
  RequestTeamInput,
  TeamRequest,
  TeamRequestStatus,
  teamRequestOf,
} from './team-request.types';

@Authorized()
@Resolver()
export class TeamRequestResolver {
  @Mutation(() => TeamRequest, {
    description: 'Asks for a new team (people only); platform admins approve or reject it.',
  })
  async requestTeam(
    @Arg('input') input: RequestTeamInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<TeamRequest> {
    return teamRequestOf(await ctx.services.teamRequests.request(ctx.principal, input));
  }

  @Mutation(() => TeamRequest, {
    description:
      'Approves an open team request (platform admins, never their own): the requester becomes its maintainer and the registry creates the team.',
  })
  async approveTeamRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<TeamRequest> {
    return teamRequestOf(await ctx.services.teamRequests.approve(ctx.principal, id));
  }

  @Mutation(() => TeamRequest, {
    description: 'Rejects an open team request with a reason (platform admins, never their own).',
  })
  async rejectTeamRequest(
    @Arg('input') input: RejectTeamRequestInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<TeamRequest> {
    return teamRequestOf(await ctx.services.teamRequests.reject(ctx.principal, input));
  }

  @Query(() => [TeamRequest], {
    description: 'Team requests: every one for platform admins, your own otherwise. Open ones first.',
  })
  async teamRequests(
    @Ctx() ctx: GovernanceContext,
    @Arg('status', () => TeamRequestStatus, { nullable: true }) status?: TeamRequestStatus,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 50 by default.' }) first?: number,
  ): Promise<TeamRequest[]> {
    return (await ctx.services.teamRequests.list(ctx.principal, { status, first })).map(teamRequestOf);
  }
}
