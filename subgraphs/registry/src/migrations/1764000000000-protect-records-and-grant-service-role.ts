import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records that are never rewritten refuse UPDATE, DELETE and TRUNCATE for everyone, the owner
 * included; the service role (`cairn_service`, which owns nothing) gets only what the registry's
 * code does. The owner could still disable these triggers, which is why services never connect
 * as the owner. The DDL is written out here, not shared, so it stays as it ran.
 */
export class ProtectRecordsAndGrantServiceRole1764000000000 implements MigrationInterface {
  name = 'ProtectRecordsAndGrantServiceRole1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION registry.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on %.% is refused: %', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0]
          USING ERRCODE = 'restrict_violation';
      END $$`);
    // model_version already refuses UPDATE (model_version_immutable); DELETE and TRUNCATE join it.
    await queryRunner.query(`
      CREATE TRIGGER model_version_no_delete BEFORE DELETE ON registry.model_version
      FOR EACH ROW EXECUTE FUNCTION registry.refuse_rewrite('model versions are immutable: what was registered is what gets promoted')`);
    await queryRunner.query(`
      CREATE TRIGGER model_version_no_truncate BEFORE TRUNCATE ON registry.model_version
      FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_rewrite('model versions are immutable: what was registered is what gets promoted')`);
    // event_log already refuses UPDATE and DELETE row by row; TRUNCATE fires no row trigger.
    await queryRunner.query(`
      CREATE TRIGGER event_log_no_truncate BEFORE TRUNCATE ON registry.event_log
      FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_rewrite('the event log is append-only: consumers and audits rely on every event staying')`);

    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cairn_service') THEN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolcreaterole OR rolsuper)) THEN
            RAISE EXCEPTION 'role cairn_service does not exist and % may not create roles', current_user
              USING HINT = 'Create it once per cluster as an administrator: CREATE ROLE cairn_service NOLOGIN; then migrate again.';
          END IF;
          -- Roles are cluster-wide: another database's migration may create it at the same moment.
          BEGIN
            CREATE ROLE cairn_service NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      END $$`);
    await queryRunner.query('GRANT USAGE ON SCHEMA registry TO cairn_service');
    await queryRunner.query(
      'GRANT SELECT, INSERT ON registry.team, registry.model, registry.model_version TO cairn_service',
    );
    // A new version bumps its model's counter; nothing else about a model changes after registration.
    await queryRunner.query('GRANT UPDATE (version_count, updated_at) ON registry.model TO cairn_service');
    // Every subgraph's consumers read the registry's log, and they all run as cairn_service.
    await queryRunner.query('GRANT SELECT, INSERT ON registry.event_log TO cairn_service');
    await queryRunner.query('GRANT USAGE ON SEQUENCE registry.event_log_id_seq TO cairn_service');
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON registry.event_cursor TO cairn_service');
    // The PostgreSQL search table, where an earlier start created it: the indexer upserts and removes.
    await queryRunner.query(`
      DO $$
      BEGIN
        IF to_regclass('registry.model_search_document') IS NOT NULL THEN
          GRANT SELECT, INSERT, UPDATE, DELETE ON registry.model_search_document TO cairn_service;
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA registry FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA registry FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON SCHEMA registry FROM cairn_service');
    await queryRunner.query('DROP TRIGGER event_log_no_truncate ON registry.event_log');
    await queryRunner.query('DROP TRIGGER model_version_no_truncate ON registry.model_version');
    await queryRunner.query('DROP TRIGGER model_version_no_delete ON registry.model_version');
    await queryRunner.query('DROP FUNCTION registry.refuse_rewrite()');
  }
}
