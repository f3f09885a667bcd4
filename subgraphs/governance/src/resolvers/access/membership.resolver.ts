import { type Connection, FIRST_DESCRIPTION } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import {
  CreateServiceAccountInput,
  GrantTeamMembershipInput,
  RevokeTeamMembershipInput,
} from './access.inputs';
import {
  Me,
  meOf,
  ServiceAccount,
  serviceAccountOf,
  TeamMember,
  TeamMemberConnection,
  teamMemberOf,
} from './access.types';

@Authorized()
@Resolver()
export class MembershipResolver {
  @Query(() => Me, { description: "The caller's effective rights on this request." })
  me(@Ctx() ctx: GovernanceContext): Me {
    return meOf(ctx.principal);
  }

  @Query(() => TeamMemberConnection, {
    description:
      "The team's memberships managed in Cairn, oldest first; for its members, platform admins and auditors.",
  })
  async teamMembers(
    @Arg('team') team: string,
    @Ctx() ctx: GovernanceContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<TeamMember>> {
    const page = await ctx.services.memberships.pageTeam(ctx.principal, team, { first, after });
    return {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: teamMemberOf(edge.node) })),
    };
  }

  @Mutation(() => TeamMember, {
    description:
      'Grants or changes a membership: team maintainers, admin scope. Nobody changes their own; changing one keeps the old in the history.',
  })
  async grantTeamMembership(
    @Arg('input') input: GrantTeamMembershipInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<TeamMember> {
    return teamMemberOf(await ctx.services.memberships.grant(ctx.principal, input));
  }

  @Mutation(() => TeamMember, {
    description:
      'Revokes a membership and answers what it was: team maintainers, admin scope. A team keeps at least one maintainer unless a platform admin revokes it.',
  })
  async revokeTeamMembership(
    @Arg('input') input: RevokeTeamMembershipInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<TeamMember> {
    return teamMemberOf(await ctx.services.memberships.revoke(ctx.principal, input));
  }

  @Mutation(() => ServiceAccount, { description: 'Creates a service account in a team: team maintainers.' })
  async createServiceAccount(
    @Arg('input') input: CreateServiceAccountInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<ServiceAccount> {
    return serviceAccountOf(await ctx.services.serviceAccounts.create(ctx.principal, input));
  }
}
