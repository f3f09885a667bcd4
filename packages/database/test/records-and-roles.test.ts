import { generateKeyPairSync } from 'node:crypto';
import { subgraphSchema } from '@cairn/config';
import { serviceRoleProblems } from '@cairn/database';
import { governanceSubgraph } from '@cairn/governance';
import { lineageSubgraph } from '@cairn/lineage';
import { metricsSubgraph } from '@cairn/metrics';
import { registrySubgraph } from '@cairn/registry';
import { startSubgraph } from '@cairn/subgraph-kit';
import {
  createTestDatabase,
  migrateSubgraphs,
  startTestSubgraph,
  testPrincipals,
  undoMigrationsFrom,
} from '@cairn/testing';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SUBGRAPHS = [registrySubgraph, lineageSubgraph, governanceSubgraph, metricsSubgraph];

/** Every table whose rows are records: nobody may rewrite or remove them. */
const PROTECTED = [
  'registry.model_version',
  'registry.event_log',
  'registry.model_alias_history',
  'registry.model_version_file',
  'registry.housekeeping_history',
  'registry.artifact_purge',
  'lineage.training_run',
  'lineage.training_run_dataset',
  'lineage.event_log',
  'governance.stage_transition',
  'governance.event_log',
  'governance.audit_entry',
  'governance.audit_checkpoint',
  'metrics.metric',
  'metrics.event_log',
  'metrics.insights_history_import',
  'metrics.insights_history_version',
];

/** A value each table can be "updated" with, to reach its UPDATE trigger. */
const UPDATE_SET: Record<string, string> = {
  'registry.model_version': "created_by = 'x'",
  'registry.model_version_file': "path = 'y'",
  'registry.artifact_purge': 'size = size + 1',
  'lineage.training_run': "created_by = 'x'",
  'lineage.training_run_dataset': 'position = position + 1',
  'governance.stage_transition': "actor = 'x'",
  'metrics.metric': "logged_by = 'x'",
  'governance.audit_checkpoint': "key_id = 'x'",
  'metrics.insights_history_import': "source = 'x'",
  'metrics.insights_history_version': "source = 'x'",
};
const updateSet = (table: string) => UPDATE_SET[table] ?? "actor = 'x'";

let owner: DataSource;
let service: DataSource;
let serviceUrl: string;
let ownerUrl: string;

async function seed() {
  await owner.query(`/* seedRecords */
    WITH team AS (INSERT INTO registry.team (slug, name) VALUES ('t', 'T') RETURNING id),
    model AS (INSERT INTO registry.model (team_id, name, created_by, visibility) SELECT id, 'm', 'o', 'INTERNAL' FROM team RETURNING id)
    INSERT INTO registry.model_version (id, model_id, version, created_by)
    SELECT '00000000-0000-4000-8000-000000000001', id, 1, 'o' FROM model`);
  await owner.query(`INSERT INTO registry.model_alias_history (model_id, alias, action, to_version_id, actor)
    SELECT model_id, 'champion', 'SET', id, 'o' FROM registry.model_version
     WHERE id = '00000000-0000-4000-8000-000000000001'`);
  await owner.query(`/* seedVersionFile */
    WITH stored AS (INSERT INTO registry.artifact (digest, size) VALUES ('sha256:${'0'.repeat(64)}', 1) RETURNING digest)
    INSERT INTO registry.model_version_file (model_version_id, path, digest, size)
    SELECT '00000000-0000-4000-8000-000000000001', 'x.bin', digest, 1 FROM stored`);
  await owner.query(`/* seedHousekeeping */
    INSERT INTO registry.housekeeping_history (team_id, model_version_id, action, reason, actor)
    SELECT m.team_id, v.id, 'PLACE_LEGAL_HOLD', 'case', 'o' FROM registry.model_version v
      JOIN registry.model m ON m.id = v.model_id WHERE v.id = '00000000-0000-4000-8000-000000000001'`);
  await owner.query(`/* seedPurge */ INSERT INTO registry.artifact_purge (digest, size, model_version_ids, policies)
    VALUES ('sha256:${'0'.repeat(64)}', 1, ARRAY['00000000-0000-4000-8000-000000000001']::uuid[], '[]')`);
  for (const schema of ['lineage', 'governance', 'metrics']) {
    await owner.query(
      `INSERT INTO ${schema}.known_model_version (model_version_id, model_id, model_name, team_slug, version)
       VALUES ('00000000-0000-4000-8000-000000000001', gen_random_uuid(), 'm', 't', 1)`,
    );
  }
  await owner.query(`
    WITH run AS (INSERT INTO lineage.training_run (model_version_id, code_ref, created_by)
                 VALUES ('00000000-0000-4000-8000-000000000001', 'git:abc', 'o') RETURNING id),
    dataset AS (INSERT INTO lineage.dataset (name, uri, checksum, created_by)
                VALUES ('d', 's3://d', 'sha256:0', 'o') RETURNING id)
    INSERT INTO lineage.training_run_dataset (training_run_id, dataset_id, position)
    SELECT run.id, dataset.id, 0 FROM run, dataset`);
  await owner.query(`
    WITH stage AS (INSERT INTO governance.model_version_stage (model_version_id, stage, updated_by)
                   VALUES ('00000000-0000-4000-8000-000000000001', 'STAGING', 'o') RETURNING model_version_id)
    INSERT INTO governance.stage_transition (model_version_id, from_stage, to_stage, actor)
    SELECT model_version_id, 'DEVELOPMENT', 'STAGING', 'o' FROM stage`);
  await owner.query(`/* seedAuditChain */
    WITH entry AS (INSERT INTO governance.audit_entry
        (seq, source, source_id, type, subject, actor, occurred_at, payload, prev_hash, hash)
      VALUES (1, 'registry', 'e1', 't', 's', 'o', now(), '{}', repeat('0', 64), repeat('a', 64))
      RETURNING seq, hash)
    INSERT INTO governance.audit_checkpoint (seq, hash, signed_at, signature, key_id, public_key_pem)
    SELECT seq, hash, now(), 'c2ln', 'k', 'pem' FROM entry`);
  await owner.query(`INSERT INTO metrics.metric (model_version_id, name, value, logged_by)
    VALUES ('00000000-0000-4000-8000-000000000001', 'auc', 0.9, 'o')`);
  await owner.query(`/* seedHistoryImport */
    WITH import AS (INSERT INTO metrics.insights_history_import
        (id, source, imported_by, models, versions, promotions, earliest, latest)
      VALUES (gen_random_uuid(), 'mlflow', 'o', 1, 1, 0, now(), now()) RETURNING id)
    INSERT INTO metrics.insights_history_version (source, team_slug, model_name, version, import_id)
    SELECT 'mlflow', 't', 'm', 1, id FROM import`);
  for (const schema of ['registry', 'lineage', 'governance', 'metrics']) {
    await owner.query(
      `INSERT INTO ${schema}.event_log (type, subject_type, subject_id, actor) VALUES ('t', 's', '1', 'o')`,
    );
  }
}

