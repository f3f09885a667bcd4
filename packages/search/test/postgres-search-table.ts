/**
 * The registry's migrations `1764100000000-create-model-search-document` and
 * `1764450000000-add-search-document-visibility` and `1765100000000-add-housekeeping` (the resulting shape), with the schema as a
 * parameter, so each contract engine gets an empty table of its own. `@cairn/search` does not
 * depend on the registry; the registry's `search-table.test.ts` runs the same contract on copies
 * of the migrated table, so the two cannot disagree unnoticed.
 */
export function searchTableDdl(schema: string): string {
  return `
    CREATE SCHEMA ${schema};
    CREATE FUNCTION ${schema}.model_search_document_words(parts text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $fn$ SELECT regexp_replace(array_to_string(parts, ' '), '[^0-9A-Za-z\\u0080-\\U0010FFFF]+', ' ', 'g') $fn$;
    CREATE TABLE ${schema}.model_search_document (
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
        setweight(to_tsvector('simple', ${schema}.model_search_document_words(ARRAY[name])), 'A') ||
        setweight(to_tsvector('simple', ${schema}.model_search_document_words(tags || ARRAY[team_name, team_slug, task, framework])), 'B') ||
        setweight(to_tsvector('simple', ${schema}.model_search_document_words(ARRAY[description])), 'C')
      ) STORED,
      CONSTRAINT model_search_document_pkey PRIMARY KEY (id),
      visibility text NOT NULL
        CONSTRAINT model_search_document_visibility_check CHECK (visibility IN ('PRIVATE', 'INTERNAL')),
      archived boolean NOT NULL DEFAULT false
    );
    CREATE INDEX model_search_document_search_idx ON ${schema}.model_search_document USING gin (search_vector);
    CREATE INDEX model_search_document_tags_idx ON ${schema}.model_search_document USING gin (tags);`;
}
