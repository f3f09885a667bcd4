import type { VisibleVersions } from '@cairn/model-directory';
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
 * `__resolveReference` for a `ModelVersion` stub: a version the caller may not see, or one that
 * does not exist, answers NOT_FOUND, so no representation, however made up, learns anything a
 * top-level query would not. NOT_FOUND rather than null: the gateway would turn a null entity
 * into "Cannot return null for non-nullable field" anyway, and this says why. Otherwise no
 * lookup: the contributed fields are defined for any version (one nobody evaluated has no
 * metrics, one that never moved is DEVELOPMENT, one without runs no lineage).
 */
export const visibleVersionReference = {
  __resolveReference: async (
    ref: { id: string },
    ctx: { visibleVersions: VisibleVersions },
  ): Promise<EntityStub> => {
    await ctx.visibleVersions.require(ref.id);
    return { id: ref.id };
  },
};
