import { createEventLogTables, dropEventLogTables } from '@cairn/event-log';
import { createModelDirectoryTable, dropModelDirectoryTable } from '@cairn/model-directory';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLineageRecords1763942400000 implements MigrationInterface {
  name = 'CreateLineageRecords1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventLogTables(queryRunner, 'lineage');
    await createModelDirectoryTable(queryRunner, 'lineage');
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
    await dropModelDirectoryTable(queryRunner, 'lineage');
    await dropEventLogTables(queryRunner, 'lineage');
  }
}
