import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen here on purpose: adding a stage later takes a migration, not just an enum member.
const STAGES = "('DEVELOPMENT', 'STAGING', 'PRODUCTION', 'DEPRECATED', 'ARCHIVED')";

export class CreateGovernanceStages1763942400000 implements MigrationInterface {
  name = 'CreateGovernanceStages1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The event log and its consumers' cursors, frozen as `createEventLogTables` wrote them
    // (the trigger function's body keeps that helper's indentation, so its source is identical).
    // Readers order by (tx_id, id) and only read transactions older than every one still
    // running, so an event whose transaction commits late is never skipped.
    await queryRunner.query(`
      CREATE TABLE governance.event_log (
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
    await queryRunner.query('CREATE INDEX event_log_position_idx ON governance.event_log (tx_id, id)');
    await queryRunner.query(
      'CREATE INDEX event_log_subject_idx ON governance.event_log (subject_type, subject_id, id)',
    );
    await queryRunner.query(`
      CREATE FUNCTION governance.event_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'event_log is append-only';
    END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON governance.event_log
      FOR EACH ROW EXECUTE FUNCTION governance.event_log_is_append_only()`);
    await queryRunner.query(`
      CREATE TABLE governance.event_cursor (
        consumer text PRIMARY KEY,
        tx_id xid8 NOT NULL DEFAULT '0',
        event_log_id bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The model directory's projection, fed from registry.ModelVersionCreated.
    await queryRunner.query(`
      CREATE TABLE governance.known_model_version (
        model_version_id uuid PRIMARY KEY,
        model_id uuid NOT NULL,
        model_name text NOT NULL,
        team_slug text NOT NULL,
        version int NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // No foreign key to the registry: governance knows versions only through the model directory.
    await queryRunner.query(`
      CREATE TABLE governance.model_version_stage (
        model_version_id uuid PRIMARY KEY,
        stage text NOT NULL CONSTRAINT model_version_stage_stage_check CHECK (stage IN ${STAGES}),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_by text NOT NULL
      )`);
    // occurred_at defaults to clock_timestamp(), not now(): it is taken after the version's stage
    // row is locked, so it follows the order in which transitions really happened. now() is the
    // transaction's start, and a transaction that queued for the lock may have started first.
    await queryRunner.query(`
      CREATE TABLE governance.stage_transition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES governance.model_version_stage (model_version_id),
        from_stage text NOT NULL CONSTRAINT stage_transition_from_check CHECK (from_stage IN ${STAGES}),
        to_stage text NOT NULL CONSTRAINT stage_transition_to_check CHECK (to_stage IN ${STAGES}),
        reason text,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT stage_transition_moves_check CHECK (from_stage <> to_stage)
      )`);
    await queryRunner.query(
      'CREATE INDEX stage_transition_version_idx ON governance.stage_transition (model_version_id, occurred_at, id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.stage_transition');
    await queryRunner.query('DROP TABLE governance.model_version_stage');
    await queryRunner.query('DROP TABLE governance.known_model_version');
    await queryRunner.query('DROP TABLE governance.event_cursor');
    await queryRunner.query('DROP TABLE governance.event_log');
    await queryRunner.query('DROP FUNCTION governance.event_log_is_append_only()');
  }
}