const rowCounts = () =>
  Promise.all(
    PROTECTED.map(async (table) => Number((await owner.query(`SELECT count(*) AS n FROM ${table}`))[0].n)),
  );

beforeAll(async () => {
  const db = await createTestDatabase();
  ownerUrl = db.url;
  serviceUrl = db.serviceUrl;
  await migrateSubgraphs(db.url, SUBGRAPHS);
  owner = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } }).initialize();
  service = await new DataSource({ type: 'postgres', url: db.serviceUrl, extra: { max: 2 } }).initialize();
  await seed();
});

afterAll(async () => {
  await service?.destroy();
  await owner?.destroy();
});

describe('records', () => {
  it('has a row in every protected table to refuse changing', async () => {
    expect(await rowCounts()).not.toContain(0);
  });

  describe.each(PROTECTED)('%s', (table) => {
    const attempts = {
      UPDATE: `UPDATE ${table} SET ${updateSet(table)}`,
      DELETE: `DELETE FROM ${table}`,
      TRUNCATE: `TRUNCATE ${table} CASCADE`,
    };

    it.each(Object.keys(attempts) as (keyof typeof attempts)[])(
      'refuses %s to the service role',
      async (op) => {
        const before = await rowCounts();
        await expect(service.query(attempts[op])).rejects.toThrow(
          /permission denied|refused|immutable|append-only/,
        );
        expect(await rowCounts()).toEqual(before);
      },
    );

    it.each(Object.keys(attempts) as (keyof typeof attempts)[])('refuses %s to the owner too', async (op) => {
      const before = await rowCounts();
      await expect(owner.query(attempts[op])).rejects.toThrow(/refused|immutable|append-only/);
      expect(await rowCounts()).toEqual(before);
    });
  });

  it('says what is refused and why', async () => {
    await expect(owner.query('TRUNCATE metrics.metric')).rejects.toThrow(
      'TRUNCATE on metrics.metric is refused: metrics are append-only',
    );
    await expect(owner.query('DELETE FROM governance.stage_transition')).rejects.toThrow(
      /DELETE on governance\.stage_transition is refused: the stage history records/,
    );
  });
});

describe('the service role', () => {
  it('owns nothing and is neither superuser nor exempt from row security', async () => {
    for (const schema of ['registry', 'lineage', 'governance', 'metrics']) {
      expect(await serviceRoleProblems(service, schema)).toEqual([]);
    }
    expect(await serviceRoleProblems(owner, 'registry')).not.toEqual([]);
  });

  it('cannot disable triggers, switch them off for the session, or drop tables', async () => {
    await expect(service.query('ALTER TABLE registry.model_version DISABLE TRIGGER ALL')).rejects.toThrow(
      /must be owner/,
    );
    await expect(service.query('SET session_replication_role = replica')).rejects.toThrow(
      /permission denied/,
    );
    await expect(service.query('DROP TABLE metrics.metric')).rejects.toThrow(/must be owner/);
    await expect(service.query('CREATE TABLE registry.sneaky (id int)')).rejects.toThrow(/permission denied/);
  });

  it('reads every event log, since consumers in each subgraph read the others', async () => {
    for (const schema of ['registry', 'lineage', 'governance', 'metrics']) {
      const rows = await service.query(`SELECT count(*)::int AS n FROM ${schema}.event_log`);
      expect(rows[0].n).toBeGreaterThan(0);
    }
  });
});

