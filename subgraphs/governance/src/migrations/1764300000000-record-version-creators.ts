import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model directory remembers who registered each version (the registry event's actor), so
 * rules such as "nobody approves their own version" can be checked here. Versions recorded
 * before are filled in from the registry's published event log.
 */
export class RecordVersionCreators1764300000000 implements MigrationInterface {
  name = 'RecordVersionCreators1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE governance.known_model_version ADD COLUMN created_by text');
    await queryRunner.query(`
      UPDATE governance.known_model_version AS k SET created_by = e.actor
        FROM registry.event_log AS e
       WHERE e.type = 'registry.ModelVersionCreated' AND e.subject_type = 'ModelVersion'
         AND e.subject_id = k.model_version_id::text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE governance.known_model_version DROP COLUMN created_by');
  }
}
