import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import { ModelVersion } from '../model-version.type';
import {
  ApprovePromotionInput,
  DecisionRecord,
  decisionRecordOf,
  GuardrailEvaluation,
  guardrailEvaluationOf,
  PromotionDecision,
  PromotionProgress,
  PromotionRequest,
  progressOf,
  promotionDecisionOf,
  promotionRequestOf,
  RejectPromotionInput,
  RequestPromotionInput,
  RollbackProductionInput,
} from './promotion.types';

@Authorized()
@Resolver(() => PromotionRequest)
export class PromotionRequestResolver {
  @Mutation(() => PromotionRequest, {
    description:
      'Asks for a version to move into STAGING (from DEVELOPMENT) or PRODUCTION (from STAGING): contributors of its team; one open request per version and target. The approval policy of the model’s risk tier decides when it moves.',
  })
  async requestPromotion(
    @Arg('input') input: RequestPromotionInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest> {
    return promotionRequestOf(await ctx.services.promotions.request(ctx.principal, input));
  }

  @Mutation(() => PromotionRequest, {
    description:
      'Approves an open request: approvers of the team, never the requester or the version’s author. The approval is bound to the version’s manifest digest and the policy version in force; when the policy is met the version moves at once.',
  })
  async approvePromotion(
    @Arg('input') input: ApprovePromotionInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest> {
    return promotionRequestOf(await ctx.services.promotions.approve(ctx.principal, input));
  }

  @Mutation(() => PromotionRequest, {
    description: 'Rejects an open request with a reason (required): one eligible approver suffices.',
  })
  async rejectPromotion(
    @Arg('input') input: RejectPromotionInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest> {
    return promotionRequestOf(await ctx.services.promotions.reject(ctx.principal, input));
  }

  @Mutation(() => PromotionRequest, {
    description:
      'Runs an open request’s guardrails again (after new metrics, say) under the model’s current risk tier: contributors and approvers of its team.',
  })
  async rerunGuardrails(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest> {
    return promotionRequestOf(await ctx.services.promotions.rerunGuardrails(ctx.principal, id));
  }

  @Mutation(() => PromotionRequest, {
    description:
      'Returns a model’s PRODUCTION to the version it replaced (or toVersionId): approvers and maintainers of its team. At once, unless the tier’s PRODUCTION policy says a rollback needs approval; then it is a request approved like a promotion. Recorded, signed and announced (ProductionRolledBack).',
  })
  async rollbackProduction(
    @Arg('input') input: RollbackProductionInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest> {
    return promotionRequestOf(await ctx.services.promotions.rollback(ctx.principal, input));
  }

  @Mutation(() => PromotionRequest, { description: 'Withdraws your own open request.' })
  async withdrawPromotion(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest> {
    return promotionRequestOf(await ctx.services.promotions.withdraw(ctx.principal, id));
  }

  @Query(() => PromotionRequest, { description: 'A request about a version you may see.' })
  async promotionRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest> {
    return promotionRequestOf(await ctx.services.promotions.get(ctx.principal, id));
  }

  @Query(() => [PromotionRequest], {
    description:
      'What awaits your decision: open requests of the teams you approve for, except your own and those of versions you registered, oldest first.',
  })
  async promotionInbox(
    @Ctx() ctx: GovernanceContext,
    @Arg('team', () => String, { nullable: true }) team?: string,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 50 by default.' }) first?: number,
  ): Promise<PromotionRequest[]> {
    return (await ctx.services.promotions.inbox(ctx.principal, { team, first })).map(promotionRequestOf);
  }

  @FieldResolver(() => ModelVersion)
  modelVersion(@Root() request: PromotionRequest): ModelVersion {
    return { id: request.modelVersionId };
  }

  @FieldResolver(() => [PromotionDecision], { description: 'Approvals and rejections, oldest first.' })
  async decisions(
    @Root() request: PromotionRequest,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionDecision[]> {
    return (await ctx.loaders.decisionsByRequest.load(request.id)).map(promotionDecisionOf);
  }

  @FieldResolver(() => GuardrailEvaluation, {
    nullable: true,
    description: 'The latest run of the guardrails; an approval needs it to pass.',
  })
  async guardrails(
    @Root() request: PromotionRequest,
    @Ctx() ctx: GovernanceContext,
  ): Promise<GuardrailEvaluation | null> {
    const row = await ctx.loaders.guardrailsByRequest.load(request.id);
    return row ? guardrailEvaluationOf(row) : null;
  }

  @FieldResolver(() => DecisionRecord, {
    nullable: true,
    description: 'Set once the request was approved: the decision, signed by governance.',
  })
  async decisionRecord(
    @Root() request: PromotionRequest,
    @Ctx() ctx: GovernanceContext,
  ): Promise<DecisionRecord | null> {
    const row = await ctx.loaders.decisionRecordByRequest.load(request.id);
    return row ? decisionRecordOf(row) : null;
  }

  @FieldResolver(() => PromotionProgress, {
    description:
      'The policy in force now (the model’s current tier) and how far the approvals go towards it.',
  })
  async progress(
    @Root() request: PromotionRequest,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionProgress> {
    return progressOf(await ctx.loaders.progressByRequest.load(request.row));
  }
}

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionPromotionResolver {
  @FieldResolver(() => [PromotionRequest], {
    description: 'Promotion requests of this version, newest first.',
  })
  async promotionRequests(
    @Root() version: ModelVersion,
    @Ctx() ctx: GovernanceContext,
  ): Promise<PromotionRequest[]> {
    return (await ctx.loaders.requestsByVersion.load(version.id)).map(promotionRequestOf);
  }
}