describe('start-up', () => {
  it('refuses to serve as the owner in production', async () => {
    const config = subgraphSchema('metrics').parse({
      NODE_ENV: 'production',
      DATABASE_URL: ownerUrl,
      METRICS_PORT: '0',
      CAIRN_IDENTITY_PUBLIC_KEYS: generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
    });
    await expect(
      startSubgraph(metricsSubgraph, config, { logger: pino({ level: 'silent' }) }),
    ).rejects.toThrow(/Refusing to start: role postgres is a superuser/);
  });

  it('answers a statement cancelled by statement_timeout as DEADLINE_EXCEEDED', async () => {
    const registry = await startTestSubgraph(registrySubgraph, ownerUrl, testPrincipals.admin, {
      DATABASE_STATEMENT_TIMEOUT_MS: '300',
    });
    expect(registry.config.DATABASE_URL).toBe(serviceUrl);
    // The owner holds the teams table; the service's read waits on the lock until cancelled.
    const runner = registry.owner.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('LOCK TABLE registry.team IN ACCESS EXCLUSIVE MODE');
      const result = await registry.execute('{ teams { edges { node { slug } } } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('DEADLINE_EXCEEDED');
      expect(result.errors?.[0]?.message).toMatch(/took too long/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

/** What the service role may still touch in the four schemas, and the protective triggers left. */
async function leftovers(dataSource: DataSource) {
  const [row] = await dataSource.query(`
    SELECT
      (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('registry', 'lineage', 'governance', 'metrics') AND c.relkind IN ('r', 'S')
          AND (has_any_column_privilege('cairn_service', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')
            OR has_table_privilege('cairn_service', c.oid, 'DELETE, TRUNCATE, TRIGGER')
            OR (c.relkind = 'S' AND has_sequence_privilege('cairn_service', c.oid, 'USAGE')))) AS grants,
      (SELECT count(*)::int FROM pg_namespace
        WHERE nspname IN ('registry', 'lineage', 'governance', 'metrics')
          AND has_schema_privilege('cairn_service', oid, 'USAGE')) AS schemas,
      (SELECT count(*)::int FROM pg_trigger WHERE tgname LIKE '%no\\_truncate' OR tgname LIKE '%no\\_rewrite'
         OR tgname = 'model_version_no_delete') AS triggers`);
  return row;
}

describe('down migrations', () => {
  it('drop the triggers and take back every grant', async () => {
    const db = await createTestDatabase();
    await migrateSubgraphs(db.url, SUBGRAPHS);
    const check = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } }).initialize();
    try {
      // 24 tables from the protection migration, plus later ones: the search table
      // (1764100000000), each schema's event quarantine (1764200000000) and governance's
      // people, memberships and tokens (1764600000000, 5 tables, 3 of them protected), and the
      // access log and access requests (1764700000000, 2 tables, 3 triggers), and the registry's
      // aliases (1764900000000: 2 tables and a sequence, 2 triggers on the history), and its
      // artifacts (1765000000000: 4 tables, 2 triggers on the version files), and housekeeping
      // (1765100000000: 6 tables and 2 sequences, 2 triggers each on its history and purges), and
      // governance's promotion requests (1765400000000: 6 tables, 7 triggers), the audit chain
      // (1765500000000: 2 tables and a sequence, 2 triggers on each), webhooks (1765600000000:
      // 3 tables, no triggers: deliveries and subscriptions change state), guardrail evaluations
      // (1765800000000: 1 table, 2 triggers) and decision records (1765900000000: 1 table, 2
      // triggers), and metrics' drift detection (1766100000000: 7 tables and 2 sequences, 2
      // triggers each), the registry's attached signatures (1766050000000: 1 table), governance's
      // trusted signing keys (1766060000000: 1 table), its risk tier change requests
      // (1766070000000: 1 table, its no-truncate trigger counted), metrics' insights projections
      // (1766200000000: 5 tables, no triggers: aggregates change), and governance's rollouts
      // (1766300000000: 3 tables, 5 triggers counted here: both on each record table, and the
      // rollout's no-truncate), and governance's team requests (1766400000000: 1 table, its
      // no-truncate trigger counted), and metrics' team requests in the insights
      // (1766640000000: 1 table, no triggers), and metrics' imported history (1766900000000:
      // 2 tables, 2 triggers each).
      expect(await leftovers(check)).toEqual({ grants: 89, schemas: 4, triggers: 71 });
      for (const module of SUBGRAPHS) {
        const dataSource = await module.createDataSource(db.url, 1).initialize();
        await undoMigrationsFrom(dataSource, module.name, 1764000000000);
        await dataSource.destroy();
      }
      expect(await leftovers(check)).toEqual({ grants: 0, schemas: 0, triggers: 0 });
      await check.query('DELETE FROM metrics.metric');
    } finally {
      await check.destroy();
    }
  });
});
