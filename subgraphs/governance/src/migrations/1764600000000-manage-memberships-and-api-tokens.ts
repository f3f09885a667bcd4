import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenancy under governance: the people and tools Cairn has seen, the team memberships that
 * maintainers manage here (besides the OIDC groups), service accounts, and API tokens (a hash
 * only). Memberships and tokens are records: a revocation is recorded on the row and is final;
 * nothing is deleted. Which teams exist comes from the registry's log (`known_team`).
 */
export class ManageMembershipsAndApiTokens1764600000000 implements MigrationInterface {
  name = 'ManageMembershipsAndApiTokens1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.known_team (
        team_id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE governance.user_account (
        subject text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('user', 'service')),
        email text,
        name text,
        claim_rights jsonb NOT NULL DEFAULT '{"orgRoles": [], "memberships": []}',
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX user_account_email_idx ON governance.user_account (lower(email))');
    await queryRunner.query(`
      CREATE TABLE governance.service_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_slug text NOT NULL,
        name text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX service_account_team_name_key ON governance.service_account (team_slug, lower(name))',
    );
    await queryRunner.query(`
      CREATE TABLE governance.team_membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_slug text NOT NULL,
        subject text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'contributor', 'maintainer')),
        approver boolean NOT NULL DEFAULT false,
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        revoked_by text,
        revoked_at timestamptz,
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX team_membership_active_key ON governance.team_membership (team_slug, subject)
        WHERE revoked_at IS NULL`);
    await queryRunner.query(`
      CREATE INDEX team_membership_subject_idx ON governance.team_membership (subject)
        WHERE revoked_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE governance.api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        owner_subject text,
        service_account_id uuid REFERENCES governance.service_account (id),
        scopes text[] NOT NULL
          CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'promote', 'admin']),
        secret_sha256 bytea NOT NULL CHECK (length(secret_sha256) = 32),
        last_four text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by text,
        last_used_at timestamptz,
        last_used_client text,
        CHECK ((owner_subject IS NULL) <> (service_account_id IS NULL)),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX api_token_secret_sha256_key ON governance.api_token (secret_sha256)',
    );
    await queryRunner.query('CREATE INDEX api_token_owner_idx ON governance.api_token (owner_subject)');
    await queryRunner.query(
      'CREATE INDEX api_token_service_account_idx ON governance.api_token (service_account_id)',
    );

    // Records, for the owner too (governance.refuse_rewrite comes from 1764000000000).
    for (const [table, why] of [
      ['team_membership', 'memberships are a record of who could do what; revoke one instead'],
      ['api_token', 'tokens are a record of what could act; revoke one instead'],
      ['service_account', 'service accounts are a record of what acted'],
    ] as const) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON governance.${table}
        FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON governance.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    }
    await queryRunner.query(`
      CREATE TRIGGER service_account_no_update BEFORE UPDATE ON governance.service_account
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('service accounts are a record of what acted')`);
    // Only the revocation moves, once: a changed grant is a new row.
    await queryRunner.query(`
      CREATE TRIGGER team_membership_revocation_only BEFORE UPDATE ON governance.team_membership
      FOR EACH ROW WHEN (
        OLD.revoked_at IS NOT NULL OR NEW.id <> OLD.id OR NEW.team_slug <> OLD.team_slug
        OR NEW.subject <> OLD.subject OR NEW.role <> OLD.role OR NEW.approver <> OLD.approver
        OR NEW.granted_by <> OLD.granted_by OR NEW.granted_at <> OLD.granted_at)
      EXECUTE FUNCTION governance.refuse_rewrite('a membership changes only by being revoked, once')`);
    // What a token is and may do never changes; only its last use and (once) its revocation.
    await queryRunner.query(`
      CREATE TRIGGER api_token_use_and_revocation_only BEFORE UPDATE ON governance.api_token
      FOR EACH ROW WHEN (
        NEW.id <> OLD.id OR NEW.name <> OLD.name OR NEW.scopes <> OLD.scopes
        OR NEW.secret_sha256 <> OLD.secret_sha256 OR NEW.expires_at <> OLD.expires_at
        OR NEW.owner_subject IS DISTINCT FROM OLD.owner_subject
        OR NEW.service_account_id IS DISTINCT FROM OLD.service_account_id
        OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
        OR (OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
                                            OR NEW.revoked_by IS DISTINCT FROM OLD.revoked_by)))
      EXECUTE FUNCTION governance.refuse_rewrite('a token changes only by being used or revoked, once')`);

    await queryRunner.query(`
      GRANT SELECT, INSERT ON governance.known_team, governance.user_account, governance.service_account,
        governance.team_membership, governance.api_token TO cairn_service`);
    await queryRunner.query(
      'GRANT UPDATE (kind, email, name, claim_rights, last_seen_at) ON governance.user_account TO cairn_service',
    );
    await queryRunner.query(
      'GRANT UPDATE (revoked_at, revoked_by) ON governance.team_membership TO cairn_service',
    );
    await queryRunner.query(`
      GRANT UPDATE (revoked_at, revoked_by, last_used_at, last_used_client) ON governance.api_token
        TO cairn_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.api_token');
    await queryRunner.query('DROP TABLE governance.team_membership');
    await queryRunner.query('DROP TABLE governance.service_account');
    await queryRunner.query('DROP TABLE governance.user_account');
    await queryRunner.query('DROP TABLE governance.known_team');
  }
}
