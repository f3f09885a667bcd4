import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { LineageContext } from '../context';
import { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';
import { ModelVersionLineage } from './model-version-lineage.type';

@Authorized()
@Resolver(() => ModelVersionLineage)
export class ModelVersionLineageResolver {
  @FieldResolver(() => [Dataset], { description: 'Every dataset any of its runs read, once each, by name.' })
  datasets(@Root() lineage: ModelVersionLineage, @Ctx() ctx: LineageContext): Promise<Dataset[]> {
    return ctx.loaders.datasetsByVersionId.load(lineage.modelVersionId);
  }

  @FieldResolver(() => [TrainingRun], { description: 'Oldest first.' })
  runs(@Root() lineage: ModelVersionLineage, @Ctx() ctx: LineageContext): Promise<TrainingRun[]> {
    return ctx.loaders.runsByVersionId.load(lineage.modelVersionId);
  }
}
