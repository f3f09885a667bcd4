import { Field, InputType } from 'type-graphql';
import { createTeamRules } from '../../services/catalog-rules';

@InputType()
export class CreateTeamInput {
  static readonly schema = createTeamRules;

  @Field()
  slug: string;

  @Field()
  name: string;
}
