import { createHash } from 'node:crypto';
import type { Principal } from '@cairn/identity';
import { lineageSubgraph } from '@cairn/lineage';
import { registrySubgraph } from '@cairn/registry';
import {
  countRows as count,
  countRequestQueries,
  createTestDatabase,
  createVersions,
  flattenConnections,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const { engineer, admin, outsider, executive } = testPrincipals;

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordTrainingRunInput!) {
    recordTrainingRun(input: $input) {
      id codeRef parameters modelVersionId createdBy finishedAt
      inputDatasets { edges { node { id name uri checksum } } }
    }
  }`;
const ENTITIES = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on ModelVersion {
        lineage { datasets { edges { node { name } } } runs { edges { node { codeRef inputDatasets { edges { node { name } } } } } } }
      }
    }
  }`;

type Run = { id: string; modelVersionId: string; inputDatasets: { id: string; name: string }[] };
type Lineage = {
  lineage: { datasets: { name: string }[]; runs: { codeRef: string; inputDatasets: { name: string }[] }[] };
};

let registry: TestSubgraph;
let lineage: TestSubgraph;

const sha256 = (seed: string) => `sha256:${createHash('sha256').update(seed).digest('hex')}`;
const dataset = (seed: string, name = seed) => ({ name, uri: `s3://lake/${seed}/`, checksum: sha256(seed) });
const runInput = (modelVersionId: string, overrides: Record<string, unknown> = {}) => ({
  modelVersionId,
  codeRef: 'git+https://git.example.com/fraud/card-fraud@0a1b2c3d',
  parameters: { learning_rate: 0.1 },
  inputDatasets: [dataset('transactions')],
  ...overrides,
});

async function record(input: Record<string, unknown>, principal: Principal = engineer): Promise<Run> {
  const result = await lineage.execute<{ recordTrainingRun: Run }>(RECORD, { input }, principal);
  expect(result.errors).toBeUndefined();
  return flattenConnections(result.data!.recordTrainingRun);
}

/** Everything a failed mutation must leave untouched. */
async function written() {
  const tables = ['dataset', 'training_run', 'training_run_dataset', 'event_log'];
  return Promise.all(tables.map((table) => count(lineage.dataSource, `lineage.${table}`)));
}

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ registry, subgraph: lineage } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(lineageSubgraph, db.url, engineer),
  ));
});

