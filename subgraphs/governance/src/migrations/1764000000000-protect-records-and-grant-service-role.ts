import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stage history is a record: it refuses UPDATE, DELETE and TRUNCATE for everyone, the owner
 * included. The service role (`cairn_service`, which owns nothing) gets only what governance's
 * code does. The DDL is written out here, not shared, so it stays as it ran.
 */
export class ProtectRecordsAndGrantServiceRole1764000000000 implements MigrationInterface {
  name = 'ProtectRecordsAndGrantServiceRole1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION governance.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on %.% is refused: %', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0]
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER stage_transition_no_rewrite BEFORE UPDATE OR DELETE ON governance.stage_transition
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('the stage history records who promoted what and why; a later move adds a transition')`);
    await queryRunner.query(`
      CREATE TRIGGER stage_transition_no_truncate BEFORE TRUNCATE ON governance.stage_transition
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('the stage history records who promoted what and why; a later move adds a transition')`);
    // event_log already refuses UPDATE and DELETE row by row; TRUNCATE fires no row trigger.
    await queryRunner.query(`
      CREATE TRIGGER event_log_no_truncate BEFORE TRUNCATE ON governance.event_log
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('the event log is append-only: consumers and audits rely on every event staying')`);

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
    await queryRunner.query('GRANT USAGE ON SCHEMA governance TO cairn_service');
    await queryRunner.query(`
      GRANT SELECT, INSERT ON governance.model_version_stage, governance.stage_transition,
        governance.known_model_version TO cairn_service`);
    // The current stage is the one row that moves (and is locked FOR UPDATE while it does).
    await queryRunner.query(
      'GRANT UPDATE (stage, updated_at, updated_by) ON governance.model_version_stage TO cairn_service',
    );
    await queryRunner.query('GRANT SELECT, INSERT ON governance.event_log TO cairn_service');
    await queryRunner.query('GRANT USAGE ON SEQUENCE governance.event_log_id_seq TO cairn_service');
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON governance.event_cursor TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA governance FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA governance FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON SCHEMA governance FROM cairn_service');
    await queryRunner.query('DROP TRIGGER event_log_no_truncate ON governance.event_log');
    await queryRunner.query('DROP TRIGGER stage_transition_no_truncate ON governance.stage_transition');
    await queryRunner.query('DROP TRIGGER stage_transition_no_rewrite ON governance.stage_transition');
    await queryRunner.query('DROP FUNCTION governance.refuse_rewrite()');
  }
}
