import { checkIdentifier, q, queryTerms } from './postgres-schema';
import type {
  FacetCount,
  ModelSearchDocument,
  ModelSearchRequest,
  ModelSearchResponse,
  SearchEngine,
} from './search-engine';
import {
  FACET_KINDS,
  FACET_SIZE,
  type FacetKind,
  filtersOfFacet,
  type NormalizedSearchRequest,
  normalizeSearchRequest,
} from './search-request';

/**
 * What the engine needs from a database handle: a TypeORM `DataSource` or `EntityManager`
 * (which return rows) or a `pg` pool or client (which return `{ rows }`).
 */
export interface SqlQueryable {
  // biome-ignore lint/suspicious/noExplicitAny: TypeORM and pg both type their results loosely.
  query(sql: string, parameters?: any[]): Promise<any>;
}

/** A database handle that can also run work in one transaction, e.g. a TypeORM `DataSource`. */
export interface SqlDatabase extends SqlQueryable {
  transaction<T>(work: (transaction: SqlQueryable) => Promise<T>): Promise<T>;
}

const COLUMNS = [
  'id',
  'name',
  'description',
  'team_slug',
  'team_name',
  'task',
  'framework',
  'license',
  'tags',
  'visibility',
  'archived',
  'latest_version',
  'created_by',
  'created_at',
  'updated_at',
];

const RECORD_TYPE = `id text, name text, description text, team_slug text, team_name text, task text,
  framework text, license text, tags text[], visibility text, archived boolean, latest_version integer, created_by text,
  created_at timestamptz, updated_at timestamptz`;

function toRow(document: ModelSearchDocument) {
  return {
    id: document.id,
    name: document.name,
    description: document.description,
    team_slug: document.teamSlug,
    team_name: document.teamName,
    task: document.task,
    framework: document.framework,
    license: document.license,
    tags: document.tags,
    visibility: document.visibility,
    archived: document.archived,
    latest_version: document.latestVersion,
    created_by: document.createdBy,
    created_at: document.createdAt,
    updated_at: document.updatedAt,
  };
}

/** `'card' & 'fra':*`: every word, the last one as a prefix, as `match_bool_prefix` does. */
function prefixQuery(terms: string[]): string {
  return terms
    .map((term, i) => `'${term.replaceAll("'", "''")}'${i === terms.length - 1 ? ':*' : ''}`)
    .join(' & ');
}

interface SearchRow {
  total: number;
  hits: { id: string; score: number }[];
  teams: FacetCount[];
  tasks: FacetCount[];
  frameworks: FacetCount[];
  tags: FacetCount[];
}

async function rowsOf<T>(db: SqlQueryable, sql: string, parameters?: unknown[]): Promise<T[]> {
  const result = await db.query(sql, parameters);
  return (Array.isArray(result) ? result : (result?.rows ?? [])) as T[];
}

/** Raised by `ensureReady` when the table is missing or lacks columns: its migration has not run. */
export class SearchTableMissingError extends Error {
  override readonly name = 'SearchTableMissingError';
}

