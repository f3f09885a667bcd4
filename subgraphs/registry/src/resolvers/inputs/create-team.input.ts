import { Field, InputType } from 'type-graphql';
import { Visibility } from '../../entities/visibility';
import { createTeamRules } from '../../services/catalog-rules';

@InputType()
export class CreateTeamInput {
  static readonly schema = createTeamRules;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => Visibility, {
    nullable: true,
    description: 'What models registered without a visibility get; INTERNAL when absent.',
  })
  defaultVisibility?: Visibility | null;
}
