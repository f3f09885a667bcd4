import { Arg, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MetricsContext } from '../context';
import { Metric } from '../entities/metric.entity';
import { ModelVersion } from './model-version.type';

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionMetricsResolver {
  @FieldResolver(() => [Metric], {
    description: 'The latest value per (name, dataset), by name then dataset.',
  })
  metrics(@Root() version: ModelVersion, @Ctx() ctx: MetricsContext): Promise<Metric[]> {
    return ctx.loaders.latestByVersionId.load(version.id);
  }

  @FieldResolver(() => [Metric], { description: 'Every value logged under `name`, oldest first.' })
  metricHistory(
    @Root() version: ModelVersion,
    @Arg('name') name: string,
    @Ctx() ctx: MetricsContext,
  ): Promise<Metric[]> {
    return ctx.loaders.historyByKey.load({ modelVersionId: version.id, name });
  }
}
