import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { createModelVersionRules } from '../../services/catalog-rules';

@InputType()
export class CreateModelVersionInput {
  static readonly schema = createModelVersionRules;

  @Field(() => ID)
  modelId: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  hyperparameters?: Record<string, unknown> | null;
}
