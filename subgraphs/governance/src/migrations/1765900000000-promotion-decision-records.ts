import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signed decision record of each completed promotion: the request, the guardrail run that
 * let it through, the approvals that met the policy and the policy version, as canonical JSON
 * (RFC 8785), with its SHA-256, governance's ECDSA P-256 signature over those bytes and the key
 * that verifies it. A record: written once, never changed or removed.
 */
export class PromotionDecisionRecords1765900000000 implements MigrationInterface {
  name = 'PromotionDecisionRecords1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.promotion_decision_record (
        request_id uuid PRIMARY KEY REFERENCES governance.promotion_request (id),
        record text NOT NULL,
        record_digest text NOT NULL CHECK (record_digest ~ '^sha256:[0-9a-f]{64}$'),
        signature text NOT NULL,
        key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{64}$'),
        public_key text NOT NULL,
        signed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    const why = 'a signed decision record proves what was decided; it never changes';
    await queryRunner.query(`
      CREATE TRIGGER promotion_decision_record_no_rewrite BEFORE UPDATE OR DELETE ON governance.promotion_decision_record
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER promotion_decision_record_no_truncate BEFORE TRUNCATE ON governance.promotion_decision_record
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.promotion_decision_record TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.promotion_decision_record');
  }
}
