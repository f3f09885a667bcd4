import type { FacetCount, ModelSearchDocument, ModelSearchFilters } from './search-engine';
import { compareFacets } from './search-request';

/** The contract's expectations, computed by hand from fixtures, for the contract suites. */

/** What the facets must say for a set of matching models, counted here by hand. */
export function facetsOf(models: ModelSearchDocument[]) {
  const count = (values: (string | null)[]): FacetCount[] => {
    const counts = new Map<string, number>();
    for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n })).sort(compareFacets);
  };
  return {
    teams: count(models.map((m) => m.teamSlug)),
    tasks: count(models.map((m) => m.task)),
    frameworks: count(models.map((m) => m.framework)),
    tags: count(models.flatMap((m) => m.tags)),
  };
}

/** The filter semantics of the contract, applied by hand; `except` leaves one kind out. */
export function passes(
  model: ModelSearchDocument,
  filters: ModelSearchFilters,
  except?: keyof ModelSearchFilters,
) {
  const anyOf = (kind: keyof ModelSearchFilters, value: string | null) =>
    kind === except || !filters[kind]?.length || (value !== null && filters[kind].includes(value));
  return (
    anyOf('teams', model.teamSlug) &&
    anyOf('tasks', model.task) &&
    anyOf('frameworks', model.framework) &&
    (except === 'tags' || (filters.tags ?? []).every((tag) => model.tags.includes(tag)))
  );
}

/**
 * What the facets must say for the models the text finds under `filters`: each kind counted
 * over the models passing every other kind's filter, tags over those passing every filter.
 */
export function disjunctiveFacetsOf(found: ModelSearchDocument[], filters: ModelSearchFilters) {
  const without = (kind?: keyof ModelSearchFilters) =>
    facetsOf(found.filter((m) => passes(m, filters, kind)));
  return {
    teams: without('teams').teams,
    tasks: without('tasks').tasks,
    frameworks: without('frameworks').frameworks,
    tags: without().tags,
  };
}
