import type { estypes } from '@elastic/elasticsearch';
import type { ModelSearchDocument } from './search-engine';
import {
  FACET_KINDS,
  FACET_SIZE,
  type FacetKind,
  filtersOfFacet,
  type NormalizedSearchRequest,
} from './search-request';

/**
 * Bump when `MAPPINGS` changes: index names carry it (`cairn-models-v1-…`), and a mapping change
 * takes effect through `rebuild`, which writes into a new index.
 */
export const MAPPING_VERSION = 3;

/**
 * Only what every Elasticsearch 8 has, including the stripped integration-test distribution we
 * run locally: the `standard` analyzer (splits "card-fraud-scorer" into card/fraud/scorer and
 * lowercases), keyword fields, `copy_to`. No analysis-common filters (edge n-grams, stemmers,
 * synonyms, lowercase normalizers), no `search_as_you_type`, no scripts: partial words come
 * from `match_bool_prefix` at query time instead of n-grams at index time.
 *
 * Every searchable field is copied into `all_text`, so a query's words must all occur in the
 * model but may come from different fields ("pytorch embeddings") — the same semantics as the
 * single tsvector of the Postgres engine.
 */
const searchableKeyword = {
  type: 'keyword',
  copy_to: 'all_text',
  fields: { text: { type: 'text', analyzer: 'standard' } },
} as const;

export const MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    id: { type: 'keyword' },
    name: {
      type: 'text',
      analyzer: 'standard',
      copy_to: 'all_text',
      fields: { keyword: { type: 'keyword' } },
    },
    description: { type: 'text', analyzer: 'standard', copy_to: 'all_text' },
    teamSlug: searchableKeyword,
    teamName: { type: 'text', analyzer: 'standard', copy_to: 'all_text' },
    task: searchableKeyword,
    framework: searchableKeyword,
    tags: searchableKeyword,
    license: { type: 'keyword' },
    visibility: { type: 'keyword' },
    archived: { type: 'boolean' },
    latestVersion: { type: 'integer' },
    createdBy: { type: 'keyword' },
    createdAt: { type: 'date' },
    updatedAt: { type: 'date' },
    all_text: { type: 'text', analyzer: 'standard' },
  },
};

export const SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  // 0 on a single node (green locally), 1 as soon as a second node exists.
  auto_expand_replicas: '0-1',
};

/**
 * One edit from 5 characters, two from 8: short words and prefixes are typed in full, so fuzzing
 * them only adds noise ("fra" would match "pro").
 */
const FUZZINESS = 'AUTO:5,8';

/** Scoring only: which field matched matters, the name most. */
const SCORING_FIELDS = [
  'name^3',
  'tags.text^2',
  'task.text^2',
  'framework.text^2',
  'teamName',
  'teamSlug.text',
  'description',
];

/** Each kind's filter as clauses; none for a kind without values. */
function filterClauses({
  filters,
}: NormalizedSearchRequest): Record<FacetKind, estypes.QueryDslQueryContainer[]> {
  return {
    teams: filters.teams.length > 0 ? [{ terms: { teamSlug: filters.teams } }] : [],
    tasks: filters.tasks.length > 0 ? [{ terms: { task: filters.tasks } }] : [],
    frameworks: filters.frameworks.length > 0 ? [{ terms: { framework: filters.frameworks } }] : [],
    // Tags: a model must carry every one.
    tags: filters.tags.map((tag) => ({ term: { tags: tag } })),
  };
}

/**
 * What the caller may see (`SearchAccess`), as a filter in the query itself rather than in
 * `post_filter`: aggregations run over the query's matches, so the total and every facet obey
 * it too. `null` when the caller sees everything.
 */
function accessClause({ privateTeams }: NormalizedSearchRequest): estypes.QueryDslQueryContainer | null {
  if (privateTeams === 'all') return null;
  const internal: estypes.QueryDslQueryContainer = { term: { visibility: 'INTERNAL' } };
  if (privateTeams.length === 0) return internal;
  return {
    bool: { should: [internal, { terms: { teamSlug: [...privateTeams] } }], minimum_should_match: 1 },
  };
}

/** Archived models, unless asked for: in the query too, so totals and facets leave them out. */
function archiveClause({ includeArchived }: NormalizedSearchRequest): estypes.QueryDslQueryContainer | null {
  return includeArchived ? null : { bool: { must_not: [{ term: { archived: true } }] } };
}

