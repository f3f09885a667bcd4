import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API tokens may carry `serving:report`: a serving system reporting production windows for drift detection. */
export class ServingReportScope1766110000000 implements MigrationInterface {
  name = 'ServingReportScope1766110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE governance.api_token DROP CONSTRAINT api_token_scopes_check');
    await queryRunner.query(`
      ALTER TABLE governance.api_token ADD CONSTRAINT api_token_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'promote', 'admin', 'serving:report'])`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE governance.api_token DROP CONSTRAINT api_token_scopes_check');
    // NOT VALID: tokens issued with the newer scope stay readable after a downgrade.
    await queryRunner.query(`
      ALTER TABLE governance.api_token ADD CONSTRAINT api_token_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'promote', 'admin']) NOT VALID`);
  }
}
