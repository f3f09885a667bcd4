import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { GovernanceContext } from '../context';
import { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { TransitionStageInput } from './inputs/transition-stage.input';
import { ModelVersion } from './model-version.type';

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionStageResolver {
  @Mutation(() => ModelVersion, {
    description:
      'Moves a model version one step along DEVELOPMENT → STAGING → PRODUCTION → DEPRECATED → ARCHIVED. ' +
      'PRODUCTION needs an approver of the owning team other than whoever registered or staged the version; other stages need a contributor of the owning team.',
  })
  async transitionStage(
    @Arg('input') input: TransitionStageInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<ModelVersion> {
    const transition = await ctx.services.transitions.transition(ctx.principal, input);
    return { id: transition.modelVersionId };
  }

  @FieldResolver(() => Stage, { description: 'DEVELOPMENT until the version is first moved.' })
  stage(@Root() version: ModelVersion, @Ctx() ctx: GovernanceContext): Promise<Stage> {
    return ctx.loaders.stageByVersionId.load(version.id);
  }

  @FieldResolver(() => [StageTransition], { description: 'Every move of this version, oldest first.' })
  stageHistory(@Root() version: ModelVersion, @Ctx() ctx: GovernanceContext): Promise<StageTransition[]> {
    return ctx.loaders.historyByVersionId.load(version.id);
  }
}
