import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each version's signature, made at registration: a Sigstore bundle in the OpenSSF
 * model-signing format over the manifest's files, the signing key's id (the SHA-256 of its PEM
 * public key, as the bundle's hint) and the PEM public key itself, so a verifier needs nothing
 * else. Null for versions registered before signing, or whose files model-signing cannot cover.
 * Never rewritten (the `model_version_immutable` trigger refuses every UPDATE); `cairn_service`
 * already has SELECT and INSERT on the table. The DDL is written out here, so it stays as it ran.
 */
export class AddVersionSignatures1765700000000 implements MigrationInterface {
  name = 'AddVersionSignatures1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE registry.model_version
        ADD COLUMN signature jsonb,
        ADD COLUMN signature_key_id text CONSTRAINT model_version_signature_key_id_check
          CHECK (signature_key_id ~ '^[0-9a-f]{64}$'),
        ADD COLUMN signature_public_key text,
        ADD CONSTRAINT model_version_signature_complete_check CHECK (
          (signature IS NULL) = (signature_key_id IS NULL)
          AND (signature IS NULL) = (signature_public_key IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE registry.model_version
        DROP CONSTRAINT model_version_signature_complete_check,
        DROP COLUMN signature_public_key,
        DROP COLUMN signature_key_id,
        DROP COLUMN signature`);
  }
}
