import type { QueryRunner } from 'typeorm';

/**
 * DDL for a subgraph's append-only event log and its consumers' cursors. Each subgraph calls
 * these from its own first migration, so the tables live in the schema it owns.
 *
 * `tx_id` is the writing transaction's id (xid8). Readers order by (tx_id, id) and only read
 * transactions older than every transaction still running (the snapshot's xmin), so an event
 * whose transaction commits late is never skipped by a reader that has moved past it.
 */
export async function createEventLogTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE "${schema}".event_log (
      id bigserial PRIMARY KEY,
      tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      type text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      actor text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      occurred_at timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`CREATE INDEX event_log_position_idx ON "${schema}".event_log (tx_id, id)`);
  await queryRunner.query(
    `CREATE INDEX event_log_subject_idx ON "${schema}".event_log (subject_type, subject_id, id)`,
  );
  await queryRunner.query(`
    CREATE FUNCTION "${schema}".event_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'event_log is append-only';
    END $$`);
  await queryRunner.query(`
    CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON "${schema}".event_log
    FOR EACH ROW EXECUTE FUNCTION "${schema}".event_log_is_append_only()`);
  await queryRunner.query(`
    CREATE TABLE "${schema}".event_cursor (
      consumer text PRIMARY KEY,
      tx_id xid8 NOT NULL DEFAULT '0',
      event_log_id bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function dropEventLogTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE "${schema}".event_cursor`);
  await queryRunner.query(`DROP TABLE "${schema}".event_log`);
  await queryRunner.query(`DROP FUNCTION "${schema}".event_log_is_append_only()`);
}
