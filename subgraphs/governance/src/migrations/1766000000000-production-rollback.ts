import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rolling PRODUCTION back to the version it replaced:
 * - `approval_policy.rollback_needs_approval`: whether a tier's PRODUCTION policy makes a rollback
 *   wait for the same approvals as a promotion (false: the team's approvers and maintainers roll
 *   back at once). Existing policy versions keep `false`; a change is a new version, as ever.
 * - `promotion_request.kind`: `ROLLBACK` requests return a DEPRECATED version to PRODUCTION; they
 *   are recorded, decided and signed like promotions. The kind never changes after the insert.
 */
export class ProductionRollback1766000000000 implements MigrationInterface {
  name = 'ProductionRollback1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE governance.approval_policy ADD COLUMN rollback_needs_approval boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query(`
      ALTER TABLE governance.promotion_request
        ADD COLUMN kind text NOT NULL DEFAULT 'PROMOTION' CHECK (kind IN ('PROMOTION', 'ROLLBACK'))`);
    // The outcome still moves only once, and now the kind with the rest.
    await queryRunner.query('DROP TRIGGER promotion_request_decided_once ON governance.promotion_request');
    await queryRunner.query(`
      CREATE TRIGGER promotion_request_decided_once BEFORE UPDATE ON governance.promotion_request
      FOR EACH ROW WHEN (
        OLD.status <> 'PENDING' OR NEW.id <> OLD.id OR NEW.model_version_id <> OLD.model_version_id
        OR NEW.model_id <> OLD.model_id OR NEW.team_slug <> OLD.team_slug
        OR NEW.target_stage <> OLD.target_stage OR NEW.justification <> OLD.justification
        OR NEW.requested_by <> OLD.requested_by OR NEW.requested_at <> OLD.requested_at
        OR NEW.expires_at <> OLD.expires_at OR NEW.kind <> OLD.kind
        OR NEW.manifest_digest IS DISTINCT FROM OLD.manifest_digest OR NEW.risk_tier <> OLD.risk_tier)
      EXECUTE FUNCTION governance.refuse_rewrite('a promotion request changes only by being decided, once')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER promotion_request_decided_once ON governance.promotion_request');
    await queryRunner.query(`
      CREATE TRIGGER promotion_request_decided_once BEFORE UPDATE ON governance.promotion_request
      FOR EACH ROW WHEN (
        OLD.status <> 'PENDING' OR NEW.id <> OLD.id OR NEW.model_version_id <> OLD.model_version_id
        OR NEW.model_id <> OLD.model_id OR NEW.team_slug <> OLD.team_slug
        OR NEW.target_stage <> OLD.target_stage OR NEW.justification <> OLD.justification
        OR NEW.requested_by <> OLD.requested_by OR NEW.requested_at <> OLD.requested_at
        OR NEW.expires_at <> OLD.expires_at
        OR NEW.manifest_digest IS DISTINCT FROM OLD.manifest_digest OR NEW.risk_tier <> OLD.risk_tier)
      EXECUTE FUNCTION governance.refuse_rewrite('a promotion request changes only by being decided, once')`);
    await queryRunner.query('ALTER TABLE governance.promotion_request DROP COLUMN kind');
    await queryRunner.query('ALTER TABLE governance.approval_policy DROP COLUMN rollback_needs_approval');
  }
}
