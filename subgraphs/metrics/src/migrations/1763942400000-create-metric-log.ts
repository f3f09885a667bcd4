import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMetricLog1763942400000 implements MigrationInterface {
  name = 'CreateMetricLog1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The event log and its consumers' cursors, frozen as `createEventLogTables` wrote them
    // (the trigger function's body keeps that helper's indentation, so its source is identical).
    // Readers order by (tx_id, id) and only read transactions older than every one still
    // running, so an event whose transaction commits late is never skipped.
    await queryRunner.query(`
      CREATE TABLE metrics.event_log (
        id bigserial PRIMARY KEY,
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        type text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        actor text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX event_log_position_idx ON metrics.event_log (tx_id, id)');
    await queryRunner.query(
      'CREATE INDEX event_log_subject_idx ON metrics.event_log (subject_type, subject_id, id)',
    );
    await queryRunner.query(`
      CREATE FUNCTION metrics.event_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'event_log is append-only';
    END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON metrics.event_log
      FOR EACH ROW EXECUTE FUNCTION metrics.event_log_is_append_only()`);
    await queryRunner.query(`
      CREATE TABLE metrics.event_cursor (
        consumer text PRIMARY KEY,
        tx_id xid8 NOT NULL DEFAULT '0',
        event_log_id bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The model directory's projection, fed from registry.ModelVersionCreated.
    await queryRunner.query(`
      CREATE TABLE metrics.known_model_version (
        model_version_id uuid PRIMARY KEY,
        model_id uuid NOT NULL,
        model_name text NOT NULL,
        team_slug text NOT NULL,
        version int NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Append-only: a new value for the same (name, dataset) supersedes the old one for reads.
    // Metrics may only name versions the model directory knows, i.e. ones the registry created.
    await queryRunner.query(`
      CREATE TABLE metrics.metric (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES metrics.known_model_version (model_version_id),
        name text NOT NULL,
        value double precision NOT NULL CHECK (value <> 'NaN' AND value <> 'Infinity' AND value <> '-Infinity'),
        dataset text,
        logged_by text NOT NULL,
        logged_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Serves both "latest per (name, dataset)" (DISTINCT ON) and a name's history.
    await queryRunner.query(`
      CREATE INDEX metric_version_name_idx
        ON metrics.metric (model_version_id, name, dataset NULLS FIRST, logged_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE metrics.metric');
    await queryRunner.query('DROP TABLE metrics.known_model_version');
    await queryRunner.query('DROP TABLE metrics.event_cursor');
    await queryRunner.query('DROP TABLE metrics.event_log');
    await queryRunner.query('DROP FUNCTION metrics.event_log_is_append_only()');
  }
}
