import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `version_stage` learns which of governance's events it shows: `event_log_id`, the id in
 * `governance.event_log` of the version's latest `StageTransitioned` applied. The projection
 * writes a transition only over an older one, so a replay, or a quarantined event replayed
 * late, never brings back a stage the version has left. Ids order one version's transitions:
 * governance appends each under the lock of the version's stage row, after the previous one
 * committed. Rows written before this (none are, outside tests) count as older than any event.
 *
 * `cairn_service` already has SELECT, INSERT and UPDATE on the table, which covers the column.
 * The DDL is written out here, not shared, so it stays as it ran.
 */
export class AddVersionStagePosition1765300000000 implements MigrationInterface {
  name = 'AddVersionStagePosition1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE registry.version_stage ADD COLUMN event_log_id bigint NOT NULL DEFAULT 0',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE registry.version_stage DROP COLUMN event_log_id');
  }
}
