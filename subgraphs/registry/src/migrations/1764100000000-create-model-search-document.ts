import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL search engine's table (`@cairn/search` `PostgresSearchEngine`), which it used to
 * create at run time. `IF NOT EXISTS` / `OR REPLACE` adopt a table an older version created that
 * way: it had exactly this shape. The engine does no DDL any more.
 */
export class CreateModelSearchDocument1764100000000 implements MigrationInterface {
  name = 'CreateModelSearchDocument1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Generated columns accept IMMUTABLE expressions only, and `array_to_string` is merely STABLE
    // (for arbitrary element types); for text[] it is immutable indeed. ASCII characters that
    // are not letters or digits separate words, as `queryTerms` splits queries: "card-fraud"
    // is card/fraud on both sides, like Elasticsearch's standard analyzer.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION registry.model_search_document_words(parts text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $fn$ SELECT regexp_replace(array_to_string(parts, ' '), '[^0-9A-Za-z\\u0080-\\U0010FFFF]+', ' ', 'g') $fn$`);
    // Weights: name A; tags, team, task and framework B; description C. The `simple`
    // configuration lowercases without stemming or stop words, so words match as typed.
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS registry.model_search_document (
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
          setweight(to_tsvector('simple', registry.model_search_document_words(ARRAY[name])), 'A') ||
          setweight(to_tsvector('simple', registry.model_search_document_words(tags || ARRAY[team_name, team_slug, task, framework])), 'B') ||
          setweight(to_tsvector('simple', registry.model_search_document_words(ARRAY[description])), 'C')
        ) STORED,
        CONSTRAINT model_search_document_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query(
      'CREATE INDEX IF NOT EXISTS model_search_document_search_idx ON registry.model_search_document USING gin (search_vector)',
    );
    await queryRunner.query(
      'CREATE INDEX IF NOT EXISTS model_search_document_tags_idx ON registry.model_search_document USING gin (tags)',
    );
    // The indexer keeps this table current and a rebuild replaces its rows (LOCK TABLE needs
    // UPDATE or DELETE): the service role (1764000000000) gets exactly that, nothing more.
    await queryRunner.query(
      'GRANT SELECT, INSERT, UPDATE, DELETE ON registry.model_search_document TO cairn_service',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON registry.model_search_document FROM cairn_service');
    await queryRunner.query('DROP TABLE registry.model_search_document');
    await queryRunner.query('DROP FUNCTION registry.model_search_document_words(text[])');
  }
}
