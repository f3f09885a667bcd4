import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL search table learns each model's visibility, so searches filter hits, totals and
 * facet counts by what the caller may see. Rows already there are models from before
 * visibility existed, which `1764400000000-add-visibility` made `INTERNAL`; the default is then
 * dropped so the indexer must always say.
 */
export class AddSearchDocumentVisibility1764450000000 implements MigrationInterface {
  name = 'AddSearchDocumentVisibility1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE registry.model_search_document
        ADD COLUMN visibility text NOT NULL DEFAULT 'INTERNAL'
          CONSTRAINT model_search_document_visibility_check CHECK (visibility IN ('PRIVATE', 'INTERNAL'))`);
    await queryRunner.query(
      'ALTER TABLE registry.model_search_document ALTER COLUMN visibility DROP DEFAULT',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE registry.model_search_document DROP COLUMN visibility');
  }
}
