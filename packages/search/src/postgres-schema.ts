/**
 * DDL of the Postgres search table. Identifiers cannot be bound as parameters, so every name
 * that reaches SQL text is checked against `IDENTIFIER` first.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function checkIdentifier(kind: string, name: string, maxLength = 63): string {
  if (!IDENTIFIER.test(name) || name.length > maxLength) {
    throw new Error(
      `${kind} ${JSON.stringify(name)} must match ${IDENTIFIER} and have at most ${maxLength} characters`,
    );
  }
  return name;
}

export const q = (name: string) => `"${name}"`;

/**
 * ASCII characters that are not letters or digits separate words; everything else (accented
 * letters, CJK, …) is part of a word. The query side splits the same way (`queryTerms`), so
 * "card-fraud-scorer" is indexed as card/fraud/scorer on both engines, like Elasticsearch's
 * standard analyzer. Without this, Postgres's parser would also index the hyphenated whole and
 * read "sklearn.ensemble" as a host name.
 */
const SEPARATORS_PG = '[^0-9A-Za-z\\u0080-\\U0010FFFF]+';
const SEPARATORS_JS = /[^0-9A-Za-z\u0080-\u{10FFFF}]+/u;

/** The words of a query, split as documents are; not lowercased (the `simple` dictionary does it). */
export function queryTerms(text: string): string[] {
  return text.split(SEPARATORS_JS).filter(Boolean);
}

export interface SearchTableNames {
  schema: string;
  /** The table searches read. */
  table: string;
  /** `<table>_words(text[])`: the immutable helper the generated column calls. */
  wordsFunction: string;
}

/** Names of the canonical indexes, which a rebuild's indexes are renamed to on swap. */
export function indexNames(table: string) {
  return { pkey: `${table}_pkey`, search: `${table}_search_idx`, tags: `${table}_tags_idx` };
}

/** Advisory-lock key shared by all DDL on one table, so concurrent starts do not collide. */
export function ddlLockSql(names: SearchTableNames): string {
  return `SELECT pg_advisory_xact_lock(hashtext('cairn-search:${names.schema}.${names.table}'))`;
}

/**
 * The helper is needed because `array_to_string` is only STABLE (for arbitrary element types),
 * and generated columns accept IMMUTABLE expressions only; for text[] it is immutable indeed.
 */
export function wordsFunctionSql(names: SearchTableNames): string {
  return `CREATE OR REPLACE FUNCTION ${q(names.schema)}.${q(names.wordsFunction)}(parts text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $fn$ SELECT regexp_replace(array_to_string(parts, ' '), '${SEPARATORS_PG}', ' ', 'g') $fn$`;
}

/**
 * One row per model. `search_vector` weighs the name A; tags, team, task and framework B; the
 * description C, with the `simple` configuration (lowercase, no stemming, no stop words) so
 * words match as typed, like the standard analyzer.
 */
export function createTableSql(
  names: SearchTableNames,
  table: string,
  indexes: { pkey: string; search: string; tags: string },
): string[] {
  const words = `${q(names.schema)}.${q(names.wordsFunction)}`;
  const target = `${q(names.schema)}.${q(table)}`;
  return [
    `CREATE TABLE IF NOT EXISTS ${target} (
      id text NOT NULL,
      name text NOT NULL,
      description text NOT NULL,
      team_slug text NOT NULL,
      team_name text NOT NULL,
      task text,
      framework text,
      license text,
      tags text[] NOT NULL,
      latest_version integer,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', ${words}(ARRAY[name])), 'A') ||
        setweight(to_tsvector('simple', ${words}(tags || ARRAY[team_name, team_slug, task, framework])), 'B') ||
        setweight(to_tsvector('simple', ${words}(ARRAY[description])), 'C')
      ) STORED,
      CONSTRAINT ${q(indexes.pkey)} PRIMARY KEY (id)
    )`,
    `CREATE INDEX IF NOT EXISTS ${q(indexes.search)} ON ${target} USING gin (search_vector)`,
    `CREATE INDEX IF NOT EXISTS ${q(indexes.tags)} ON ${target} USING gin (tags)`,
  ];
}

/** Creates the schema only when missing: CREATE SCHEMA IF NOT EXISTS still needs CREATE rights. */
export function createSchemaSql(schema: string): string {
  return `DO $do$ BEGIN
    IF to_regnamespace('${schema}') IS NULL THEN CREATE SCHEMA ${q(schema)}; END IF;
  END $do$`;
}
