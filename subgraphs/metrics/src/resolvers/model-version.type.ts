import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The registry's entity; metrics knows only its key and contributes metric fields to it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class ModelVersion {
  @Field(() => ID)
  id: string;
}
