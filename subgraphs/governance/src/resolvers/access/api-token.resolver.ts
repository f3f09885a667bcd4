import { type Connection, FIRST_DESCRIPTION } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import { CreateApiTokenInput } from './access.inputs';
import { ApiToken, ApiTokenConnection, apiTokenOf, CreatedApiToken } from './access.types';

@Authorized()
@Resolver()
export class ApiTokenResolver {
  @Mutation(() => CreatedApiToken, {
    description:
      'Creates a personal token, or one for a service account of a team the caller maintains. The secret is in this answer only.',
  })
  async createApiToken(
    @Arg('input') input: CreateApiTokenInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<CreatedApiToken> {
    const { token, secret } = await ctx.services.apiTokens.create(ctx.principal, input);
    return { token: apiTokenOf(token), secret };
  }

  @Query(() => ApiTokenConnection, {
    description:
      "The caller's tokens, and their teams' service accounts' tokens for maintainers; every token for platform admins and auditors. Newest first.",
  })
  async apiTokens(
    @Ctx() ctx: GovernanceContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<ApiToken>> {
    const page = await ctx.services.apiTokens.page(ctx.principal, { first, after });
    return {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: apiTokenOf(edge.node) })),
    };
  }

  @Mutation(() => ApiToken, { description: 'Revokes a token; its next request is refused.' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GovernanceContext): Promise<ApiToken> {
    return apiTokenOf(await ctx.services.apiTokens.revoke(ctx.principal, id));
  }
}
