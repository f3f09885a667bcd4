import { type Connection, ConnectionType, FIRST_DESCRIPTION, pageArgs, pageKey } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { MetricsContext } from '../context';
import { Metric } from '../entities/metric.entity';
import { latestMetricCursor, metricHistoryCursor } from '../loaders/metrics-loaders';
import { ModelVersion } from './model-version.type';

const MetricConnection = ConnectionType(Metric, 'Metric', 'How many there are in all.');

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionMetricsResolver {
  @FieldResolver(() => MetricConnection, {
    description: 'The latest value per (name, dataset), by name then dataset.',
  })
  metrics(
    @Root() version: ModelVersion,
    @Ctx() ctx: MetricsContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<Metric>> {
    return ctx.loaders.latestPages.load(pageKey(version.id, pageArgs({ first, after }, latestMetricCursor)));
  }

  @FieldResolver(() => MetricConnection, { description: 'Every value logged under `name`, oldest first.' })
  metricHistory(
    @Root() version: ModelVersion,
    @Arg('name') name: string,
    @Ctx() ctx: MetricsContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<Metric>> {
    const page = pageArgs({ first, after }, metricHistoryCursor);
    return ctx.loaders.historyPages.load({ ...pageKey(version.id, page), name });
  }
}
