import { InvalidInputError } from '@cairn/errors';
import type { FacetCount, ModelSearchFilters, ModelSearchRequest } from './search-engine';

/** How many values each facet lists, on every engine. */
export const FACET_SIZE = 50;

export interface NormalizedFilters {
  teams: string[];
  tasks: string[];
  frameworks: string[];
  tags: string[];
}

/** The kinds of filter, each with its facet. */
export type FacetKind = keyof NormalizedFilters;
export const FACET_KINDS: readonly FacetKind[] = ['teams', 'tasks', 'frameworks', 'tags'];

/**
 * Whose filters a facet's counts obey, on every engine. Facets are disjunctive: a kind is
 * counted without its own filter (values within a kind combine with OR, so the count of an
 * unticked value is what ticking it would add), but with every other kind's. Tags are the
 * exception: selected tags combine with AND, so the tag facet obeys the tag filter too.
 */
export function filtersOfFacet(kind: FacetKind): FacetKind[] {
  return FACET_KINDS.filter((other) => other !== kind || kind === 'tags');
}

export interface NormalizedSearchRequest {
  /** Trimmed; empty means "everything, ordered by name". */
  text: string;
  /** Teams whose private models count, or `all`; every engine applies it before anything else. */
  privateTeams: readonly string[] | 'all';
  includeArchived: boolean;
  filters: NormalizedFilters;
  first: number;
  offset: number;
}

const unique = (values: string[] | undefined) => [...new Set(values ?? [])];

/**
 * The rules both engines apply before querying, so they cannot disagree on them: `first` is
 * 1–100, `offset` is not negative, and a filter that is missing or empty does not constrain.
 */
export function normalizeSearchRequest(request: ModelSearchRequest): NormalizedSearchRequest {
  if (!Number.isInteger(request.first) || request.first < 1 || request.first > 100) {
    throw InvalidInputError.field('first', 'must be an integer from 1 to 100');
  }
  if (!Number.isInteger(request.offset) || request.offset < 0) {
    throw InvalidInputError.field('offset', 'must be a non-negative integer');
  }
  const filters: ModelSearchFilters = request.filters ?? {};
  const privateTeams = request.access?.privateTeams;
  // Missing access would otherwise mean "no filter": refuse it rather than show everything.
  if (privateTeams !== 'all' && !Array.isArray(privateTeams)) {
    throw new Error('A search needs the caller’s access');
  }
  return {
    text: request.text.trim(),
    privateTeams: privateTeams === 'all' ? 'all' : unique([...privateTeams]),
    includeArchived: request.includeArchived === true,
    filters: {
      teams: unique(filters.teams),
      tasks: unique(filters.tasks),
      frameworks: unique(filters.frameworks),
      tags: unique(filters.tags),
    },
    first: request.first,
    offset: request.offset,
  };
}

/** Facet order on every engine: most frequent first, then by value in code-point order. */
export function compareFacets(a: FacetCount, b: FacetCount): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
