import { createEventLogTables, dropEventLogTables } from '@cairn/event-log';
import { createModelDirectoryTable, dropModelDirectoryTable } from '@cairn/model-directory';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen here on purpose: adding a stage later takes a migration, not just an enum member.
const STAGES = "('DEVELOPMENT', 'STAGING', 'PRODUCTION', 'DEPRECATED', 'ARCHIVED')";

export class CreateGovernanceStages1763942400000 implements MigrationInterface {
  name = 'CreateGovernanceStages1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventLogTables(queryRunner, 'governance');
    await createModelDirectoryTable(queryRunner, 'governance');
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
    await dropModelDirectoryTable(queryRunner, 'governance');
    await dropEventLogTables(queryRunner, 'governance');
  }
}
