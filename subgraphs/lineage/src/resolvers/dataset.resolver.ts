import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { LineageContext } from '../context';
import { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';

@Authorized()
@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => Dataset, {
    description: 'NOT_FOUND unless the caller may see at least one model version trained on it.',
  })
  dataset(@Arg('id', () => ID) id: string, @Ctx() ctx: LineageContext): Promise<Dataset> {
    return ctx.services.datasets.getVisible(ctx.principal, id);
  }

  @FieldResolver(() => [TrainingRun], {
    description: 'Runs that read this dataset, oldest first: those of versions the caller may see.',
  })
  trainingRuns(@Root() dataset: Dataset, @Ctx() ctx: LineageContext): Promise<TrainingRun[]> {
    return ctx.loaders.runsByDatasetId.load(dataset.id);
  }
}
