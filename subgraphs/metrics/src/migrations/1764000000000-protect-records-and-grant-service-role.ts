import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Metrics are append-only (a new value supersedes, never overwrites): they refuse UPDATE, DELETE
 * and TRUNCATE for everyone, the owner included. The service role (`cairn_service`, which owns
 * nothing) gets only what the metrics code does. The DDL is written out here, not shared, so it
 * stays as it ran.
 */
export class ProtectRecordsAndGrantServiceRole1764000000000 implements MigrationInterface {
  name = 'ProtectRecordsAndGrantServiceRole1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION metrics.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on %.% is refused: %', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0]
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER metric_no_rewrite BEFORE UPDATE OR DELETE ON metrics.metric
      FOR EACH ROW EXECUTE FUNCTION metrics.refuse_rewrite('metrics are append-only: log a new value to supersede one')`);
    await queryRunner.query(`
      CREATE TRIGGER metric_no_truncate BEFORE TRUNCATE ON metrics.metric
      FOR EACH STATEMENT EXECUTE FUNCTION metrics.refuse_rewrite('metrics are append-only: log a new value to supersede one')`);
    // event_log already refuses UPDATE and DELETE row by row; TRUNCATE fires no row trigger.
    await queryRunner.query(`
      CREATE TRIGGER event_log_no_truncate BEFORE TRUNCATE ON metrics.event_log
      FOR EACH STATEMENT EXECUTE FUNCTION metrics.refuse_rewrite('the event log is append-only: consumers and audits rely on every event staying')`);

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
    await queryRunner.query('GRANT USAGE ON SCHEMA metrics TO cairn_service');
    await queryRunner.query(
      'GRANT SELECT, INSERT ON metrics.metric, metrics.known_model_version TO cairn_service',
    );
    await queryRunner.query('GRANT SELECT, INSERT ON metrics.event_log TO cairn_service');
    await queryRunner.query('GRANT USAGE ON SEQUENCE metrics.event_log_id_seq TO cairn_service');
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON metrics.event_cursor TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA metrics FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA metrics FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON SCHEMA metrics FROM cairn_service');
    await queryRunner.query('DROP TRIGGER event_log_no_truncate ON metrics.event_log');
    await queryRunner.query('DROP TRIGGER metric_no_truncate ON metrics.metric');
    await queryRunner.query('DROP TRIGGER metric_no_rewrite ON metrics.metric');
    await queryRunner.query('DROP FUNCTION metrics.refuse_rewrite()');
  }
}
