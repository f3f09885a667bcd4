import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signatures made outside the registry (a training pipeline signing with its own key), checked
 * against the version's manifest when they arrive and kept beside the registry's own signature.
 * One per key and version. A record: never rewritten or deleted by the service role, like the
 * version's files. `attached_at` is the trusted time a key's rotation or revocation is judged
 * against, as the bundle itself carries no timestamp. The DDL is written out here, so it stays
 * as it ran.
 */
export class AddAttachedSignatures1766050000000 implements MigrationInterface {
  name = 'AddAttachedSignatures1766050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE registry.version_signature (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES registry.model_version (id),
        key_id text NOT NULL CONSTRAINT version_signature_key_id_check CHECK (key_id ~ '^[0-9a-f]{64}$'),
        public_key text NOT NULL,
        bundle jsonb NOT NULL,
        attached_by text NOT NULL,
        attached_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT version_signature_one_per_key UNIQUE (model_version_id, key_id)
      )`);
    await queryRunner.query(`
      CREATE TRIGGER version_signature_no_rewrite BEFORE UPDATE OR DELETE ON registry.version_signature
      FOR EACH ROW EXECUTE FUNCTION registry.refuse_rewrite('a version''s signatures are records')`);
    await queryRunner.query(`
      CREATE TRIGGER version_signature_no_truncate BEFORE TRUNCATE ON registry.version_signature
      FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_rewrite('a version''s signatures are records')`);
    await queryRunner.query('GRANT SELECT, INSERT ON registry.version_signature TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE registry.version_signature');
  }
}
