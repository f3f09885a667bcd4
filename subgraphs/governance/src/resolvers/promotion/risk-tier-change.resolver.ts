import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import type { GovernanceContext } from '../../context';
import type { RiskTierChangeRequestRow } from '../../services/promotion/risk-tier-change.service';
import { Model } from './approval-policy.resolver';
import { ModelRiskTier, RiskTier } from './promotion.types';

@ObjectType({
  description:
    'A maintainer’s request to lower a model’s risk tier: an approver of its team (never the one who asked) decides.',
})
export class RiskTierChangeRequest {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  modelId: string;

  @Field(() => RiskTier)
  from: RiskTier;

  @Field(() => RiskTier)
  to: RiskTier;

  @Field()
  reason: string;

  @Field()
  requestedBy: string;

  @Field()
  requestedAt: Date;

  @Field({ description: 'PENDING, APPROVED or REJECTED.' })
  status: string;

  @Field(() => String, { nullable: true })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  decisionReason: string | null;
}

@InputType()
export class RejectRiskTierChangeInput {
  @Field(() => ID)
  id: string;

  @Field({ description: 'At most 1,000 characters.' })
  reason: string;
}

export const riskTierChangeRequestOf = (row: RiskTierChangeRequestRow): RiskTierChangeRequest => ({
  id: row.id,
  modelId: row.model_id,
  from: row.from_tier,
  to: row.to_tier,
  reason: row.reason,
  requestedBy: row.requested_by,
  requestedAt: row.requested_at,
  status: row.status,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  decisionReason: row.decision_reason,
});

type ModelRiskTierResult = ModelRiskTier & { pendingChange?: RiskTierChangeRequestRow | null };

@Authorized()
@Resolver(() => ModelRiskTier)
export class ModelRiskTierResolver {
  @FieldResolver(() => RiskTierChangeRequest, {
    nullable: true,
    description: 'Set when the change lowers the tier: it waits for an approver, and `tier` is unchanged.',
  })
  pendingChange(@Root() result: ModelRiskTierResult): RiskTierChangeRequest | null {
    return result.pendingChange ? riskTierChangeRequestOf(result.pendingChange) : null;
  }
}

@Authorized()
@Resolver(() => Model)
export class ModelPendingTierResolver {
  @FieldResolver(() => RiskTierChangeRequest, {
    nullable: true,
    description: 'A request to lower the tier that waits for an approver of the team.',
  })
  async pendingRiskTierChange(
    @Root() model: Model,
    @Ctx() ctx: GovernanceContext,
  ): Promise<RiskTierChangeRequest | null> {
    const row = await ctx.loaders.pendingTierChangeByModel.load(model.id);
    return row ? riskTierChangeRequestOf(row) : null;
  }
}

@Authorized()
@Resolver()
export class RiskTierChangeResolver {
  @Mutation(() => RiskTierChangeRequest, {
    description:
      'Lowers the tier as asked (approvers of the model’s team, never the maintainer who asked); recorded and published.',
  })
  async approveRiskTierChange(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<RiskTierChangeRequest> {
    return riskTierChangeRequestOf(await ctx.services.riskTierChanges.approve(ctx.principal, id));
  }

  @Mutation(() => RiskTierChangeRequest, {
    description: 'Refuses a request to lower the tier, with a reason.',
  })
  async rejectRiskTierChange(
    @Arg('input') input: RejectRiskTierChangeInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<RiskTierChangeRequest> {
    return riskTierChangeRequestOf(await ctx.services.riskTierChanges.reject(ctx.principal, input));
  }
}
