import { createEventLogTables, dropEventLogTables } from '@cairn/event-log';
import { createModelDirectoryTable, dropModelDirectoryTable } from '@cairn/model-directory';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMetricLog1763942400000 implements MigrationInterface {
  name = 'CreateMetricLog1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventLogTables(queryRunner, 'metrics');
    await createModelDirectoryTable(queryRunner, 'metrics');
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
    await dropModelDirectoryTable(queryRunner, 'metrics');
    await dropEventLogTables(queryRunner, 'metrics');
  }
}
