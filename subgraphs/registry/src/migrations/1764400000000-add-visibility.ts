import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may see a model: `PRIVATE` (its team, platform admins and auditors) or `INTERNAL` (everyone
 * signed in). Every model registered before this existed was visible to everyone, so existing
 * rows become `INTERNAL`; a team's default applies to models registered without a visibility.
 * The service role may change exactly these two columns (and `updated_at`, granted before).
 */
export class AddVisibility1764400000000 implements MigrationInterface {
  name = 'AddVisibility1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE registry.team
        ADD COLUMN default_visibility text NOT NULL DEFAULT 'INTERNAL'
          CONSTRAINT team_default_visibility_check CHECK (default_visibility IN ('PRIVATE', 'INTERNAL'))`);
    // No default on the model: the service always decides, from the input or the team's default.
    await queryRunner.query(`
      ALTER TABLE registry.model
        ADD COLUMN visibility text NOT NULL DEFAULT 'INTERNAL'
          CONSTRAINT model_visibility_check CHECK (visibility IN ('PRIVATE', 'INTERNAL'))`);
    await queryRunner.query('ALTER TABLE registry.model ALTER COLUMN visibility DROP DEFAULT');
    // Lists of one team's models filter on both.
    await queryRunner.query('CREATE INDEX model_team_visibility_idx ON registry.model (team_id, visibility)');
    await queryRunner.query('GRANT UPDATE (visibility) ON registry.model TO cairn_service');
    await queryRunner.query('GRANT UPDATE (default_visibility) ON registry.team TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE UPDATE (default_visibility) ON registry.team FROM cairn_service');
    await queryRunner.query('REVOKE UPDATE (visibility) ON registry.model FROM cairn_service');
    await queryRunner.query('DROP INDEX registry.model_team_visibility_idx');
    await queryRunner.query('ALTER TABLE registry.model DROP COLUMN visibility');
    await queryRunner.query('ALTER TABLE registry.team DROP COLUMN default_visibility');
  }
}
