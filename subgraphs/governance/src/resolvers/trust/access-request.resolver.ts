import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import {
  AccessRequest,
  AccessRequestStatus,
  accessRequestOf,
  DecideAccessRequestInput,
  RequestAccessInput,
} from './access-request.types';

@Authorized()
@Resolver()
export class AccessRequestResolver {
  @Mutation(() => AccessRequest, {
    description: 'Asks a team for a role: one open request per person and team.',
  })
  async requestAccess(
    @Arg('input') input: RequestAccessInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<AccessRequest> {
    return accessRequestOf(await ctx.services.accessRequests.request(ctx.principal, input));
  }

  @Mutation(() => AccessRequest, {
    description:
      "Grants or denies an open request with a comment: the team's maintainers, never the requester. A grant creates the membership.",
  })
  async decideAccessRequest(
    @Arg('input') input: DecideAccessRequestInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<AccessRequest> {
    return accessRequestOf(await ctx.services.accessRequests.decide(ctx.principal, input));
  }

  @Mutation(() => AccessRequest, { description: 'Withdraws one of your open requests.' })
  async withdrawAccessRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<AccessRequest> {
    return accessRequestOf(await ctx.services.accessRequests.withdraw(ctx.principal, id));
  }

  @Query(() => [AccessRequest], { description: 'Your access requests, newest first.' })
  async myAccessRequests(
    @Ctx() ctx: GovernanceContext,
    @Arg('status', () => AccessRequestStatus, { nullable: true }) status?: AccessRequestStatus,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 50 by default.' }) first?: number,
  ): Promise<AccessRequest[]> {
    return (await ctx.services.accessRequests.mine(ctx.principal, { status, first })).map(accessRequestOf);
  }

  @Query(() => [AccessRequest], {
    description:
      'Requests to the teams you maintain (every team for platform admins), open ones first, then newest first.',
  })
  async accessRequestInbox(
    @Ctx() ctx: GovernanceContext,
    @Arg('team', () => String, { nullable: true }) team?: string,
    @Arg('status', () => AccessRequestStatus, { nullable: true }) status?: AccessRequestStatus,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 50 by default.' }) first?: number,
  ): Promise<AccessRequest[]> {
    return (await ctx.services.accessRequests.inbox(ctx.principal, { team, status, first })).map(
      accessRequestOf,
    );
  }
}
