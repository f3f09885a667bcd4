import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promotion by request and approval:
 * - `model_risk`: each model's risk tier (MEDIUM until a maintainer sets one), with its history
 *   in `risk_tier_change`.
 * - `approval_policy`: how many approvals a tier needs for STAGING and for PRODUCTION, which
 *   approval roles must be among the approvers, and optionally the named approvers who alone
 *   count. A change is a new version; the one in force is the highest.
 * - `approval_role_grant`: who holds an approval role (`security`, `risk`, …).
 * - `promotion_request` and `promotion_decision`: a request, bound to the version's manifest
 *   digest, and each approver's decision, bound to the policy version it was given under.
 * Histories and decisions are records: nothing in them changes or goes away.
 */
export class PromotionRequests1765400000000 implements MigrationInterface {
  name = 'PromotionRequests1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const tiers = `('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')`;
    const targets = `('STAGING', 'PRODUCTION')`;
    const record = async (table: string, why: string) => {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON governance.${table}
        FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON governance.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
      await queryRunner.query(`GRANT SELECT, INSERT ON governance.${table} TO cairn_service`);
    };

    await queryRunner.query(`
      CREATE TABLE governance.model_risk (
        model_id uuid PRIMARY KEY,
        team_slug text NOT NULL,
        risk_tier text NOT NULL CHECK (risk_tier IN ${tiers}),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_by text NOT NULL
      )`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.model_risk TO cairn_service');
    await queryRunner.query(
      'GRANT UPDATE (risk_tier, updated_at, updated_by) ON governance.model_risk TO cairn_service',
    );
    await queryRunner.query(`
      CREATE TABLE governance.risk_tier_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        model_id uuid NOT NULL,
        from_tier text CHECK (from_tier IN ${tiers}),
        to_tier text NOT NULL CHECK (to_tier IN ${tiers}),
        reason text NOT NULL,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      'CREATE INDEX risk_tier_change_model_idx ON governance.risk_tier_change (model_id, id)',
    );
    await record('risk_tier_change', 'the risk tier history records who changed a tier and why');

    await queryRunner.query(`
      CREATE TABLE governance.approval_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        risk_tier text NOT NULL CHECK (risk_tier IN ${tiers}),
        target_stage text NOT NULL CHECK (target_stage IN ${targets}),
        version int NOT NULL CHECK (version > 0),
        required_approvals int NOT NULL CHECK (required_approvals BETWEEN 1 AND 20),
        required_roles text[] NOT NULL DEFAULT '{}' CHECK (cardinality(required_roles) <= 10),
        named_approvers text[] CHECK (named_approvers IS NULL OR cardinality(named_approvers) <= 50),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        created_by text NOT NULL,
        UNIQUE (risk_tier, target_stage, version)
      )`);
    await record('approval_policy', 'an approval policy version is a record: a change adds a version');
    // The defaults: the more a model can hurt, the more (and the more specialised) eyes it needs.
    await queryRunner.query(`
      INSERT INTO governance.approval_policy
        (risk_tier, target_stage, version, required_approvals, required_roles, created_by)
      VALUES
        ('LOW', 'STAGING', 1, 1, '{}', 'cairn'),
        ('LOW', 'PRODUCTION', 1, 1, '{}', 'cairn'),
        ('MEDIUM', 'STAGING', 1, 1, '{}', 'cairn'),
        ('MEDIUM', 'PRODUCTION', 1, 2, '{}', 'cairn'),
        ('HIGH', 'STAGING', 1, 1, '{}', 'cairn'),
        ('HIGH', 'PRODUCTION', 1, 2, '{security}', 'cairn'),
        ('CRITICAL', 'STAGING', 1, 2, '{security}', 'cairn'),
        ('CRITICAL', 'PRODUCTION', 1, 3, '{security,risk}', 'cairn')`);

    await queryRunner.query(`
      CREATE TABLE governance.approval_role_grant (
        role text NOT NULL CHECK (role ~ '^[a-z][a-z0-9-]{0,39}$'),
        subject text NOT NULL CHECK (length(subject) <= 255),
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (role, subject)
      )`);
    await queryRunner.query(
      'GRANT SELECT, INSERT, DELETE ON governance.approval_role_grant TO cairn_service',
    );

    await queryRunner.query(`
      CREATE TABLE governance.promotion_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL,
        model_id uuid NOT NULL,
        team_slug text NOT NULL,
        target_stage text NOT NULL CHECK (target_stage IN ${targets}),
        justification text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        expires_at timestamptz NOT NULL,
        manifest_digest text CHECK (manifest_digest ~ '^sha256:[0-9a-f]{64}$'),
        risk_tier text NOT NULL CHECK (risk_tier IN ${tiers}),
        status text NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED')),
        decided_at timestamptz,
        decided_by text,
        decision_reason text,
        CHECK ((status = 'PENDING') = (decided_at IS NULL))
      )`);
    // One open request per version and target: asking again waits for the answer.
    await queryRunner.query(`
      CREATE UNIQUE INDEX promotion_request_open_key ON governance.promotion_request (model_version_id, target_stage)
        WHERE status = 'PENDING'`);
    await queryRunner.query(
      'CREATE INDEX promotion_request_team_idx ON governance.promotion_request (team_slug, status, requested_at DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX promotion_request_version_idx ON governance.promotion_request (model_version_id, requested_at DESC)',
    );
    const requestWhy = 'promotion requests are a record of who asked and what was decided';
    await queryRunner.query(`
      CREATE TRIGGER promotion_request_no_delete BEFORE DELETE ON governance.promotion_request
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${requestWhy}')`);
    await queryRunner.query(`
      CREATE TRIGGER promotion_request_no_truncate BEFORE TRUNCATE ON governance.promotion_request
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${requestWhy}')`);
    // Only the outcome moves, once.
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
    await queryRunner.query('GRANT SELECT, INSERT ON governance.promotion_request TO cairn_service');
    await queryRunner.query(`
      GRANT UPDATE (status, decided_at, decided_by, decision_reason)
        ON governance.promotion_request TO cairn_service`);

    await queryRunner.query(`
      CREATE TABLE governance.promotion_decision (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES governance.promotion_request (id),
        approver text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('APPROVE', 'REJECT')),
        comment text,
        manifest_digest text,
        policy_id uuid NOT NULL REFERENCES governance.approval_policy (id),
        approval_roles text[] NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (request_id, approver)
      )`);
    await record('promotion_decision', 'an approval or rejection is a record of who decided what');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.promotion_decision');
    await queryRunner.query('DROP TABLE governance.promotion_request');
    await queryRunner.query('DROP TABLE governance.approval_role_grant');
    await queryRunner.query('DROP TABLE governance.approval_policy');
    await queryRunner.query('DROP TABLE governance.risk_tier_change');
    await queryRunner.query('DROP TABLE governance.model_risk');
  }
}
