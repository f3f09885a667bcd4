import { type Connection, FIRST_DESCRIPTION, pageArgs, pageKey } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { LineageContext } from '../context';
import type { Dataset } from '../entities/dataset.entity';
import type { TrainingRun } from '../entities/training-run.entity';
import { runCursor, versionDatasetCursor } from '../loaders/lineage-pages';
import { DatasetConnection, TrainingRunConnection } from './connections';
import { ModelVersionLineage } from './model-version-lineage.type';

@Authorized()
@Resolver(() => ModelVersionLineage)
export class ModelVersionLineageResolver {
  @FieldResolver(() => DatasetConnection, {
    description: 'Every dataset any of its runs read, once each, by name (then URI and checksum).',
  })
  datasets(
    @Root() lineage: ModelVersionLineage,
    @Ctx() ctx: LineageContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<Dataset>> {
    const page = pageArgs({ first, after }, versionDatasetCursor);
    return ctx.loaders.datasetPages.load(pageKey(lineage.modelVersionId, page));
  }

  @FieldResolver(() => TrainingRunConnection, { description: 'Oldest first.' })
  runs(
    @Root() lineage: ModelVersionLineage,
    @Ctx() ctx: LineageContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<TrainingRun>> {
    return ctx.loaders.runPages.load(pageKey(lineage.modelVersionId, pageArgs({ first, after }, runCursor)));
  }
}
