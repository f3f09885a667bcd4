import { ArgsType, Field } from 'type-graphql';
import { insightsRules } from '../../services/insights/insights-rules';

@ArgsType()
export class InsightsArgs {
  static readonly schema = insightsRules;

  @Field(() => Date, { nullable: true, description: 'Start of the range; 90 days before `to` if omitted.' })
  from?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'End of the range (exclusive); now if omitted. At most 731 days after `from`.',
  })
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'One team; every team you may see if omitted.' })
  team?: string | null;
}
