import { migrateAll } from '@cairn/stack';
import { createTestDatabase } from '@cairn/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The first migrations once called shared helpers for the event log and the model directory;
 * their DDL is now frozen inside each migration. These are those helpers' statements as they
 * were, verbatim: whatever the migrations build must stay exactly what they built.
 */
const HELPER_DDL = (schema: string) => [
  `
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
    )`,
  `CREATE INDEX event_log_position_idx ON "${schema}".event_log (tx_id, id)`,
  `CREATE INDEX event_log_subject_idx ON "${schema}".event_log (subject_type, subject_id, id)`,
  `
    CREATE FUNCTION "${schema}".event_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'event_log is append-only';
    END $$`,
  `
    CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON "${schema}".event_log
    FOR EACH ROW EXECUTE FUNCTION "${schema}".event_log_is_append_only()`,
  `
    CREATE TABLE "${schema}".event_cursor (
      consumer text PRIMARY KEY,
      tx_id xid8 NOT NULL DEFAULT '0',
      event_log_id bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  `
    CREATE TABLE "${schema}".known_model_version (
      model_version_id uuid PRIMARY KEY,
      model_id uuid NOT NULL,
      model_name text NOT NULL,
      team_slug text NOT NULL,
      version int NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`,
];

const EVENT_LOG_TABLES = ['event_log', 'event_cursor'];
const DIRECTORY_TABLES = ['known_model_version'];

let dataSource: DataSource;

/** Every catalog fact about `tables` in `schema`, with the schema's name taken out. */
async function describeTables(schema: string, tables: string[]) {
  const neutral = (rows: Record<string, unknown>[]) =>
    JSON.parse(JSON.stringify(rows).replaceAll(`"${schema}".`, 'S.').replaceAll(`${schema}.`, 'S.'));
  const query = (sql: string) => dataSource.query(sql, [schema, tables]).then(neutral);
  return {
    columns: await query(`
      SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = $1 AND table_name = ANY($2)
       ORDER BY table_name, ordinal_position`),
    constraints: await query(`
      SELECT c.conrelid::regclass::text AS on_table, c.conname, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND t.relname = ANY($2) ORDER BY 1, 2`),
    indexes: await query(`
      SELECT tablename, indexname, indexdef FROM pg_indexes
       WHERE schemaname = $1 AND tablename = ANY($2) ORDER BY 1, 2`),
    triggers: await query(`
      SELECT t.tgname, pg_get_triggerdef(t.oid) AS definition, p.proname, p.prosrc
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE n.nspname = $1 AND c.relname = ANY($2) AND NOT t.tgisinternal ORDER BY 1`),
  };
}

/** Triggers added by migrations after the first (`1764000000000-protect-records-…`). */
const LATER_TRIGGERS = /_no_truncate$|_no_rewrite$/;

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateAll(db.url);
  dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  await dataSource.query('CREATE SCHEMA helper_reference');
  for (const statement of HELPER_DDL('helper_reference')) await dataSource.query(statement);
});
afterAll(() => dataSource?.destroy());

describe('frozen first migrations', () => {
  it.each(['registry', 'lineage', 'governance', 'metrics'])(
    'give %s the event log the shared helper created',
    async (schema) => {
      const expected = await describeTables('helper_reference', EVENT_LOG_TABLES);
      expect(expected.triggers).toHaveLength(1);
      const actual = await describeTables(schema, EVENT_LOG_TABLES);
      // Later migrations add triggers of their own (1764000000000 refuses TRUNCATE); the first
      // migration's are the ones the helper made.
      actual.triggers = actual.triggers.filter((t: { tgname: string }) => !LATER_TRIGGERS.test(t.tgname));
      expect(actual).toEqual(expected);
    },
  );

  it.each(['lineage', 'governance', 'metrics'])(
    'give %s the model directory table the shared helper created',
    async (schema) => {
      const actual = await describeTables(schema, DIRECTORY_TABLES);
      // 1764300000000 adds the creator of each version, 1764500000000 its visibility; the rest
      // is what the helper made.
      const later = ['created_by', 'visibility'];
      actual.columns = actual.columns.filter((c: { column_name: string }) => !later.includes(c.column_name));
      actual.constraints = actual.constraints.filter(
        (c: { conname: string }) => !c.conname.startsWith('known_model_version_visibility_'),
      );
      const expected = await describeTables('helper_reference', DIRECTORY_TABLES);
      expect(actual.columns).toEqual(expected.columns);
      expect(actual.indexes).toEqual(expected.indexes);
      expect(actual.triggers).toEqual(expected.triggers);
      expect(actual.constraints).toEqual(expected.constraints);
    },
  );
});
