import { Field, InputType } from 'type-graphql';
import { Visibility } from '../../entities/visibility';
import { registerModelRules } from '../../services/catalog-rules';

@InputType()
export class RegisterModelInput {
  static readonly schema = registerModelRules;

  @Field({ description: 'Slug of the owning team.' })
  team: string;

  @Field({ description: 'Letters, digits, ".", "_" and "-"; unique within the team.' })
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  task?: string | null;

  @Field(() => String, { nullable: true })
  framework?: string | null;

  @Field(() => String, { nullable: true })
  license?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => Visibility, { nullable: true, description: 'The team’s default visibility when absent.' })
  visibility?: Visibility | null;
}
