import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LineageContext } from '../context';
import { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';
import { RecordTrainingRunInput } from './inputs/record-training-run.input';
import { ModelVersion } from './model-version.type';

@Authorized()
@Resolver(() => TrainingRun)
export class TrainingRunResolver {
  @Query(() => TrainingRun, { description: 'NOT_FOUND unless the caller may see the version it trained.' })
  trainingRun(@Arg('id', () => ID) id: string, @Ctx() ctx: LineageContext): Promise<TrainingRun> {
    return ctx.services.runs.getVisible(ctx.principal, id);
  }

  @Mutation(() => TrainingRun, {
    description: 'Records how a model version was trained. Datasets seen before are reused, not duplicated.',
  })
  recordTrainingRun(
    @Arg('input') input: RecordTrainingRunInput,
    @Ctx() ctx: LineageContext,
  ): Promise<TrainingRun> {
    return ctx.services.runs.record(ctx.principal, input);
  }

  @FieldResolver(() => [Dataset], { description: 'In the order they were given.' })
  inputDatasets(@Root() run: TrainingRun, @Ctx() ctx: LineageContext): Promise<Dataset[]> {
    return ctx.loaders.datasetsByRunId.load(run.id);
  }

  @FieldResolver(() => ModelVersion, { description: 'The version this run produced.' })
  modelVersion(@Root() run: TrainingRun): ModelVersion {
    return { id: run.modelVersionId };
  }
}
