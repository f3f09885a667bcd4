import type { MigrationInterface, QueryRunner } from 'typeorm';

const STAGES = `('DEVELOPMENT', 'STAGING', 'PRODUCTION', 'DEPRECATED', 'ARCHIVED')`;

/**
 * Housekeeping: deprecation, archive, legal holds, retention policies and artifact purges.
 *
 * - `model` gains its archive (when, who, why); archived models are read-only.
 * - `model_version_deprecation`: the current deprecation of a version, with an optional
 *   successor that must be a later version of the same model (checked by the service; the
 *   composite keys keep both on the same model).
 * - `legal_hold`: versions under hold now; a held version's artifacts are never purged.
 * - `retention_policy`: per team, how long after its model's archive a version's artifacts stay.
 * - `housekeeping_history`: every deprecation, archive, hold and policy change, a record.
 * - `artifact_purge`: every digest whose bytes a retention purge deleted, a record;
 *   `artifact.purged_at` says the bytes are gone until someone uploads them again.
 * - `version_stage`: governance's current stage per version, projected from its event log, so
 *   a purge can spare PRODUCTION versions without reading governance's tables.
 * - the PostgreSQL search table learns `archived`, so default searches leave archived models out.
 *
 * The DDL is written out here, not shared, so it stays as it ran.
 */
