import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLineageRecords1763942400000 implements MigrationInterface {
  name = 'CreateLineageRecords1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The event log and its consumers' cursors, frozen as `createEventLogTables` wrote them
    // (the trigger function's body keeps that helper's indentation, so its source is identical).
    // Readers order by (tx_id, id) and only read transactions older than every one still
    // running, so an event whose transaction commits late is never skipped.
    await queryRunner.query(`
      CREATE TABLE lineage.event_log (
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
    await queryRunner.query('CREATE INDEX event_log_position_idx ON lineage.event_log (tx_id, id)');
    await queryRunner.query(
      'CREATE INDEX event_log_subject_idx ON lineage.event_log (subject_type, subject_id, id)',
    );
    await queryRunner.query(`
      CREATE FUNCTION lineage.event_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'event_log is append-only';
    END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON lineage.event_log
      FOR EACH ROW EXECUTE FUNCTION lineage.event_log_is_append_only()`);
    await queryRunner.query(`
      CREATE TABLE lineage.event_cursor (
        consumer text PRIMARY KEY,
        tx_id xid8 NOT NULL DEFAULT '0',
        event_log_id bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The model directory's projection, fed from registry.ModelVersionCreated.
    await queryRunner.query(`
      CREATE TABLE lineage.known_model_version (
        model_version_id uuid PRIMARY KEY,
        model_id uuid NOT NULL,
        model_name text NOT NULL,
        team_slug text NOT NULL,
        version int NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A dataset version is its (uri, checksum): recording it again reuses the row. The rules cap
    // the URI at 2048 bytes so the pair always fits in a b-tree entry.
    await queryRunner.query(`
      CREATE TABLE lineage.dataset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        uri text NOT NULL,
        checksum text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dataset_uri_checksum_key UNIQUE (uri, checksum)
      )`);
    // Runs may only name versions the model directory knows, i.e. ones the registry created.
    await queryRunner.query(`
      CREATE TABLE lineage.training_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES lineage.known_model_version (model_version_id),
        code_ref text NOT NULL,
        parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
        started_at timestamptz,
        finished_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT training_run_finished_after_start CHECK (finished_at >= started_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX training_run_model_version_idx ON lineage.training_run (model_version_id, created_at)',
    );
    await queryRunner.query(`
      CREATE TABLE lineage.training_run_dataset (
        training_run_id uuid NOT NULL REFERENCES lineage.training_run (id),
        dataset_id uuid NOT NULL REFERENCES lineage.dataset (id),
        position int NOT NULL,
        PRIMARY KEY (training_run_id, dataset_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX training_run_dataset_dataset_idx ON lineage.training_run_dataset (dataset_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE lineage.training_run_dataset');
    await queryRunner.query('DROP TABLE lineage.training_run');
    await queryRunner.query('DROP TABLE lineage.dataset');
    await queryRunner.query('DROP TABLE lineage.known_model_version');
    await queryRunner.query('DROP TABLE lineage.event_cursor');
    await queryRunner.query('DROP TABLE lineage.event_log');
    await queryRunner.query('DROP FUNCTION lineage.event_log_is_append_only()');
  }
}
