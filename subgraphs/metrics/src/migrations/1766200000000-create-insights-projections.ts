import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The insights projections: what the `insights:<log>` consumers learn from every subgraph's
 * event log, so `insights(from, to, team)` aggregates these small tables and never reads another
 * subgraph's tables or scans a log on page load.
 *
 * Rows may be created by whichever log speaks of them first (a tier change from governance
 * can be read before the registry's `ModelRegistered`), so most columns are nullable and each
 * fact that can change carries the log position (`*_position`, the event's id in its log) it
 * came from: an older event, replayed late from quarantine, never overwrites a newer one.
 * `insights_weekly` holds counters, bumped only when a fact row is first filled in, so an event
 * applied twice cannot count twice.
 */
export class CreateInsightsProjections1766200000000 implements MigrationInterface {
  name = 'CreateInsightsProjections1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE metrics.insights_team (
        slug text PRIMARY KEY,
        registered_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE metrics.insights_model (
        model_id uuid PRIMARY KEY,
        team_slug text NOT NULL,
        name text,
        registered_at timestamptz,
        visibility text NOT NULL DEFAULT 'INTERNAL' CHECK (visibility IN ('PRIVATE', 'INTERNAL')),
        visibility_position bigint NOT NULL DEFAULT 0,
        risk_tier text CHECK (risk_tier IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        risk_tier_position bigint NOT NULL DEFAULT 0,
        archived boolean NOT NULL DEFAULT false,
        archived_position bigint NOT NULL DEFAULT 0
      )`);
    await queryRunner.query('CREATE INDEX insights_model_team ON metrics.insights_model (team_slug)');
    await queryRunner.query(`
      CREATE TABLE metrics.insights_version (
        model_version_id uuid PRIMARY KEY,
        model_id uuid,
        team_slug text NOT NULL,
        version int,
        registered_at timestamptz,
        has_card boolean NOT NULL DEFAULT false,
        has_signature boolean NOT NULL DEFAULT false,
        provenance_code boolean NOT NULL DEFAULT false,
        provenance_container boolean NOT NULL DEFAULT false,
        provenance_datasets boolean NOT NULL DEFAULT false,
        lineage_datasets boolean NOT NULL DEFAULT false,
        stage text NOT NULL DEFAULT 'DEVELOPMENT',
        stage_position bigint NOT NULL DEFAULT 0,
        promoted_by_request boolean NOT NULL DEFAULT false,
        legal_hold boolean NOT NULL DEFAULT false,
        legal_hold_position bigint NOT NULL DEFAULT 0,
        last_evaluated_at timestamptz,
        guardrails_failed boolean NOT NULL DEFAULT false,
        guardrails_position bigint NOT NULL DEFAULT 0,
        open_drift_alarms int NOT NULL DEFAULT 0 CHECK (open_drift_alarms >= 0),
        drift_position bigint NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(
      'CREATE INDEX insights_version_team_stage ON metrics.insights_version (team_slug, stage)',
    );
    await queryRunner.query('CREATE INDEX insights_version_model ON metrics.insights_version (model_id)');
    await queryRunner.query(`
      CREATE TABLE metrics.insights_promotion (
        request_id uuid PRIMARY KEY,
        model_version_id uuid,
        model_id uuid,
        team_slug text NOT NULL,
        target_stage text,
        kind text NOT NULL DEFAULT 'PROMOTION',
        requested_at timestamptz,
        first_approved_at timestamptz,
        decided_at timestamptz,
        outcome text NOT NULL DEFAULT 'OPEN'
          CHECK (outcome IN ('OPEN', 'COMPLETED', 'REJECTED', 'WITHDRAWN', 'EXPIRED')),
        rejection_reason text,
        live_at timestamptz
      )`);
    await queryRunner.query(
      'CREATE INDEX insights_promotion_team_decided ON metrics.insights_promotion (team_slug, decided_at)',
    );
    await queryRunner.query(
      'CREATE INDEX insights_promotion_team_live ON metrics.insights_promotion (team_slug, live_at)',
    );
    await queryRunner.query(
      'CREATE INDEX insights_promotion_team_approved ON metrics.insights_promotion (team_slug, first_approved_at)',
    );
    await queryRunner.query(`
      CREATE TABLE metrics.insights_weekly (
        team_slug text NOT NULL,
        week date NOT NULL,
        figure text NOT NULL,
        count int NOT NULL CHECK (count >= 0),
        PRIMARY KEY (team_slug, week, figure)
      )`);
    await queryRunner.query('CREATE INDEX insights_weekly_week ON metrics.insights_weekly (week)');
    await queryRunner.query(`
      GRANT SELECT, INSERT, UPDATE ON metrics.insights_team, metrics.insights_model,
        metrics.insights_version, metrics.insights_promotion, metrics.insights_weekly TO cairn_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['weekly', 'promotion', 'version', 'model', 'team']) {
      await queryRunner.query(`DROP TABLE metrics.insights_${table}`);
    }
  }
}