/**
 * Catalog search on PostgreSQL full-text search, in one table that a migration of the owning
 * service creates (the registry's `create-model-search-document`): the engine does no DDL.
 * Same contract as the Elasticsearch engine (see `contract.ts`), except typo tolerance.
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly kind = 'postgres';
  private readonly schema: string;
  private readonly table: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
    table = 'model_search_document',
  ) {
    this.schema = checkIdentifier('Schema', schema);
    this.table = checkIdentifier('Table', table);
  }

  private rows<T>(sql: string, parameters?: unknown[]): Promise<T[]> {
    return rowsOf<T>(this.db, sql, parameters);
  }

  private qualified(): string {
    return `${q(this.schema)}.${q(this.table)}`;
  }

  /** Checks that the migration created the table with every column the engine reads and writes. */
  async ensureReady(): Promise<void> {
    const found = await this.rows<{ column_name: string }>(
      `/* findModelSearchColumns */ SELECT column_name FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2`,
      [this.schema, this.table],
    );
    const present = new Set(found.map((row) => row.column_name));
    const missing = [...COLUMNS, 'search_vector'].filter((column) => !present.has(column));
    if (missing.length > 0) {
      throw new SearchTableMissingError(
        present.size === 0
          ? `${this.qualified()} does not exist: run the registry's migrations`
          : `${this.qualified()} lacks ${missing.join(', ')}: run the registry's migrations`,
      );
    }
  }

  private async write(db: SqlQueryable, documents: ModelSearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    // One row per id (the last wins): ON CONFLICT cannot touch a row twice in one statement.
    const rows = [...new Map(documents.map((d) => [d.id, toRow(d)])).values()];
    const columns = COLUMNS.join(', ');
    await db.query(
      `/* upsertModelSearchDocuments */
      INSERT INTO ${this.qualified()} (${columns})
      SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS d(${RECORD_TYPE})
      ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1)
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ')}`,
      [JSON.stringify(rows)],
    );
  }

  async upsert(documents: ModelSearchDocument[]): Promise<void> {
    await this.write(this.db, documents);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `/* removeModelSearchDocuments */ DELETE FROM ${this.qualified()} WHERE id = ANY($1::text[])`,
      [ids],
    );
  }

  async search(request: ModelSearchRequest): Promise<ModelSearchResponse> {
    const normalized = normalizeSearchRequest(request);
    const { sql, parameters } = this.searchSql(normalized);
    const [row] = await this.rows<SearchRow>(sql, parameters);
    if (!row) throw new Error('search returned no row');
    return {
      total: row.total,
      hits: row.hits.map((hit) => ({ id: hit.id, score: Number(hit.score) })),
      facets: { teams: row.teams, tasks: row.tasks, frameworks: row.frameworks, tags: row.tags },
    };
  }

  /**
   * One statement: `matched` holds what the text finds among the models the caller may see
   * (every visible model for empty text), `filtered`
   * narrows it by every filter for the total and the page, and each facet counts `matched`
   * narrowed by the filters it obeys (`filtersOfFacet`: disjunctive, every other kind's, and for
   * tags all). Each filter is bound once and referenced wherever it applies.
   */
  private searchSql({
    text,
    filters,
    first,
    offset,
    privateTeams,
    includeArchived,
  }: NormalizedSearchRequest) {
    const parameters: unknown[] = [];
    const bind = (value: unknown) => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    const filterSql: Record<FacetKind, string | null> = {
      teams: filters.teams.length > 0 ? `team_slug = ANY(${bind(filters.teams)}::text[])` : null,
      tasks: filters.tasks.length > 0 ? `task = ANY(${bind(filters.tasks)}::text[])` : null,
      frameworks:
        filters.frameworks.length > 0 ? `framework = ANY(${bind(filters.frameworks)}::text[])` : null,
      tags: filters.tags.length > 0 ? `tags @> ${bind(filters.tags)}::text[]` : null,
    };
    const where = (conditions: (string | null)[]) => {
      const present = conditions.filter((condition) => condition !== null);
      return present.length > 0 ? `WHERE ${present.join(' AND ')}` : '';
    };
    const filtersOf = (kinds: readonly FacetKind[]) => kinds.map((kind) => filterSql[kind]);

    // What the caller may see bounds `matched`, so the total and every facet obey it too.
    const matchConditions: string[] = [];
    if (privateTeams !== 'all') {
      matchConditions.push(
        privateTeams.length > 0
          ? `(visibility = 'INTERNAL' OR team_slug = ANY(${bind([...privateTeams])}::text[]))`
          : `visibility = 'INTERNAL'`,
      );
    }
    if (!includeArchived) matchConditions.push('NOT archived');
    // Code-point order ("C"), as Elasticsearch sorts keywords, whatever the database collation.
    const byName = 'name COLLATE "C", id COLLATE "C"';
    let score = '0::real';
    let order = byName;
    if (text) {
      const terms = queryTerms(text);
      if (terms.length === 0) {
        // Only punctuation: no words to look for, as on Elasticsearch.
        matchConditions.push('false');
      } else {
        const query = `to_tsquery('simple', ${bind(prefixQuery(terms))})`;
        matchConditions.push(`search_vector @@ ${query}`);
        // The model named exactly so comes first; the weights favour the name, then B fields.
        score = `ts_rank_cd(search_vector, ${query}) + CASE WHEN lower(name) = lower(${bind(text)}) THEN 100 ELSE 0 END`;
        order = `score DESC, ${byName}`;
      }
    }
    const facet = (kind: FacetKind, column: string) => {
      const from = kind === 'tags' ? 'matched CROSS JOIN LATERAL unnest(tags) AS tag' : 'matched';
      const conditions = [`${column} IS NOT NULL`, ...filtersOf(filtersOfFacet(kind))];
      return `(
      SELECT coalesce(json_agg(json_build_object('value', value, 'count', count) ORDER BY count DESC, value COLLATE "C"), '[]')
      FROM (
        SELECT ${column} AS value, count(DISTINCT id)::int AS count FROM ${from} ${where(conditions)}
        GROUP BY 1 ORDER BY count(DISTINCT id) DESC, ${column} COLLATE "C" LIMIT ${FACET_SIZE}
      ) counted)`;
    };
    const sql = `/* searchModels */
      WITH matched AS MATERIALIZED (
        SELECT id, name, team_slug, task, framework, tags, ${score} AS score
        FROM ${this.qualified()} ${where(matchConditions)}
      ),
      filtered AS MATERIALIZED (
        SELECT id, name, score FROM matched ${where(filtersOf(FACET_KINDS))}
      )
      SELECT
        (SELECT count(*)::int FROM filtered) AS total,
        (SELECT coalesce(json_agg(json_build_object('id', id, 'score', score) ORDER BY ${order}), '[]')
          FROM (SELECT id, name, score FROM filtered ORDER BY ${order} LIMIT ${bind(first)} OFFSET ${bind(offset)}) page
        ) AS hits,
        ${facet('teams', 'team_slug')} AS teams,
        ${facet('tasks', 'task')} AS tasks,
        ${facet('frameworks', 'framework')} AS frameworks,
        ${facet('tags', 'tag')} AS tags`;
    return { sql, parameters };
  }

  /**
   * Replaces every row in one transaction: searches keep reading the old rows (MVCC) until it
   * commits, then see only the new ones. SHARE ROW EXCLUSIVE lets reads through but queues
   * concurrent writers (the indexer) and other rebuilds behind it, so neither can deadlock with
   * the delete; a queued indexer batch then applies on top of the new rows. The documents are
   * read after the lock is taken, so serialised rebuilds each read fresh data. A rebuild holds
   * its transaction open throughout, which holds back every event-log reader in the cluster
   * until it commits. Callers replay changes made since the rebuild began (the registry rewinds
   * its indexer).
   */
  async rebuild(documents: AsyncIterable<ModelSearchDocument[]>): Promise<{ indexed: number }> {
    await this.ensureReady();
    return this.db.transaction(async (transaction) => {
      await transaction.query(
        `/* lockModelSearchTable */ LOCK TABLE ${this.qualified()} IN SHARE ROW EXCLUSIVE MODE`,
      );
      await transaction.query(`/* clearModelSearchDocuments */ DELETE FROM ${this.qualified()}`);
      let indexed = 0;
      for await (const batch of documents) {
        await this.write(transaction, batch);
        indexed += batch.length;
      }
      return { indexed };
    });
  }

  /** Writes are visible when their statement commits. */
  async refresh(): Promise<void> {}

  /** The caller owns the database handle. */
  async close(): Promise<void> {}
}
