import { type Connection, ConnectionType, FIRST_DESCRIPTION, pageArgs, pageKey } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { GovernanceContext } from '../context';
import { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { stageHistoryCursor } from '../loaders/governance-loaders';
import { TransitionStageInput } from './inputs/transition-stage.input';
import { ModelVersion } from './model-version.type';

const StageTransitionConnection = ConnectionType(
  StageTransition,
  'StageTransition',
  'How many times the version moved.',
);

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

  @FieldResolver(() => StageTransitionConnection, {
    description: 'Every move of this version, oldest first.',
  })
  stageHistory(
    @Root() version: ModelVersion,
    @Ctx() ctx: GovernanceContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<StageTransition>> {
    return ctx.loaders.historyPages.load(pageKey(version.id, pageArgs({ first, after }, stageHistoryCursor)));
  }
}
