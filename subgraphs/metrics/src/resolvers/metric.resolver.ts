import { Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { MetricsContext } from '../context';
import { Metric } from '../entities/metric.entity';
import { LogMetricsArgs } from './inputs/log-metrics.args';

@Authorized()
@Resolver(() => Metric)
export class MetricResolver {
  @Mutation(() => [Metric], { description: 'Logs evaluation results for a model version, all or nothing.' })
  logMetrics(@Args() args: LogMetricsArgs, @Ctx() ctx: MetricsContext): Promise<Metric[]> {
    return ctx.services.metrics.log(ctx.principal, args);
  }
}
