import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The registry's entity; governance knows only its key and contributes stage fields to it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class ModelVersion {
  @Field(() => ID)
  id: string;
}
