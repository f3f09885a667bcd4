import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegistryCatalog1763856000000 implements MigrationInterface {
  name = 'CreateRegistryCatalog1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The event log and its consumers' cursors, frozen as `createEventLogTables` wrote them
    // (the trigger function's body keeps that helper's indentation, so its source is identical).
    // Readers order by (tx_id, id) and only read transactions older than every one still
    // running, so an event whose transaction commits late is never skipped.
    await queryRunner.query(`
      CREATE TABLE registry.event_log (
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
    await queryRunner.query('CREATE INDEX event_log_position_idx ON registry.event_log (tx_id, id)');
    await queryRunner.query(
      'CREATE INDEX event_log_subject_idx ON registry.event_log (subject_type, subject_id, id)',
    );
    await queryRunner.query(`
      CREATE FUNCTION registry.event_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'event_log is append-only';
    END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON registry.event_log
      FOR EACH ROW EXECUTE FUNCTION registry.event_log_is_append_only()`);
    await queryRunner.query(`
      CREATE TABLE registry.event_cursor (
        consumer text PRIMARY KEY,
        tx_id xid8 NOT NULL DEFAULT '0',
        event_log_id bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE registry.team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CONSTRAINT team_slug_key UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE registry.model (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES registry.team (id),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        task text,
        framework text,
        license text,
        tags text[] NOT NULL DEFAULT '{}',
        version_count int NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Names are unique per team regardless of case: "Churn" and "churn" would confuse everyone.
    await queryRunner.query(
      'CREATE UNIQUE INDEX model_team_name_key ON registry.model (team_id, lower(name))',
    );
    await queryRunner.query('CREATE INDEX model_name_id_idx ON registry.model (name, id)');
    await queryRunner.query(`
      CREATE TABLE registry.model_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES registry.model (id),
        version int NOT NULL CHECK (version > 0),
        hyperparameters jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT model_version_number_key UNIQUE (model_id, version)
      )`);
    // Versions are immutable: what was registered is what gets promoted.
    await queryRunner.query(`
      CREATE FUNCTION registry.model_version_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'model versions are immutable';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER model_version_immutable BEFORE UPDATE ON registry.model_version
      FOR EACH ROW EXECUTE FUNCTION registry.model_version_is_immutable()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE registry.model_version');
    await queryRunner.query('DROP FUNCTION registry.model_version_is_immutable()');
    await queryRunner.query('DROP TABLE registry.model');
    await queryRunner.query('DROP TABLE registry.team');
    await queryRunner.query('DROP TABLE registry.event_cursor');
    await queryRunner.query('DROP TABLE registry.event_log');
    await queryRunner.query('DROP FUNCTION registry.event_log_is_append_only()');
  }
}