export class AddHousekeeping1765100000000 implements MigrationInterface {
  name = 'AddHousekeeping1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE registry.model
        ADD COLUMN archived_at timestamptz,
        ADD COLUMN archived_by text,
        ADD COLUMN archive_reason text CONSTRAINT model_archive_reason_check CHECK (length(archive_reason) BETWEEN 1 AND 500),
        ADD CONSTRAINT model_archive_check CHECK (
          (archived_at IS NULL) = (archived_by IS NULL) AND (archived_at IS NULL) = (archive_reason IS NULL))`);
    await queryRunner.query(`
      CREATE TABLE registry.model_version_deprecation (
        model_version_id uuid PRIMARY KEY,
        model_id uuid NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        successor_version_id uuid,
        deprecated_by text NOT NULL,
        deprecated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT model_version_deprecation_version_fkey FOREIGN KEY (model_id, model_version_id)
          REFERENCES registry.model_version (model_id, id),
        CONSTRAINT model_version_deprecation_successor_fkey FOREIGN KEY (model_id, successor_version_id)
          REFERENCES registry.model_version (model_id, id),
        CONSTRAINT model_version_deprecation_successor_check CHECK (successor_version_id <> model_version_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE registry.legal_hold (
        model_version_id uuid PRIMARY KEY REFERENCES registry.model_version (id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        placed_by text NOT NULL,
        placed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE TABLE registry.retention_policy (
        team_id uuid PRIMARY KEY REFERENCES registry.team (id),
        purge_archived_artifacts_after_days integer NOT NULL
          CHECK (purge_archived_artifacts_after_days BETWEEN 1 AND 36500),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE TABLE registry.housekeeping_history (
        id bigserial PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES registry.team (id),
        model_id uuid REFERENCES registry.model (id),
        model_version_id uuid REFERENCES registry.model_version (id),
        action text NOT NULL CONSTRAINT housekeeping_history_action_check CHECK (action IN (
          'DEPRECATE', 'UNDEPRECATE', 'ARCHIVE', 'UNARCHIVE', 'PLACE_LEGAL_HOLD', 'RELEASE_LEGAL_HOLD',
          'SET_RETENTION_POLICY')),
        reason text CHECK (length(reason) <= 500),
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      'CREATE INDEX housekeeping_history_version_idx ON registry.housekeeping_history (model_version_id, id DESC)',
    );
    await queryRunner.query(`
      CREATE TABLE registry.artifact_purge (
        id bigserial PRIMARY KEY,
        digest text NOT NULL REFERENCES registry.artifact (digest),
        size bigint NOT NULL CHECK (size >= 0),
        model_version_ids uuid[] NOT NULL,
        policies jsonb NOT NULL,
        purged_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query('CREATE INDEX artifact_purge_digest_idx ON registry.artifact_purge (digest)');
    await queryRunner.query('ALTER TABLE registry.artifact ADD COLUMN purged_at timestamptz');
    for (const table of ['housekeeping_history', 'artifact_purge']) {
      const why =
        table === 'artifact_purge'
          ? 'purges are recorded: what was deleted, when and under which policy'
          : 'the housekeeping history records who deprecated, archived and held what, and why';
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON registry.${table}
        FOR EACH ROW EXECUTE FUNCTION registry.refuse_rewrite('${why}')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON registry.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_rewrite('${why}')`);
    }
    // No foreign key: the projection follows governance's log, which may name a version before
    // this database's copy of it is visible to the consumer's snapshot.
    await queryRunner.query(`
      CREATE TABLE registry.version_stage (
        model_version_id uuid PRIMARY KEY,
        stage text NOT NULL CONSTRAINT version_stage_stage_check CHECK (stage IN ${STAGES}),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      ALTER TABLE registry.model_search_document ADD COLUMN archived boolean NOT NULL DEFAULT false`);

    await queryRunner.query(
      'GRANT UPDATE (archived_at, archived_by, archive_reason) ON registry.model TO cairn_service',
    );
    await queryRunner.query('GRANT UPDATE (purged_at) ON registry.artifact TO cairn_service');
    await queryRunner.query(
      'GRANT SELECT, INSERT, DELETE ON registry.model_version_deprecation, registry.legal_hold TO cairn_service',
    );
    await queryRunner.query(
      'GRANT UPDATE (reason, successor_version_id, deprecated_by, deprecated_at) ON registry.model_version_deprecation TO cairn_service',
    );
    await queryRunner.query('GRANT SELECT, INSERT, DELETE ON registry.retention_policy TO cairn_service');
    await queryRunner.query(
      'GRANT UPDATE (purge_archived_artifacts_after_days, updated_by, updated_at) ON registry.retention_policy TO cairn_service',
    );
    await queryRunner.query(
      'GRANT SELECT, INSERT ON registry.housekeeping_history, registry.artifact_purge TO cairn_service',
    );
    await queryRunner.query(
      'GRANT USAGE ON SEQUENCE registry.housekeeping_history_id_seq, registry.artifact_purge_id_seq TO cairn_service',
    );
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON registry.version_stage TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `REVOKE ALL ON registry.version_stage, registry.housekeeping_history, registry.artifact_purge,
         registry.retention_policy, registry.legal_hold, registry.model_version_deprecation FROM cairn_service`,
    );
    await queryRunner.query(
      'REVOKE ALL ON SEQUENCE registry.housekeeping_history_id_seq, registry.artifact_purge_id_seq FROM cairn_service',
    );
    await queryRunner.query('REVOKE UPDATE (purged_at) ON registry.artifact FROM cairn_service');
    await queryRunner.query(
      'REVOKE UPDATE (archived_at, archived_by, archive_reason) ON registry.model FROM cairn_service',
    );
    await queryRunner.query('ALTER TABLE registry.model_search_document DROP COLUMN archived');
    await queryRunner.query('DROP TABLE registry.version_stage');
    await queryRunner.query('DROP TABLE registry.artifact_purge');
    await queryRunner.query('ALTER TABLE registry.artifact DROP COLUMN purged_at');
    await queryRunner.query('DROP TABLE registry.housekeeping_history');
    await queryRunner.query('DROP TABLE registry.retention_policy');
    await queryRunner.query('DROP TABLE registry.legal_hold');
    await queryRunner.query('DROP TABLE registry.model_version_deprecation');
    await queryRunner.query(`
      ALTER TABLE registry.model
        DROP CONSTRAINT model_archive_check,
        DROP COLUMN archive_reason,
        DROP COLUMN archived_by,
        DROP COLUMN archived_at`);
  }
}
