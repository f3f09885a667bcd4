import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model aliases (`champion`, `challenger`, …): the current pointer per (model, name) and an
 * append-only history of every change to it. The history is a record, so it refuses UPDATE,
 * DELETE and TRUNCATE like the other records (`registry.refuse_rewrite`, created by
 * 1764000000000); the current table is rewritten in place and its rows deleted with the alias.
 * A composite foreign key keeps every alias on a version of its own model. The DDL is written out
 * here, not shared, so it stays as it ran.
 */
export class CreateModelAliases1764900000000 implements MigrationInterface {
  name = 'CreateModelAliases1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The target of the composite keys below; the primary key already makes it unique.
    await queryRunner.query(
      'CREATE UNIQUE INDEX model_version_model_id_id_key ON registry.model_version (model_id, id)',
    );
    await queryRunner.query(`
      CREATE TABLE registry.model_alias (
        model_id uuid NOT NULL REFERENCES registry.model (id),
        name text NOT NULL CONSTRAINT model_alias_name_check CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$' AND name <> 'latest'),
        model_version_id uuid NOT NULL,
        protected boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, name),
        CONSTRAINT model_alias_version_fkey FOREIGN KEY (model_id, model_version_id)
          REFERENCES registry.model_version (model_id, id)
      )`);
    // ModelVersion.aliases looks aliases up by version.
    await queryRunner.query(
      'CREATE INDEX model_alias_version_idx ON registry.model_alias (model_version_id)',
    );
    await queryRunner.query(`
      CREATE TABLE registry.model_alias_history (
        id bigserial PRIMARY KEY,
        model_id uuid NOT NULL REFERENCES registry.model (id),
        alias text NOT NULL,
        action text NOT NULL CONSTRAINT model_alias_history_action_check
          CHECK (action IN ('SET', 'MOVE', 'DELETE', 'ROLLBACK', 'PROTECT', 'UNPROTECT')),
        from_version_id uuid,
        to_version_id uuid,
        actor text NOT NULL,
        reason text CHECK (length(reason) <= 500),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT model_alias_history_from_fkey FOREIGN KEY (model_id, from_version_id)
          REFERENCES registry.model_version (model_id, id),
        CONSTRAINT model_alias_history_to_fkey FOREIGN KEY (model_id, to_version_id)
          REFERENCES registry.model_version (model_id, id),
        -- Only a deletion leaves the alias pointing nowhere; only a creation starts from nowhere.
        CONSTRAINT model_alias_history_target_check CHECK ((action = 'DELETE') = (to_version_id IS NULL)),
        CONSTRAINT model_alias_history_origin_check CHECK ((action = 'SET') = (from_version_id IS NULL))
      )`);
    // "Where did it point at t" and the newest-first history page both walk this index.
    await queryRunner.query(
      'CREATE INDEX model_alias_history_lookup_idx ON registry.model_alias_history (model_id, alias, id DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX model_alias_history_model_idx ON registry.model_alias_history (model_id, id DESC)',
    );
    await queryRunner.query(`
      CREATE TRIGGER model_alias_history_no_rewrite BEFORE UPDATE OR DELETE ON registry.model_alias_history
      FOR EACH ROW EXECUTE FUNCTION registry.refuse_rewrite('the alias history records who pointed which alias where, and why')`);
    await queryRunner.query(`
      CREATE TRIGGER model_alias_history_no_truncate BEFORE TRUNCATE ON registry.model_alias_history
      FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_rewrite('the alias history records who pointed which alias where, and why')`);

    await queryRunner.query('GRANT SELECT, INSERT, DELETE ON registry.model_alias TO cairn_service');
    await queryRunner.query(
      'GRANT UPDATE (model_version_id, protected, updated_by, updated_at) ON registry.model_alias TO cairn_service',
    );
    await queryRunner.query('GRANT SELECT, INSERT ON registry.model_alias_history TO cairn_service');
    await queryRunner.query('GRANT USAGE ON SEQUENCE registry.model_alias_history_id_seq TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON SEQUENCE registry.model_alias_history_id_seq FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON registry.model_alias_history FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON registry.model_alias FROM cairn_service');
    await queryRunner.query('DROP TABLE registry.model_alias_history');
    await queryRunner.query('DROP TABLE registry.model_alias');
    await queryRunner.query('DROP INDEX registry.model_version_model_id_id_key');
  }
}
