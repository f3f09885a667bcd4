import { Field, ID, InputType } from 'type-graphql';
import { MAX_ALIAS_REASON_LENGTH, setAliasRules } from '../../services/alias-rules';

@InputType()
export class SetModelAliasInput {
  static readonly schema = setAliasRules;

  @Field(() => ID)
  modelId: string;

  @Field({ description: 'e.g. `champion`: lower-case letters, digits and "-"; `latest` is computed.' })
  alias: string;

  @Field(() => ID, { description: 'A version of this model.' })
  versionId: string;

  @Field(() => String, {
    nullable: true,
    description: `Recorded in the history; at most ${MAX_ALIAS_REASON_LENGTH} characters.`,
  })
  reason?: string | null;
}
