import { createEventLogTables, dropEventLogTables } from '@cairn/event-log';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegistryCatalog1763856000000 implements MigrationInterface {
  name = 'CreateRegistryCatalog1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventLogTables(queryRunner, 'registry');
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
    await dropEventLogTables(queryRunner, 'registry');
  }
}
