import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History imported from before Cairn (a migration from another registry), so the insights'
 * trends start where the organisation's history does.
 *
 * - `insights_history_import`: one record per import (who, when, from which source, how much).
 * - `insights_history_version`: every (source, team, model, version) ever imported, so the same
 *   version cannot be imported twice and counted twice. Both are records: never rewritten.
 * - `history_source` on the projections marks the facts an import put there. They never have a
 *   stage, so nothing current (production models, risk posture) includes them.
 */
export class InsightsHistoryImport1766900000000 implements MigrationInterface {
  name = 'InsightsHistoryImport1766900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE metrics.insights_history_import (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        models int NOT NULL CHECK (models > 0),
        versions int NOT NULL CHECK (versions > 0),
        promotions int NOT NULL CHECK (promotions >= 0),
        earliest timestamptz NOT NULL,
        latest timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE metrics.insights_history_version (
        source text NOT NULL,
        team_slug text NOT NULL,
        model_name text NOT NULL,
        version int NOT NULL,
        import_id uuid NOT NULL REFERENCES metrics.insights_history_import (id),
        PRIMARY KEY (source, team_slug, model_name, version)
      )`);
    for (const table of ['insights_history_import', 'insights_history_version']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON metrics.${table}
        FOR EACH ROW EXECUTE FUNCTION metrics.refuse_rewrite('imported history is append-only')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON metrics.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION metrics.refuse_rewrite('imported history is append-only')`);
      await queryRunner.query(`GRANT SELECT, INSERT ON metrics.${table} TO cairn_service`);
    }
    for (const table of ['insights_model', 'insights_version', 'insights_promotion']) {
      await queryRunner.query(`ALTER TABLE metrics.${table} ADD COLUMN history_source text`);
    }
    await queryRunner.query(
      `CREATE INDEX insights_version_history ON metrics.insights_version (history_source, registered_at)
        WHERE history_source IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The imported facts go with the columns that mark them, and so do the weekly counts they added.
    await queryRunner.query(`
      UPDATE metrics.insights_weekly AS w SET count = w.count - h.n
        FROM (SELECT team_slug, date_trunc('week', at AT TIME ZONE 'UTC')::date AS week, figure, count(*)::int AS n
                FROM (SELECT team_slug, registered_at AS at, 'models_registered' AS figure
                        FROM metrics.insights_model WHERE history_source IS NOT NULL
                      UNION ALL
                      SELECT team_slug, registered_at, 'versions_registered'
                        FROM metrics.insights_version WHERE history_source IS NOT NULL
                      UNION ALL
                      SELECT team_slug, requested_at, 'promotions_requested'
                        FROM metrics.insights_promotion WHERE history_source IS NOT NULL
                      UNION ALL
                      SELECT team_slug, decided_at, CASE outcome WHEN 'COMPLETED' THEN 'promotions_completed'
                                                                 ELSE 'promotions_rejected' END
                        FROM metrics.insights_promotion
                       WHERE history_source IS NOT NULL AND outcome IN ('COMPLETED', 'REJECTED')) facts
               GROUP BY 1, 2, 3) h
       WHERE w.team_slug = h.team_slug AND w.week = h.week AND w.figure = h.figure`);
    for (const table of ['insights_promotion', 'insights_version', 'insights_model']) {
      await queryRunner.query(`DELETE FROM metrics.${table} WHERE history_source IS NOT NULL`);
      await queryRunner.query(`ALTER TABLE metrics.${table} DROP COLUMN history_source`);
    }
    await queryRunner.query('DROP TABLE metrics.insights_history_version');
    await queryRunner.query('DROP TABLE metrics.insights_history_import');
  }
}
