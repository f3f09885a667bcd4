import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Another subgraph's entity as a contributing subgraph sees it: only its key. */
export interface EntityStub {
  id: string;
}

/**
 * The `ModelVersion` (or another entity) stub of a subgraph that only contributes fields to it.
 * Each schema needs a class of its own: type-graphql keeps metadata per class in one global
 * store, and several subgraphs share a process in tests and `npm start`. The SDL is the same as
 * a hand-written `@ObjectType() @Directive('@key(fields: "id")') class ModelVersion { id: ID! }`.
 */
export function createEntityStub(name: string) {
  @ObjectType(name)
  @Directive('@key(fields: "id")')
  class Stub implements EntityStub {
    @Field(() => ID)
    id: string;
  }
  return Stub;
}

/**
 * `__resolveReference` for such a stub: no lookup, because the owning subgraph answers for the
 * entity's existence and the contributed fields are defined for any id (a version nobody
 * evaluated has no metrics, one that never moved is DEVELOPMENT, one without runs no lineage).
 */
export const stubReference = {
  __resolveReference: (ref: { id: string }): EntityStub => ({ id: ref.id }),
};