describe('recording training runs', () => {
  it('records a run, reads it back through _entities and appends its events in the same transaction', async () => {
    const [versionId] = await createVersions(registry);
    const run = await record(
      runInput(versionId!, { inputDatasets: [dataset('clicks-a'), dataset('orders-a')] }),
    );
    expect(run).toMatchObject({
      modelVersionId: versionId,
      createdBy: engineer.email,
      parameters: { learning_rate: 0.1 },
    });
    expect(run.inputDatasets.map((d) => d.name)).toEqual(['clicks-a', 'orders-a']);

    const result = await lineage.execute<{ _entities: Lineage[] }>(ENTITIES, {
      r: [{ __typename: 'ModelVersion', id: versionId }],
    });
    expect(result.errors).toBeUndefined();
    expect(flattenConnections<Lineage[]>(result.data!._entities)[0]!.lineage).toEqual({
      datasets: [{ name: 'clicks-a' }, { name: 'orders-a' }],
      runs: [{ codeRef: runInput('').codeRef, inputDatasets: [{ name: 'clicks-a' }, { name: 'orders-a' }] }],
    });

    const [event] = await lineage.dataSource.query(
      `SELECT payload FROM lineage.event_log WHERE type = 'lineage.TrainingRunRecorded' AND subject_id = $1`,
      [run.id],
    );
    expect(event.payload).toEqual({
      runId: run.id,
      modelVersionId: versionId,
      teamSlug: 'fraud-detection',
      datasetIds: run.inputDatasets.map((d) => d.id),
    });
    const registered = `lineage.event_log WHERE type = 'lineage.DatasetRegistered' AND subject_id = ANY($1)`;
    expect(await count(lineage.dataSource, registered, [run.inputDatasets.map((d) => d.id)])).toBe(2);
  });

  it('reuses the dataset for the same uri and checksum, and registers it only once', async () => {
    const [first, second] = await createVersions(registry, 2);
    const a = await record(runInput(first!, { inputDatasets: [dataset('reused', 'features')] }));
    const b = await record(
      runInput(second!, { inputDatasets: [dataset('reused', 'renamed'), dataset('reused')] }),
    );
    expect(b.inputDatasets).toEqual([a.inputDatasets[0]]);
    expect(b.inputDatasets[0]!.name).toBe('features');
    const changed = await record(
      runInput(second!, { inputDatasets: [{ ...dataset('reused'), checksum: sha256('v2') }] }),
    );
    expect(changed.inputDatasets[0]!.id).not.toBe(a.inputDatasets[0]!.id);

    const id = a.inputDatasets[0]!.id;
    expect(await count(lineage.dataSource, `lineage.event_log WHERE subject_id = $1`, [id])).toBe(1);
    const read = await lineage.execute<{ dataset: { trainingRuns: { id: string }[] } }>(
      'query($id: ID!) { dataset(id: $id) { trainingRuns { edges { node { id } } } } }',
      { id },
    );
    expect(flattenConnections<typeof read.data>(read.data)?.dataset.trainingRuns.map((r) => r.id)).toEqual([
      a.id,
      b.id,
    ]);
  });

  it('creates one row per dataset when concurrent runs record the same new datasets in any order', async () => {
    const versions = await createVersions(registry, 8);
    const runs = await Promise.all(
      versions.map((versionId, i) => {
        const pair = [dataset('race-x'), dataset('race-y')];
        return record(runInput(versionId, { inputDatasets: i % 2 ? pair.reverse() : pair }));
      }),
    );
    expect(new Set(runs.flatMap((r) => r.inputDatasets.map((d) => d.id))).size).toBe(2);
    expect(await count(lineage.dataSource, `lineage.dataset WHERE uri LIKE 's3://lake/race-%'`)).toBe(2);
    const registered = `lineage.event_log WHERE type = 'lineage.DatasetRegistered' AND payload->>'uri' LIKE 's3://lake/race-%'`;
    expect(await count(lineage.dataSource, registered)).toBe(2);
  });

  it('accepts a version created a moment ago, and its id in any case', async () => {
    const [versionId] = await createVersions(registry);
    const run = await record(runInput(versionId!.toUpperCase()));
    expect(run.modelVersionId).toBe(versionId);
  });

  it('lets an admin record runs for any team', async () => {
    const [versionId] = await createVersions(registry);
    expect((await record(runInput(versionId!), admin)).modelVersionId).toBe(versionId);
  });
});

