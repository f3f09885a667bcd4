import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public keys trusted to sign versions: per team (`team_slug`), or of every team (NULL, a
 * platform key). A key is retired once, when a rotation replaces it, and revoked once, from an
 * `revoked_effective_from` that may be backdated to a suspected compromise; neither is ever
 * undone, and the key material never changes, so a signature judged once is judged the same
 * later. The service role may set only those columns, and never delete. The DDL is written out
 * here, so it stays as it ran.
 */
export class TrustedSigningKeys1766060000000 implements MigrationInterface {
  name = 'TrustedSigningKeys1766060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governance.signing_key (
        key_id text PRIMARY KEY CONSTRAINT signing_key_id_check CHECK (key_id ~ '^[0-9a-f]{64}$'),
        team_slug text,
        name text NOT NULL CONSTRAINT signing_key_name_check CHECK (length(name) BETWEEN 1 AND 200),
        public_key text NOT NULL,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        retired_at timestamptz,
        retired_by text,
        replaced_by text REFERENCES governance.signing_key (key_id),
        revoked_at timestamptz,
        revoked_effective_from timestamptz,
        revoked_by text,
        revocation_reason text,
        CONSTRAINT signing_key_retired_complete CHECK (
          (retired_at IS NULL) = (retired_by IS NULL) AND (retired_at IS NULL) = (replaced_by IS NULL)),
        CONSTRAINT signing_key_revoked_complete CHECK (
          (revoked_at IS NULL) = (revoked_effective_from IS NULL)
          AND (revoked_at IS NULL) = (revoked_by IS NULL)
          AND (revoked_at IS NULL) = (revocation_reason IS NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX signing_key_team_idx ON governance.signing_key (team_slug, registered_at)',
    );
    const why = 'a trusted key is retired and revoked at most once, and its material never changes';
    await queryRunner.query(`
      CREATE TRIGGER signing_key_no_delete BEFORE DELETE ON governance.signing_key
      FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER signing_key_no_truncate BEFORE TRUNCATE ON governance.signing_key
      FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query(`
      CREATE TRIGGER signing_key_changes_once BEFORE UPDATE ON governance.signing_key
      FOR EACH ROW WHEN (
        NEW.key_id <> OLD.key_id OR NEW.team_slug IS DISTINCT FROM OLD.team_slug OR NEW.name <> OLD.name
        OR NEW.public_key <> OLD.public_key OR NEW.registered_by <> OLD.registered_by
        OR NEW.registered_at <> OLD.registered_at
        OR (OLD.retired_at IS NOT NULL AND (NEW.retired_at IS DISTINCT FROM OLD.retired_at
          OR NEW.retired_by IS DISTINCT FROM OLD.retired_by OR NEW.replaced_by IS DISTINCT FROM OLD.replaced_by))
        OR (OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
          OR NEW.revoked_effective_from IS DISTINCT FROM OLD.revoked_effective_from
          OR NEW.revoked_by IS DISTINCT FROM OLD.revoked_by
          OR NEW.revocation_reason IS DISTINCT FROM OLD.revocation_reason)))
      EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
    await queryRunner.query('GRANT SELECT, INSERT ON governance.signing_key TO cairn_service');
    await queryRunner.query(`
      GRANT UPDATE (retired_at, retired_by, replaced_by, revoked_at, revoked_effective_from, revoked_by, revocation_reason)
        ON governance.signing_key TO cairn_service`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE governance.signing_key');
  }
}
