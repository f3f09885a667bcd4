import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each time a promotion request's guardrails ran (`@cairn/guardrails`): the evidence judged, the
 * policy bundle version that judged it, the risk tier and target it was judged for, every check's
 * result and whether all passed. A record: nothing in it changes or goes away; a re-run adds a row.
 */
export class GuardrailEvaluations1765800000000 implements MigrationInterface {
  name = 'GuardrailEvaluations1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.guardrail_evaluation (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES governance.promotion_request (id),
        bundle_version text NOT NULL,
        risk_tier text NOT NULL CHECK (risk_tier IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        target_stage text NOT NULL CHECK (target_stage IN ('STAGING', 'PRODUCTION')),
        passed boolean NOT NULL,
        results jsonb NOT NULL CHECK (jsonb_typeof(results) = 'array'),
        evidence jsonb NOT NULL,
        evaluated_by text NOT NULL,
        evaluated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      'CREATE INDEX guardrail_evaluation_request_idx ON governance.guardrail_evaluation (request_id, id DESC)',
    );
    const why = 'a guardrail evaluation is a record of what was judged and how';
    await queryRunner.query(`
      CREATE TRIGGER guardrail_evaluation_no_rewrite BEFORE UPDATE OR DELETE ON governance.guardrail_evaluation
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER guardrail_evaluation_no_truncate BEFORE TRUNCATE ON governance.guardrail_evaluation
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.guardrail_evaluation TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.guardrail_evaluation');
  }
}
