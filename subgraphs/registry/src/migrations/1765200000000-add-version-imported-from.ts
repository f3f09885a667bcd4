import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an imported version came from (`importModelVersion`): the exporting instance, the
 * version's id, number, team and model there, its manifest digest and when it was exported.
 * Null for versions made here. Like the rest of a version it is never rewritten (the
 * `model_version_immutable` trigger refuses every UPDATE).
 *
 * One import per source version and model: the unique index turns a repeated import of the same
 * bundle into CONFLICT instead of a second copy under the next number.
 *
 * `cairn_service` already has SELECT and INSERT on the whole table, which covers the new column.
 * The DDL is written out here, not shared, so it stays as it ran.
 */
export class AddVersionImportedFrom1765200000000 implements MigrationInterface {
  name = 'AddVersionImportedFrom1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE registry.model_version
        ADD COLUMN imported_from jsonb
        CONSTRAINT model_version_imported_from_check CHECK (
          imported_from IS NULL OR (
            jsonb_typeof(imported_from) = 'object'
            AND imported_from ?& ARRAY['instance', 'versionId', 'version', 'team', 'model', 'manifestDigest', 'exportedAt']
            AND imported_from->>'manifestDigest' ~ '^sha256:[0-9a-f]{64}$'))`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX model_version_imported_once_idx ON registry.model_version
        (model_id, (imported_from->>'instance'), (imported_from->>'versionId'))
        WHERE imported_from IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX registry.model_version_imported_once_idx');
    await queryRunner.query(
      'ALTER TABLE registry.model_version DROP CONSTRAINT model_version_imported_from_check, DROP COLUMN imported_from',
    );
  }
}
