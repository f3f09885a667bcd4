import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where this subgraph's event consumers put an event they could not apply after their
 * attempts, with the reason, so they can move past it. Rows are marked when an operator
 * replays them, never deleted: they are the record of what happened.
 */
export class CreateEventQuarantine1764200000000 implements MigrationInterface {
  name = 'CreateEventQuarantine1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE metrics.event_quarantine (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        source_log text NOT NULL,
        tx_id xid8 NOT NULL,
        event_log_id bigint NOT NULL,
        type text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        actor text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (length(reason) <= 2000),
        attempts int NOT NULL CHECK (attempts > 0),
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz,
        replayed_by text,
        PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX event_quarantine_pending_idx ON metrics.event_quarantine (consumer, tx_id, event_log_id) WHERE replayed_at IS NULL',
    );
    // Consumers record (INSERT), list (SELECT) and mark replays and repeated failures (UPDATE);
    // nothing deletes a quarantined event.
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON metrics.event_quarantine TO cairn_service');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE ALL ON metrics.event_quarantine FROM cairn_service');
    await queryRunner.query('DROP TABLE metrics.event_quarantine');
  }
}
