import { InvalidInputError, parseInput, SearchUnavailableError } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import {
  type ModelSearchRequest,
  type ModelSearchResponse,
  type SearchEngine,
  SearchEngineUnavailableError,
} from '@cairn/search';
import { z } from 'zod';
import { tag, teamSlug } from './catalog-rules';
import { ModelVisibilityPolicy } from './model-visibility';

const facetValues = (item: z.ZodType<string>) => z.array(item).max(50, 'at most 50 values').nullish();

export const searchRules = z.object({
  query: z.string().trim().max(200, 'must be at most 200 characters'),
  first: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  after: z.string().nullish(),
  includeArchived: z.boolean().nullish(),
  filters: z
    .object({
      teams: facetValues(teamSlug),
      tasks: facetValues(z.string().trim().min(1).max(100)),
      frameworks: facetValues(z.string().trim().min(1).max(100)),
      tags: facetValues(tag),
    })
    .nullish(),
});

/** Search offsets travel as opaque cursors so clients page with `after` as everywhere else. */
export function encodeSearchCursor(offset: number): string {
  return Buffer.from(`search:${offset}`).toString('base64url');
}

function decodeSearchCursor(cursor: string): number {
  const match = /^search:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw InvalidInputError.field('after', 'is not a cursor returned by searchModels');
  return Number(match[1]);
}

export interface ModelSearchPage extends ModelSearchResponse {
  engine: string;
  /** Offset of the first hit, for cursors. */
  offset: number;
  hasNextPage: boolean;
}

export class ModelSearchService {
  constructor(
    private readonly engine: SearchEngine,
    /** Answers while `engine` is unavailable, when configured (`SEARCH_FALLBACK`). */
    private readonly fallback?: SearchEngine,
  ) {}

  /** Hits, the total and every facet count cover only the models `actor` may see. */
  async search(actor: Principal, input: unknown): Promise<ModelSearchPage> {
    const { query, first, after, filters, includeArchived } = parseInput(searchRules, input);
    const offset = after ? decodeSearchCursor(after) : 0;
    const request: ModelSearchRequest = {
      access: ModelVisibilityPolicy.for(actor).searchAccess(),
      text: query,
      first,
      offset,
      includeArchived: includeArchived === true,
      filters: {
        teams: filters?.teams ?? undefined,
        tasks: filters?.tasks ?? undefined,
        frameworks: filters?.frameworks ?? undefined,
        tags: filters?.tags ?? undefined,
      },
    };
    let engine = this.engine;
    let response: ModelSearchResponse;
    try {
      response = await engine.search(request);
    } catch (error) {
      // The driver's text stays in the cause, for logs; callers get a code to retry on.
      if (!(error instanceof SearchEngineUnavailableError)) throw error;
      if (!this.fallback) throw new SearchUnavailableError();
      engine = this.fallback;
      response = await engine.search(request);
    }
    return {
      ...response,
      engine: engine.kind,
      offset,
      hasNextPage: offset + response.hits.length < response.total,
    };
  }
}
