import { type Connection, FIRST_DESCRIPTION, pageArgs, pageKey } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { LineageContext } from '../context';
import { Dataset } from '../entities/dataset.entity';
import type { TrainingRun } from '../entities/training-run.entity';
import { runCursor } from '../loaders/lineage-pages';
import { TrainingRunConnection } from './connections';

@Authorized()
@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => Dataset, {
    description: 'NOT_FOUND unless the caller may see at least one model version trained on it.',
  })
  dataset(@Arg('id', () => ID) id: string, @Ctx() ctx: LineageContext): Promise<Dataset> {
    return ctx.services.datasets.getVisible(ctx.principal, id);
  }

  @FieldResolver(() => TrainingRunConnection, {
    description: 'Runs that read this dataset, oldest first: those of versions the caller may see.',
  })
  trainingRuns(
    @Root() dataset: Dataset,
    @Ctx() ctx: LineageContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<TrainingRun>> {
    return ctx.loaders.runPagesByDataset.load(pageKey(dataset.id, pageArgs({ first, after }, runCursor)));
  }
}
