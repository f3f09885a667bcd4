import { type Connection, FIRST_DESCRIPTION, pageArgs, pageKey } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LineageContext } from '../context';
import type { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';
import { inputDatasetCursor } from '../loaders/lineage-pages';
import { DatasetConnection } from './connections';
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

  @FieldResolver(() => DatasetConnection, { description: 'In the order they were given (at most 100).' })
  inputDatasets(
    @Root() run: TrainingRun,
    @Ctx() ctx: LineageContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<Dataset>> {
    return ctx.loaders.inputDatasetPages.load(
      pageKey(run.id, pageArgs({ first, after }, inputDatasetCursor)),
    );
  }

  @FieldResolver(() => ModelVersion, { description: 'The version this run produced.' })
  modelVersion(@Root() run: TrainingRun): ModelVersion {
    return { id: run.modelVersionId };
  }
}
