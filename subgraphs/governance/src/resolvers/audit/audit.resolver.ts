import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import {
  AuditChainVerification,
  AuditCheckpointCheck,
  AuditConnection,
  type AuditEntry,
  AuditSource,
} from './audit.types';

@Authorized()
@Resolver()
export class AuditResolver {
  @Query(() => AuditConnection, {
    description:
      'The audit chain, newest first: every event of every subgraph and every refused access. Platform admins and auditors.',
  })
  async auditLog(
    @Ctx() ctx: GovernanceContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 50 by default.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('source', () => AuditSource, { nullable: true }) source?: AuditSource,
    @Arg('type', () => String, { nullable: true }) type?: string,
    @Arg('subject', () => String, { nullable: true }) subject?: string,
    @Arg('actor', () => String, { nullable: true }) actor?: string,
    @Arg('from', () => String, { nullable: true, description: 'ISO 8601; occurred at or after.' })
    from?: string,
    @Arg('to', () => String, { nullable: true, description: 'ISO 8601; occurred before.' }) to?: string,
  ): Promise<AuditConnection> {
    const page = await ctx.services.audit.page(ctx.principal, {
      first,
      after,
      source,
      type,
      subject,
      actor,
      from,
      to,
    });
    return {
      edges: page.entries.map(({ cursor, entry, chainedAt }) => ({
        cursor,
        node: { ...entry, occurredAt: new Date(entry.occurredAt), chainedAt } as AuditEntry,
      })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.entries.at(-1)?.cursor ?? null },
    };
  }

  @Query(() => AuditChainVerification, {
    description:
      'Recomputes every hash and link of the chain from seq `from` to `to` (inclusive; the whole chain by default) and checks the checkpoint signatures. Platform admins and auditors.',
  })
  verifyAuditChain(
    @Ctx() ctx: GovernanceContext,
    @Arg('from', () => Int, { nullable: true }) from?: number,
    @Arg('to', () => Int, { nullable: true }) to?: number,
  ): Promise<AuditChainVerification> {
    return ctx.services.audit.verify(ctx.principal, { from, to });
  }

  @Query(() => [AuditCheckpointCheck], {
    description: 'Signed checkpoints of the chain head, newest first. Platform admins and auditors.',
  })
  auditCheckpoints(
    @Ctx() ctx: GovernanceContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 20 by default.' }) first?: number,
  ): Promise<AuditCheckpointCheck[]> {
    return ctx.services.audit.checkpoints(ctx.principal, { first });
  }
}
