import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MetricsContext } from '../context';
import { MetricComparison, VersionComparison } from './version-comparison.type';

@Authorized()
@Resolver(() => VersionComparison)
export class VersionComparisonMetricsResolver {
  @FieldResolver(() => [MetricComparison], {
    description:
      'The latest value of each metric per (name, dataset) and its delta against the baseline, by name then dataset.',
  })
  metrics(@Root() comparison: VersionComparison, @Ctx() ctx: MetricsContext): Promise<MetricComparison[]> {
    return ctx.services.comparisons.metrics(ctx.visibleVersions, comparison);
  }
}
