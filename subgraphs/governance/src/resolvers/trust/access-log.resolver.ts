import {
  Arg,
  Authorized,
  Ctx,
  Directive,
  FieldResolver,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GovernanceContext } from '../../context';
import { AccessEntryInput, AccessLogConnection, AccessLogFilter, accessLogEntryOf } from './access-log.types';

@Authorized()
@Resolver()
export class AccessLogResolver {
  @Query(() => AccessLogConnection, {
    description:
      'Every mutation and every refused attempt (UNAUTHENTICATED, FORBIDDEN), newest first: platform admins and auditors.',
  })
  async accessLog(
    @Ctx() ctx: GovernanceContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 50 by default.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AccessLogConnection> {
    const page = await ctx.services.accessLog.page(ctx.principal, { filter, first, after });
    return {
      edges: page.entries.map(({ cursor, row }) => ({ cursor, node: accessLogEntryOf(row) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.entries.at(-1)?.cursor ?? null },
      filter,
    };
  }

  @Directive('@inaccessible')
  @Mutation(() => Int, { description: 'Gateway only: appends entries to the access log; answers how many.' })
  recordAccess(
    @Arg('entries', () => [AccessEntryInput]) entries: AccessEntryInput[],
    @Ctx() ctx: GovernanceContext,
  ): Promise<number> {
    return ctx.services.accessLog.record(ctx.principal, entries);
  }
}

@Authorized()
@Resolver(() => AccessLogConnection)
export class AccessLogConnectionResolver {
  @FieldResolver(() => Int, { description: 'Entries matching the filter; counted only when asked for.' })
  totalCount(@Root() connection: AccessLogConnection, @Ctx() ctx: GovernanceContext): Promise<number> {
    return ctx.services.accessLog.count(ctx.principal, connection.filter);
  }
}
