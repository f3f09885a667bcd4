import { ArgsType, Field, ID } from 'type-graphql';
import { logMetricsRules } from '../../services/metric-rules';
import { MetricInput } from './metric.input';

/**
 * Both arguments in one class, so the edge validates the list as a whole (size, repeats) and
 * names fields by position, e.g. `metrics.3.name`.
 */
@ArgsType()
export class LogMetricsArgs {
  static readonly schema = logMetricsRules;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => [MetricInput], { description: '1 to 200 metrics; each (name, dataset) at most once.' })
  metrics: MetricInput[];
}
