import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-service team requests in the insights: one row per request, filled in from governance's
 * `TeamRequested` / `TeamRequestApproved` / `TeamRequestRejected`, in either order (a decision
 * may be replayed before its request). Only the slug asked for, the times and the outcome are
 * kept; who asked and why stay in governance. The weekly counters go to `insights_weekly`
 * under that slug.
 */
export class InsightsTeamRequests1766640000000 implements MigrationInterface {
  name = 'InsightsTeamRequests1766640000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE metrics.insights_team_request (
        request_id uuid PRIMARY KEY,
        slug text NOT NULL,
        requested_at timestamptz,
        decided_at timestamptz,
        outcome text NOT NULL DEFAULT 'OPEN' CHECK (outcome IN ('OPEN', 'APPROVED', 'REJECTED')),
        CHECK ((outcome = 'OPEN') = (decided_at IS NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX insights_team_request_slug_decided ON metrics.insights_team_request (slug, decided_at)',
    );
    await queryRunner.query(
      `CREATE INDEX insights_team_request_open ON metrics.insights_team_request (slug) WHERE outcome = 'OPEN'`,
    );
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON metrics.insights_team_request TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `/* dropTeamRequestCounters */ DELETE FROM metrics.insights_weekly
        WHERE figure IN ('team_requests_made', 'team_requests_approved', 'team_requests_rejected')`,
    );
    await queryRunner.query('DROP TABLE metrics.insights_team_request');
  }
}
