import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit log: every event of every subgraph and every refused access, chained
 * by hash (`@cairn/audit-chain` defines the encoding), and signed checkpoints of the chain head.
 * Both tables are records: nobody, the owner included, rewrites or removes a row; the service
 * role may only read and append.
 *
 * The access log gets the writing transaction's id, so its audit feed can read it in commit
 * order as consumers read an event log: a row committed late behind a higher id is not skipped.
 */
export class AuditChain1765500000000 implements MigrationInterface {
  name = 'AuditChain1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE governance.access_log ADD COLUMN tx_id xid8 NOT NULL DEFAULT pg_current_xact_id()',
    );
    await queryRunner.query(`
      CREATE INDEX access_log_refused_position_idx ON governance.access_log (tx_id, id)
        WHERE outcome <> 'OK'`);

    await queryRunner.query(`
      CREATE TABLE governance.audit_entry (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        source text NOT NULL CHECK (source IN ('registry', 'lineage', 'governance', 'metrics', 'access-log')),
        source_id text NOT NULL CHECK (length(source_id) <= 64),
        type text NOT NULL CHECK (length(type) <= 200),
        subject text NOT NULL CHECK (length(subject) <= 300),
        actor text CHECK (length(actor) <= 300),
        occurred_at timestamptz NOT NULL,
        payload text NOT NULL,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        chained_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (source, source_id),
        -- One successor per entry: even an append that skipped the lock cannot fork the chain.
        UNIQUE (prev_hash)
      )`);
    await queryRunner.query(
      'CREATE INDEX audit_entry_occurred_idx ON governance.audit_entry (occurred_at DESC, seq DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX audit_entry_subject_idx ON governance.audit_entry (subject, seq DESC)',
    );
    await queryRunner.query('CREATE INDEX audit_entry_actor_idx ON governance.audit_entry (actor, seq DESC)');
    await queryRunner.query('CREATE INDEX audit_entry_type_idx ON governance.audit_entry (type, seq DESC)');

    await queryRunner.query(`
      CREATE TABLE governance.audit_checkpoint (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seq bigint NOT NULL REFERENCES governance.audit_entry (seq),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        signed_at timestamptz NOT NULL,
        signature text NOT NULL,
        key_id text NOT NULL,
        public_key_pem text NOT NULL,
        UNIQUE (seq, key_id)
      )`);

    for (const [table, why] of [
      ['audit_entry', 'the audit chain is append-only: a changed entry breaks every hash after it'],
      ['audit_checkpoint', 'signed checkpoints vouch for the audit chain and are never rewritten'],
    ]) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON governance.${table}
        FOR EACH ROW EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON governance.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_rewrite('${why}')`);
      await queryRunner.query(`GRANT SELECT, INSERT ON governance.${table} TO cairn_service`);
    }
    await queryRunner.query('GRANT USAGE ON SEQUENCE governance.audit_checkpoint_id_seq TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON SEQUENCE governance.audit_checkpoint_id_seq FROM cairn_service');
    await queryRunner.query('DROP TABLE governance.audit_checkpoint');
    await queryRunner.query('DROP TABLE governance.audit_entry');
    await queryRunner.query("DELETE FROM governance.event_cursor WHERE consumer LIKE 'audit-%'");
    await queryRunner.query('DROP INDEX governance.access_log_refused_position_idx');
    await queryRunner.query('ALTER TABLE governance.access_log DROP COLUMN tx_id');
  }
}
