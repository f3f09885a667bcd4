import type { MigrationInterface, QueryRunner } from 'typeorm';

const RECORDED = 'training runs are records: what was recorded is the lineage audits rely on';

/**
 * Training runs and their inputs are records: they refuse UPDATE, DELETE and TRUNCATE for
 * everyone, the owner included (datasets are found or created, never changed, so they need no
 * trigger to stay as they are). The service role (`cairn_service`, which owns nothing) gets only
 * what lineage's code does. The DDL is written out here, not shared, so it stays as it ran.
 */
export class ProtectRecordsAndGrantServiceRole1764000000000 implements MigrationInterface {
  name = 'ProtectRecordsAndGrantServiceRole1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lineage.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on %.% is refused: %', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0]
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['training_run', 'training_run_dataset']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON lineage.${table}
        FOR EACH ROW EXECUTE FUNCTION lineage.refuse_rewrite('${RECORDED}')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON lineage.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION lineage.refuse_rewrite('${RECORDED}')`);
    }
    // event_log already refuses UPDATE and DELETE row by row; TRUNCATE fires no row trigger.
    await queryRunner.query(`
      CREATE TRIGGER event_log_no_truncate BEFORE TRUNCATE ON lineage.event_log
      FOR EACH STATEMENT EXECUTE FUNCTION lineage.refuse_rewrite('the event log is append-only: consumers and audits rely on every event staying')`);

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
    await queryRunner.query('GRANT USAGE ON SCHEMA lineage TO cairn_service');
    await queryRunner.query(`
      GRANT SELECT, INSERT ON lineage.dataset, lineage.training_run, lineage.training_run_dataset,
        lineage.known_model_version TO cairn_service`);
    await queryRunner.query('GRANT SELECT, INSERT ON lineage.event_log TO cairn_service');
    await queryRunner.query('GRANT USAGE ON SEQUENCE lineage.event_log_id_seq TO cairn_service');
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON lineage.event_cursor TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA lineage FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA lineage FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON SCHEMA lineage FROM cairn_service');
    await queryRunner.query('DROP TRIGGER event_log_no_truncate ON lineage.event_log');
    for (const table of ['training_run_dataset', 'training_run']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON lineage.${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_rewrite ON lineage.${table}`);
    }
    await queryRunner.query('DROP FUNCTION lineage.refuse_rewrite()');
  }
}
