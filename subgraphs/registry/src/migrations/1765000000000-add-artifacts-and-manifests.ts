import type { MigrationInterface, QueryRunner } from 'typeorm';

const DIGEST = `'^sha256:[0-9a-f]{64}$'`;

/**
 * Artifacts and what a version is made of.
 *
 * - `artifact`: every digest the store holds, once (content-addressed, deduplicated).
 * - `model_artifact`: which models may reference which digest. A row appears only when someone
 *   with the right to add versions to the model uploaded the bytes and the store verified them,
 *   so knowing a digest is never enough to attach another team's file to a version.
 * - `artifact_upload`: open upload sessions, whose bytes the store keeps until completion,
 *   abort or expiry.
 * - `model_version_file`: a version's files by relative path, a record like the version itself.
 * - `model_version` gains its provenance, model card and canonical manifest (RFC 8785) with its
 *   digest. Versions registered before this migration have no manifest.
 *
 * The DDL is written out here, not shared, so it stays as it ran.
 */
export class AddArtifactsAndManifests1765000000000 implements MigrationInterface {
  name = 'AddArtifactsAndManifests1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE registry.artifact (
        digest text PRIMARY KEY CONSTRAINT artifact_digest_check CHECK (digest ~ ${DIGEST}),
        size bigint NOT NULL CHECK (size >= 0),
        stored_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE registry.model_artifact (
        model_id uuid NOT NULL REFERENCES registry.model (id),
        digest text NOT NULL REFERENCES registry.artifact (digest),
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, digest)
      )`);
    await queryRunner.query(`
      CREATE TABLE registry.artifact_upload (
        id text PRIMARY KEY,
        model_id uuid NOT NULL REFERENCES registry.model (id),
        digest text NOT NULL CONSTRAINT artifact_upload_digest_check CHECK (digest ~ ${DIGEST}),
        size bigint NOT NULL CHECK (size >= 0),
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX artifact_upload_expiry_idx ON registry.artifact_upload (expires_at)',
    );
    await queryRunner.query(`
      CREATE TABLE registry.model_version_file (
        model_version_id uuid NOT NULL REFERENCES registry.model_version (id),
        path text NOT NULL CHECK (length(path) BETWEEN 1 AND 1024),
        digest text NOT NULL REFERENCES registry.artifact (digest),
        size bigint NOT NULL CHECK (size >= 0),
        PRIMARY KEY (model_version_id, path)
      )`);
    await queryRunner.query(
      'CREATE INDEX model_version_file_digest_idx ON registry.model_version_file (digest)',
    );
    await queryRunner.query(`
      CREATE TRIGGER model_version_file_no_rewrite BEFORE UPDATE OR DELETE ON registry.model_version_file
      FOR EACH ROW EXECUTE FUNCTION registry.refuse_rewrite('a version''s files are part of the immutable version')`);
    await queryRunner.query(`
      CREATE TRIGGER model_version_file_no_truncate BEFORE TRUNCATE ON registry.model_version_file
      FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_rewrite('a version''s files are part of the immutable version')`);

    await queryRunner.query(`
      ALTER TABLE registry.model_version
        ADD COLUMN provenance jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN card jsonb,
        ADD COLUMN manifest text,
        ADD COLUMN manifest_digest text CONSTRAINT model_version_manifest_digest_check CHECK (manifest_digest ~ ${DIGEST}),
        ADD CONSTRAINT model_version_manifest_pair_check CHECK ((manifest IS NULL) = (manifest_digest IS NULL))`);

    await queryRunner.query(
      'GRANT SELECT, INSERT ON registry.artifact, registry.model_artifact TO cairn_service',
    );
    await queryRunner.query('GRANT SELECT, INSERT, DELETE ON registry.artifact_upload TO cairn_service');
    await queryRunner.query('GRANT SELECT, INSERT ON registry.model_version_file TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON registry.model_version_file FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON registry.artifact_upload FROM cairn_service');
    await queryRunner.query('REVOKE ALL ON registry.artifact, registry.model_artifact FROM cairn_service');
    await queryRunner.query(`
      ALTER TABLE registry.model_version
        DROP CONSTRAINT model_version_manifest_pair_check,
        DROP COLUMN manifest_digest,
        DROP COLUMN manifest,
        DROP COLUMN card,
        DROP COLUMN provenance`);
    await queryRunner.query('DROP TABLE registry.model_version_file');
    await queryRunner.query('DROP TABLE registry.artifact_upload');
    await queryRunner.query('DROP TABLE registry.model_artifact');
    await queryRunner.query('DROP TABLE registry.artifact');
  }
}