describe('refusals write nothing', () => {
  let versionId: string;
  beforeAll(async () => {
    [versionId] = (await createVersions(registry)) as [string];
  });

  const many = Array.from({ length: 101 }, (_, i) => dataset(`many-${i}`));
  it.each([
    [{ inputDatasets: [] }, 'inputDatasets'],
    [{ inputDatasets: many }, 'inputDatasets'],
    [{ codeRef: '  ' }, 'codeRef'],
    [{ codeRef: 'x'.repeat(501) }, 'codeRef'],
    [{ parameters: { blob: 'x'.repeat(64 * 1024) } }, 'parameters'],
    [{ parameters: { nul: 'a\u0000b' } }, 'parameters'],
    [{ startedAt: '2026-01-02T00:00:00Z', finishedAt: '2026-01-01T00:00:00Z' }, 'finishedAt'],
    [{ inputDatasets: [{ ...dataset('bad'), name: '' }] }, 'inputDatasets.0.name'],
    [{ inputDatasets: [{ ...dataset('bad'), name: 'n'.repeat(201) }] }, 'inputDatasets.0.name'],
    [{ inputDatasets: [{ ...dataset('bad'), uri: 'lake/no-scheme' }] }, 'inputDatasets.0.uri'],
    [{ inputDatasets: [{ ...dataset('bad'), uri: `https://${'a'.repeat(2048)}` }] }, 'inputDatasets.0.uri'],
    [{ inputDatasets: [{ ...dataset('bad'), checksum: 'sha256:xyz' }] }, 'inputDatasets.0.checksum'],
    [
      { inputDatasets: [{ ...dataset('bad'), checksum: `md5:${'a'.repeat(64)}` }] },
      'inputDatasets.0.checksum',
    ],
    [
      { inputDatasets: [{ ...dataset('bad'), checksum: sha256('bad').toUpperCase() }] },
      'inputDatasets.0.checksum',
    ],
    [{ inputDatasets: [{ ...dataset('bad'), checksum: 'crc32:deadbeef' }] }, 'inputDatasets.0.checksum'],
    [
      { inputDatasets: [dataset('fine'), { ...dataset('bad'), checksum: 'sha1:abc' }] },
      'inputDatasets.1.checksum',
    ],
  ])('rejects %j as BAD_USER_INPUT naming the field', async (overrides, field) => {
    const before = await written();
    const result = await lineage.execute(RECORD, { input: runInput(versionId, overrides) });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: field })]),
    );
    expect(await written()).toEqual(before);
  });

  it('accepts md5 and sha1 checksums of the right length', async () => {
    const md5 = { ...dataset('md5'), checksum: `md5:${'a'.repeat(32)}` };
    const sha1 = { ...dataset('sha1'), checksum: `sha1:${'b'.repeat(40)}` };
    expect((await record(runInput(versionId, { inputDatasets: [md5, sha1] }))).inputDatasets).toHaveLength(2);
  });

  it('answers NOT_FOUND for unknown or malformed version ids', async () => {
    const before = await written();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const result = await lineage.execute(RECORD, { input: runInput(id) });
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await written()).toEqual(before);
  });

  it.each([
    ['an engineer of another team', outsider],
    ['an executive', executive],
  ])('forbids %s', async (_who, principal) => {
    const before = await written();
    const result = await lineage.execute(RECORD, { input: runInput(versionId) }, principal);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
  });

  it('rolls back the datasets when a later write fails', async () => {
    await lineage.owner.query(`
      CREATE FUNCTION lineage.fail_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$;
      CREATE TRIGGER fail_link BEFORE INSERT ON lineage.training_run_dataset
      FOR EACH ROW EXECUTE FUNCTION lineage.fail_link()`);
    try {
      const before = await written();
      const result = await lineage.execute(RECORD, {
        input: runInput(versionId, { inputDatasets: [dataset('doomed')] }),
      });
      expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(result.errors?.[0]?.message).not.toMatch(/injected/);
      expect(await written()).toEqual(before);
    } finally {
      await lineage.owner.query(
        'DROP TRIGGER fail_link ON lineage.training_run_dataset; DROP FUNCTION lineage.fail_link()',
      );
    }
  });
});

describe('reading lineage', () => {
  it('answers NOT_FOUND for unknown or malformed dataset and run ids', async () => {
    for (const field of ['dataset', 'trainingRun']) {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
        const result = await lineage.execute(`query($id: ID!) { ${field}(id: $id) { id } }`, { id });
        expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    }
  });

  it('gives versions without runs an empty lineage, and malformed ids NOT_FOUND', async () => {
    const [versionId] = await createVersions(registry);
    const result = await lineage.execute<{ _entities: (Lineage | null)[] }>(ENTITIES, {
      r: [versionId, 'not-a-uuid'].map((id) => ({ __typename: 'ModelVersion', id })),
    });
    expect(flattenConnections(result.data!._entities)).toEqual([
      { lineage: { datasets: [], runs: [] } },
      null,
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 1],
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
  });

  it('resolves the lineage of 30 versions with as many queries as of 3', async () => {
    const versions = await createVersions(registry, 30);
    for (const [i, versionId] of versions.entries()) {
      await record(runInput(versionId, { inputDatasets: [dataset('shared-features'), dataset(`own-${i}`)] }));
    }
    const queriesFor = (ids: string[]) =>
      countRequestQueries(lineage.dataSource, async () => {
        const result = await lineage.execute<{ _entities: Lineage[] }>(ENTITIES, {
          r: ids.map((id) => ({ __typename: 'ModelVersion', id })),
        });
        expect(result.errors).toBeUndefined();
        expect(
          flattenConnections<Lineage[]>(result.data!._entities).every((e) => e.lineage.datasets.length === 2),
        ).toBe(true);
      });
    const forThirty = await queriesFor(versions);
    // runs by version, datasets by version, datasets by run: each a query for the pages and one
    // for their totals, and for datasets (which repeat across parents) one loading the nodes
    expect(forThirty).toBeLessThanOrEqual(8);
    expect(forThirty).toBe(await queriesFor(versions.slice(0, 3)));
  });
});

describe('identity', () => {
  it('refuses a request that does not carry the gateway’s signed identity', async () => {
    const result = await lineage.execute('{ dataset(id: "x") { id } }', {}, null);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
