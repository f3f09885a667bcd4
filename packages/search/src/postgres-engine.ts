import { randomBytes } from 'node:crypto';
import {
  checkIdentifier,
  createSchemaSql,
  createTableSql,
  ddlLockSql,
  indexNames,
  q,
  queryTerms,
  type SearchTableNames,
  wordsFunctionSql,
} from './postgres-schema';
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

const REBUILD_TABLE = /_rb_(\d{13})_[0-9a-f]{8}$/;

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
  'latest_version',
  'created_by',
  'created_at',
  'updated_at',
];

const RECORD_TYPE = `id text, name text, description text, team_slug text, team_name text, task text,
  framework text, license text, tags text[], latest_version integer, created_by text,
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

/**
 * Catalog search on PostgreSQL full-text search, in one table of a schema the caller owns.
 * Same contract as the Elasticsearch engine (see `contract.ts`), except typo tolerance.
 *
 * Statements that must apply together (DDL, the rebuild's swap) are sent as one multi-statement
 * string without parameters: Postgres runs such a string as a single implicit transaction on one
 * connection, whatever pool the handle has, so the engine needs nothing but `query`.
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly kind = 'postgres';
  private readonly names: SearchTableNames;

  constructor(
    private readonly db: SqlQueryable,
    schema: string,
    table = 'model_search_document',
  ) {
    // 40 leaves room for the rebuild suffix within Postgres's 63-character names.
    this.names = {
      schema: checkIdentifier('Schema', schema),
      table: checkIdentifier('Table', table, 40),
      wordsFunction: `${table}_words`,
    };
  }

  private async rows<T>(sql: string, parameters?: unknown[]): Promise<T[]> {
    const result = await this.db.query(sql, parameters);
    return (Array.isArray(result) ? result : (result?.rows ?? [])) as T[];
  }

  private qualified(table = this.names.table): string {
    return `${q(this.names.schema)}.${q(table)}`;
  }

  async ensureReady(): Promise<void> {
    const [existing] = await this.rows<{ found: string | null }>(
      '/* findModelSearchTable */ SELECT to_regclass($1) AS found',
      [this.qualified()],
    );
    if (existing?.found) return;
    await this.db.query(
      [
        '/* createModelSearchTable */',
        `${ddlLockSql(this.names)};`,
        `${createSchemaSql(this.names.schema)};`,
        `${wordsFunctionSql(this.names)};`,
        ...createTableSql(this.names, this.names.table, indexNames(this.names.table)).map((s) => `${s};`),
      ].join('\n'),
    );
  }

  private async write(table: string, documents: ModelSearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    // One row per id (the last wins): ON CONFLICT cannot touch a row twice in one statement.
    const rows = [...new Map(documents.map((d) => [d.id, toRow(d)])).values()];
    const columns = COLUMNS.join(', ');
    await this.db.query(
      `/* upsertModelSearchDocuments */
      INSERT INTO ${this.qualified(table)} (${columns})
      SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS d(${RECORD_TYPE})
      ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1)
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ')}`,
      [JSON.stringify(rows)],
    );
  }

  async upsert(documents: ModelSearchDocument[]): Promise<void> {
    await this.write(this.names.table, documents);
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
   * One statement: `matched` holds what the text finds (every model for empty text), `filtered`
   * narrows it by every filter for the total and the page, and each facet counts `matched`
   * narrowed by the filters it obeys (`filtersOfFacet`: disjunctive, every other kind's, and for
   * tags all). Each filter is bound once and referenced wherever it applies.
   */
  private searchSql({ text, filters, first, offset }: NormalizedSearchRequest) {
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

    const textConditions: string[] = [];
    // Code-point order ("C"), as Elasticsearch sorts keywords, whatever the database collation.
    const byName = 'name COLLATE "C", id COLLATE "C"';
    let score = '0::real';
    let order = byName;
    if (text) {
      const terms = queryTerms(text);
      if (terms.length === 0) {
        // Only punctuation: no words to look for, as on Elasticsearch.
        textConditions.push('false');
      } else {
        const query = `to_tsquery('simple', ${bind(prefixQuery(terms))})`;
        textConditions.push(`search_vector @@ ${query}`);
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
        FROM ${this.qualified()} ${where(textConditions)}
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
   * Fills a new table (`<table>_rb_<ms>_<hex>`) outside any transaction, then in one
   * transaction drops the live table, renames the new one and its indexes into place, and drops
   * older rebuild tables (left by a crash, or by an older rebuild still running, which then fails
   * instead of swapping in stale content). Searches keep reading the old table until the swap;
   * a search arriving during it waits for the swap's lock and then reads the new table.
   * Writes that reach the live table during the fill are lost with it: callers replay changes
   * made since the rebuild began (the registry rewinds its indexer).
   */
  async rebuild(documents: AsyncIterable<ModelSearchDocument[]>): Promise<{ indexed: number }> {
    await this.ensureReady();
    const stamp = `${Date.now()}_${randomBytes(4).toString('hex')}`;
    const build = `${this.names.table}_rb_${stamp}`;
    const buildIndexes = { pkey: `rb_${stamp}_pkey`, search: `rb_${stamp}_search`, tags: `rb_${stamp}_tags` };
    await this.db.query(
      [
        '/* createModelSearchRebuildTable */',
        ...createTableSql(this.names, build, buildIndexes).map((s) => `${s};`),
      ].join('\n'),
    );
    let indexed = 0;
    try {
      for await (const batch of documents) {
        await this.write(build, batch);
        indexed += batch.length;
      }
      const older = (
        await this.rows<{ name: string }>(
          `/* findModelSearchRebuildTables */
          SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND starts_with(tablename, $2)`,
          [this.names.schema, `${this.names.table}_rb_`],
        )
      )
        .map((row) => row.name)
        .filter((name) => name !== build && (REBUILD_TABLE.exec(name)?.[1] ?? '') <= stamp.slice(0, 13));
      const live = indexNames(this.names.table);
      await this.db.query(
        [
          '/* swapModelSearchTable */',
          `${ddlLockSql(this.names)};`,
          `DROP TABLE IF EXISTS ${this.qualified()};`,
          `ALTER TABLE ${this.qualified(build)} RENAME TO ${q(this.names.table)};`,
          `ALTER INDEX ${q(this.names.schema)}.${q(buildIndexes.pkey)} RENAME TO ${q(live.pkey)};`,
          `ALTER INDEX ${q(this.names.schema)}.${q(buildIndexes.search)} RENAME TO ${q(live.search)};`,
          `ALTER INDEX ${q(this.names.schema)}.${q(buildIndexes.tags)} RENAME TO ${q(live.tags)};`,
          ...older.map((name) => `DROP TABLE IF EXISTS ${this.qualified(checkIdentifier('Table', name))};`),
        ].join('\n'),
      );
    } catch (error) {
      await this.db.query(`DROP TABLE IF EXISTS ${this.qualified(build)}`).catch(() => undefined);
      throw error;
    }
    return { indexed };
  }

  /** Writes are visible when their statement commits. */
  async refresh(): Promise<void> {}

  /** The caller owns the database handle. */
  async close(): Promise<void> {}
}
