import type { QueryRunner } from 'typeorm';

/** The projection table, created in the consuming subgraph's own schema by its own migration. */
export async function createModelDirectoryTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE "${schema}".known_model_version (
      model_version_id uuid PRIMARY KEY,
      model_id uuid NOT NULL,
      model_name text NOT NULL,
      team_slug text NOT NULL,
      version int NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function dropModelDirectoryTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE "${schema}".known_model_version`);
}