const allOf = (clauses: estypes.QueryDslQueryContainer[]): estypes.QueryDslQueryContainer =>
  clauses.length > 0 ? { bool: { filter: clauses } } : { match_all: {} };

const FACET_FIELDS: Record<FacetKind, string> = {
  teams: 'teamSlug',
  tasks: 'task',
  frameworks: 'framework',
  tags: 'tags',
};

/** The `terms` aggregation inside each facet's `filter` aggregation. */
export const FACET_VALUES = 'values';

function textQuery(text: string): estypes.QueryDslQueryContainer {
  return {
    bool: {
      // Matching: every word, the last one also as a prefix ("card fra" finds card-fraud-scorer);
      // words of 8+ characters also match with up to two typos.
      must: {
        bool: {
          should: [
            { match: { all_text: { query: text, operator: 'and', fuzziness: FUZZINESS, prefix_length: 1 } } },
            {
              match_bool_prefix: {
                all_text: { query: text, operator: 'and', fuzziness: FUZZINESS, prefix_length: 1 },
              },
            },
          ],
          minimum_should_match: 1,
        },
      },
      // Ranking: the model named exactly so first, then name matches, then other fields.
      should: [
        { term: { 'name.keyword': { value: text, case_insensitive: true, boost: 20 } } },
        { match_bool_prefix: { name: { query: text, boost: 2 } } },
        {
          multi_match: {
            query: text,
            type: 'best_fields',
            fields: SCORING_FIELDS,
            fuzziness: FUZZINESS,
            prefix_length: 1,
          },
        },
      ],
    },
  };
}

function withAccess(
  query: estypes.QueryDslQueryContainer,
  access: estypes.QueryDslQueryContainer[],
): estypes.QueryDslQueryContainer {
  // Filter context: the access rule narrows the matches without touching their scores.
  return access.length > 0 ? { bool: { must: query, filter: access } } : query;
}

/** Default `max_result_window`: Elasticsearch refuses `from + size` beyond it. */
const MAX_RESULT_WINDOW = 10_000;

/**
 * The caller's access is part of the query (`accessClause`), so nothing outside it is matched,
 * counted or aggregated.
 *
 * Disjunctive facets, as Elasticsearch's guide to faceted search does them: the query holds the
 * text only; `post_filter` applies every filter to the hits and the total after aggregating; each
 * facet is a `filter` aggregation holding the filters that facet obeys (`filtersOfFacet`: every
 * other kind's, and for tags all), around its `terms` aggregation.
 */
export function buildSearchRequest(index: string, request: NormalizedSearchRequest): estypes.SearchRequest {
  const clauses = filterClauses(request);
  const every = FACET_KINDS.flatMap((kind) => clauses[kind]);
  const from = Math.min(request.offset, MAX_RESULT_WINDOW);
  const size = Math.max(0, Math.min(request.first, MAX_RESULT_WINDOW - from));
  const byName: estypes.SortCombinations[] = [{ 'name.keyword': 'asc' }, { id: 'asc' }];
  const facet = (kind: FacetKind): estypes.AggregationsAggregationContainer => ({
    filter: allOf(filtersOfFacet(kind).flatMap((other) => clauses[other])),
    aggs: {
      [FACET_VALUES]: {
        terms: { field: FACET_FIELDS[kind], size: FACET_SIZE, order: [{ _count: 'desc' }, { _key: 'asc' }] },
      },
    },
  });
  return {
    index,
    from,
    size,
    track_total_hits: true,
    track_scores: true,
    _source: false,
    query: withAccess(
      request.text ? textQuery(request.text) : { match_all: {} },
      [accessClause(request), archiveClause(request)].filter((clause) => clause !== null),
    ),
    ...(every.length > 0 ? { post_filter: allOf(every) } : {}),
    sort: request.text ? ['_score', ...byName] : byName,
    aggs: Object.fromEntries(FACET_KINDS.map((kind) => [kind, facet(kind)])),
  };
}

/** The indexed source: the document as it is (field names are the mapping's). */
export function toSource(document: ModelSearchDocument): Record<string, unknown> {
  return {
    id: document.id,
    name: document.name,
    description: document.description,
    teamSlug: document.teamSlug,
    teamName: document.teamName,
    task: document.task,
    framework: document.framework,
    license: document.license,
    tags: document.tags,
    visibility: document.visibility,
    archived: document.archived,
    latestVersion: document.latestVersion,
    createdBy: document.createdBy,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}
