/** The catalog's state, kept in the URL so a search is linkable and the back button works. */
export interface CatalogParams {
  q: string;
  teams: string[];
  tasks: string[];
  frameworks: string[];
  tags: string[];
}

export type FacetKind = 'teams' | 'tasks' | 'frameworks' | 'tags';

/** Facet kinds in display order, with their singular URL parameter (`?team=a&team=b`). */
export const FACET_PARAMS: readonly { kind: FacetKind; param: string }[] = [
  { kind: 'teams', param: 'team' },
  { kind: 'tasks', param: 'task' },
  { kind: 'frameworks', param: 'framework' },
  { kind: 'tags', param: 'tag' },
];

/** The API's limits: a query of at most 200 characters, at most 50 values per facet. */
const MAX_QUERY = 200;
const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 100;

interface ParamReader {
  get(name: string): string | null;
  getAll(name: string): string[];
}

function values(raw: string[]): string[] {
  const clean = raw.map((v) => v.trim()).filter((v) => v.length > 0 && v.length <= MAX_VALUE_LENGTH);
  return [...new Set(clean)].slice(0, MAX_VALUES);
}

export function parseCatalogParams(search: ParamReader): CatalogParams {
  const params: CatalogParams = {
    q: (search.get('q') ?? '').slice(0, MAX_QUERY),
    teams: [],
    tasks: [],
    frameworks: [],
    tags: [],
  };
  for (const { kind, param } of FACET_PARAMS) params[kind] = values(search.getAll(param));
  return params;
}

/** `?q=…&team=…`, or an empty string when nothing is set. Same params, same string. */
export function catalogSearch(params: CatalogParams): string {
  const out = new URLSearchParams();
  if (params.q.trim()) out.set('q', params.q);
  for (const { kind, param } of FACET_PARAMS) for (const value of params[kind]) out.append(param, value);
  const text = out.toString();
  return text ? `?${text}` : '';
}

export function toggleFacet(params: CatalogParams, kind: FacetKind, value: string): CatalogParams {
  const current = params[kind];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...params, [kind]: next };
}

export function hasFilters(params: CatalogParams): boolean {
  return FACET_PARAMS.some(({ kind }) => params[kind].length > 0);
}

/** The `filters` argument of `searchModels`, or null when no facet is selected. */
export function searchFilters(params: CatalogParams): Partial<Record<FacetKind, string[]>> | null {
  if (!hasFilters(params)) return null;
  const filters: Partial<Record<FacetKind, string[]>> = {};
  for (const { kind } of FACET_PARAMS) if (params[kind].length > 0) filters[kind] = params[kind];
  return filters;
}

export function clearFacets(params: CatalogParams): CatalogParams {
  return { q: params.q, teams: [], tasks: [], frameworks: [], tags: [] };
}
