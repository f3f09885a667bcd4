import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import type { Model } from '../entities/model.entity';
import { encodeSearchCursor } from '../services/model-search.service';
import { ModelSearchFiltersInput, ModelSearchResult } from './model-search.types';

@Authorized()
@Resolver()
export class ModelSearchResolver {
  @Query(() => ModelSearchResult, {
    description: 'Full-text search over the catalog, with facets. An empty query lists every model by name.',
  })
  async searchModels(
    @Arg('query') query: string,
    @Ctx() ctx: RegistryContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; 20 by default.' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filters', () => ModelSearchFiltersInput, { nullable: true }) filters?: ModelSearchFiltersInput,
    @Arg('includeArchived', () => Boolean, {
      nullable: true,
      description: 'Archived models too; by default they are left out of hits, the total and facets.',
    })
    includeArchived?: boolean | null,
  ): Promise<ModelSearchResult> {
    const page = await ctx.services.search.search(ctx.principal, {
      query,
      first: first ?? undefined,
      after,
      filters,
      includeArchived,
    });
    const models = await ctx.loaders.modelById.loadMany(page.hits.map((hit) => hit.id));
    // The index can briefly lag a model's deletion or a visibility change; hits whose model is
    // gone or hidden from the caller are dropped (the engine already filtered by what it holds).
    const hits = page.hits.flatMap((hit, i) => {
      const model = models[i];
      return model && !(model instanceof Error) ? [{ score: hit.score, model: model as Model }] : [];
    });
    const lastOffset = page.offset + page.hits.length;
    return {
      total: page.total,
      engine: page.engine,
      hits,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: page.hits.length > 0 ? encodeSearchCursor(lastOffset) : null,
      },
      facets: page.facets,
    };
  }
}
