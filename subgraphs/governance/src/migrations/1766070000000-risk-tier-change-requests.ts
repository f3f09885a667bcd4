import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lowering a model's risk tier loosens every later approval, so it takes a second person: the
 * maintainer asks, an approver of the team (never the one who asked) decides. Raising it stays
 * immediate. A request is decided once and never deleted; one may be open per model. The DDL
 * is written out here, so it stays as it ran.
 */
export class RiskTierChangeRequests1766070000000 implements MigrationInterface {
  name = 'RiskTierChangeRequests1766070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.risk_tier_change_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL,
        team_slug text NOT NULL,
        from_tier text NOT NULL CHECK (from_tier IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        to_tier text NOT NULL CHECK (to_tier IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        reason text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
        decided_by text,
        decided_at timestamptz,
        decision_reason text,
        CONSTRAINT risk_tier_change_request_decided_complete CHECK (
          (status = 'PENDING') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX risk_tier_change_request_open_key ON governance.risk_tier_change_request (model_id)
        WHERE status = 'PENDING'`);
    const why = 'a risk tier change request is a record of who asked and who decided';
    await queryRunner.query(`
      CREATE TRIGGER risk_tier_change_request_no_delete BEFORE DELETE ON governance.risk_tier_change_request
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER risk_tier_change_request_no_truncate BEFORE TRUNCATE ON governance.risk_tier_change_request
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER risk_tier_change_request_decided_once BEFORE UPDATE ON governance.risk_tier_change_request
      FOR EACH ROW WHEN (
        OLD.status <> 'PENDING' OR NEW.id <> OLD.id OR NEW.model_id <> OLD.model_id
        OR NEW.team_slug <> OLD.team_slug OR NEW.from_tier <> OLD.from_tier OR NEW.to_tier <> OLD.to_tier
        OR NEW.reason <> OLD.reason OR NEW.requested_by <> OLD.requested_by
        OR NEW.requested_at <> OLD.requested_at)
      EXECUTE FUNCTION governance.refuse_rewrite('a risk tier change request changes only by being decided, once')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.risk_tier_change_request TO cairn_service');
    await queryRunner.query(`
      GRANT UPDATE (status, decided_by, decided_at, decision_reason)
        ON governance.risk_tier_change_request TO cairn_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.risk_tier_change_request');
  }
}
