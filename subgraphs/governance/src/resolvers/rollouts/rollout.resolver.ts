import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import { ModelVersion } from '../model-version.type';
import { Model } from '../promotion/approval-policy.resolver';
import {
  ReportServingMetricsInput,
  Rollout,
  RolloutDecision,
  RolloutWindow,
  reportOf,
  rolloutDecisionOf,
  rolloutOf,
  rolloutWindowOf,
  ServingMetricsReport,
  StartRolloutInput,
} from './rollout.types';

@Authorized()
@Resolver(() => Rollout)
export class RolloutResolver {
  @Mutation(() => Rollout, {
    description:
      'Starts a canary of a version an approved promotion just made PRODUCTION, against the PRODUCTION version it replaced: contributors of its team with the promote scope; one rollout in progress per model.',
  })
  async startRollout(
    @Arg('input') input: StartRolloutInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<Rollout> {
    return rolloutOf(await ctx.services.rollouts.start(ctx.principal, input));
  }

  @Mutation(() => ServingMetricsReport, {
    description:
      'A serving system reports one window of the current step: contributors of the team with the write or serving:report scope. A window that passes the rules advances the rollout (completing it at 100 %); one that fails rolls PRODUCTION back to the baseline at once; one with too few requests decides nothing.',
  })
  async reportServingMetrics(
    @Arg('input') input: ReportServingMetricsInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<ServingMetricsReport> {
    return reportOf(await ctx.services.rollouts.report(ctx.principal, input));
  }

  @Mutation(() => Rollout, {
    description:
      'Moves to the next step without waiting for a window: contributors of the team with promote.',
  })
  async advanceRollout(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GovernanceContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Rollout> {
    return rolloutOf(await ctx.services.rollouts.advance(ctx.principal, { id, reason }));
  }

  @Mutation(() => Rollout, {
    description:
      'Stops the rollout and returns PRODUCTION to the baseline at once: approvers and maintainers of the team, with a reason.',
  })
  async abortRollout(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<Rollout> {
    return rolloutOf(await ctx.services.rollouts.abort(ctx.principal, { id, reason }));
  }

  @Query(() => Rollout, {
    description: 'A rollout of a version you may see: serving systems poll it for status and trafficPercent.',
  })
  async rollout(@Arg('id', () => ID) id: string, @Ctx() ctx: GovernanceContext): Promise<Rollout> {
    return rolloutOf(await ctx.services.rollouts.get(ctx.principal, id));
  }

  @Query(() => [Rollout], { description: 'A model’s rollouts, newest first (at most 100).' })
  async rollouts(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: GovernanceContext,
  ): Promise<Rollout[]> {
    return (await ctx.services.rollouts.listForModel(ctx.principal, modelId)).map(rolloutOf);
  }

  @FieldResolver(() => ModelVersion)
  candidate(@Root() rollout: Rollout): ModelVersion {
    return { id: rollout.candidateVersionId };
  }

  @FieldResolver(() => ModelVersion)
  baseline(@Root() rollout: Rollout): ModelVersion {
    return { id: rollout.baselineVersionId };
  }

  @FieldResolver(() => [RolloutWindow], { description: 'Reported windows, oldest first.' })
  async windows(@Root() rollout: Rollout, @Ctx() ctx: GovernanceContext): Promise<RolloutWindow[]> {
    return (await ctx.loaders.windowsByRollout.load(rollout.id)).map(rolloutWindowOf);
  }

  @FieldResolver(() => [RolloutDecision], { description: 'Steps taken, oldest first.' })
  async decisions(@Root() rollout: Rollout, @Ctx() ctx: GovernanceContext): Promise<RolloutDecision[]> {
    return (await ctx.loaders.decisionsByRollout.load(rollout.id)).map(rolloutDecisionOf);
  }
}

@Authorized()
@Resolver(() => Model)
export class ModelRolloutResolver {
  @FieldResolver(() => Rollout, { nullable: true, description: 'The rollout in progress, if any.' })
  async currentRollout(@Root() model: Model, @Ctx() ctx: GovernanceContext): Promise<Rollout | null> {
    const rows = await ctx.loaders.rolloutsByModel.load(model.id);
    const current = rows.find((row) => row.status === 'IN_PROGRESS');
    return current ? rolloutOf(current) : null;
  }

  @FieldResolver(() => [Rollout], { description: 'Its rollouts, newest first (at most 100).' })
  async rollouts(@Root() model: Model, @Ctx() ctx: GovernanceContext): Promise<Rollout[]> {
    return (await ctx.loaders.rolloutsByModel.load(model.id)).map(rolloutOf);
  }
}
