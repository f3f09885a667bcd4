import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model directory keeps each version's model visibility (PRIVATE or INTERNAL), so metrics
 * answers only for versions the caller may see. Versions recorded before are filled in from the
 * registry's published event log: the model's latest ModelVisibilityChanged, else the visibility
 * its ModelVersionCreated carried, else INTERNAL (what events from before visibility were). The
 * directory's consumer updates the column when a model's visibility changes, so the service role
 * may update it, and only it.
 */
export class DirectoryVisibility1764500000000 implements MigrationInterface {
  name = 'DirectoryVisibility1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE metrics.known_model_version ADD COLUMN visibility text NOT NULL DEFAULT 'INTERNAL'
        CONSTRAINT known_model_version_visibility_check CHECK (visibility IN ('PRIVATE', 'INTERNAL'))`);
    await queryRunner.query(`
      UPDATE metrics.known_model_version AS k SET visibility = coalesce(
        (SELECT e.payload->>'to' FROM registry.event_log AS e
          WHERE e.subject_type = 'Model' AND e.subject_id = k.model_id::text
            AND e.type = 'registry.ModelVisibilityChanged' AND e.payload->>'to' IN ('PRIVATE', 'INTERNAL')
          ORDER BY e.id DESC LIMIT 1),
        (SELECT e.payload->>'visibility' FROM registry.event_log AS e
          WHERE e.subject_type = 'ModelVersion' AND e.subject_id = k.model_version_id::text
            AND e.type = 'registry.ModelVersionCreated' AND e.payload->>'visibility' IN ('PRIVATE', 'INTERNAL')
          ORDER BY e.id LIMIT 1),
        'INTERNAL')`);
    await queryRunner.query('GRANT UPDATE (visibility) ON metrics.known_model_version TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE UPDATE (visibility) ON metrics.known_model_version FROM cairn_service');
    await queryRunner.query('ALTER TABLE metrics.known_model_version DROP COLUMN visibility');
  }
}
