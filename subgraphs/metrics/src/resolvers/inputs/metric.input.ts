import { Field, Float, InputType } from 'type-graphql';
import { metricRules } from '../../services/metric-rules';

@InputType()
export class MetricInput {
  static readonly schema = metricRules;

  @Field({ description: 'Letters, digits, "_", ".", ":", "/" and "-"; at most 100 characters.' })
  name: string;

  @Field(() => Float, { description: 'A finite number.' })
  value: number;

  @Field(() => String, { nullable: true, description: 'The evaluation dataset or slice, e.g. `holdout`.' })
  dataset?: string | null;
}
