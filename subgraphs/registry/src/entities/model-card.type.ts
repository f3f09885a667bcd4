import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Someone answerable for the model.' })
export class ModelCardOwner {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  email?: string;

  @Field(() => String, { nullable: true })
  team?: string;
}

@ObjectType({
  description:
    'The model card registered with a version (Markdown sections). Export it as a Hugging Face `README.md` with `ModelVersion.huggingFaceReadme`.',
})
export class ModelCardType {
  @Field(() => String, { nullable: true })
  intendedUse?: string;

  @Field(() => String, { nullable: true })
  outOfScopeUses?: string;

  @Field(() => String, { nullable: true })
  businessUseCases?: string;

  @Field(() => String, { nullable: true })
  assumptions?: string;

  @Field(() => String, { nullable: true })
  limitations?: string;

  @Field(() => String, { nullable: true })
  ethicalConsiderations?: string;

  @Field(() => String, { nullable: true })
  evaluationSummary?: string;

  @Field(() => [ModelCardOwner])
  owners: ModelCardOwner[];
}

@ObjectType({ description: 'Whether a record has everything a reviewer asks for, and what is missing.' })
export class Completeness {
  @Field()
  complete: boolean;

  @Field(() => [String], { description: 'Field paths still missing, in a fixed order.' })
  missing: string[];
}
