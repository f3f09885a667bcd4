import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The registry's entity; lineage knows only its key and contributes the `lineage` field. */
@ObjectType()
@Directive('@key(fields: "id")')
export class ModelVersion {
  @Field(() => ID)
  id: string;
}
