import type { Principal } from '@cairn/identity';
import { metricsSubgraph } from '@cairn/metrics';
import { ModelDirectory } from '@cairn/model-directory';
import { registrySubgraph } from '@cairn/registry';
import {
  countRows as count,
  countRequestQueries,
  createTestDatabase,
  createVersions,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricService } from '../src/services/metric.service';

const { engineer, admin, outsider, executive } = testPrincipals;

const LOG = /* GraphQL */ `
  mutation Log($v: ID!, $m: [MetricInput!]!) {
    logMetrics(modelVersionId: $v, metrics: $m) { id name value dataset loggedBy }
  }`;
const ENTITIES = /* GraphQL */ `
  query($r: [_Any!]!, $name: String!) {
    _entities(representations: $r) {
      ... on ModelVersion {
        metrics { edges { node { name value dataset } } }
        metricHistory(name: $name) { edges { node { value dataset } } }
      }
    }
  }`;

type MetricInput = { name: string; value: number; dataset?: string | null };
type Logged = { id: string; name: string; value: number; dataset: string | null; loggedBy: string };
type Edges<T> = { edges: { node: T }[] };
const nodes = <T>(connection: Edges<T>) => connection.edges.map((edge) => edge.node);
type Version = {
  metrics: Edges<{ name: string; value: number; dataset: string | null }>;
  metricHistory: Edges<{ value: number; dataset: string | null }>;
};

let registry: TestSubgraph;
let metrics: TestSubgraph;

async function log(v: string, m: MetricInput[], principal: Principal = engineer): Promise<Logged[]> {
  const result = await metrics.execute<{ logMetrics: Logged[] }>(LOG, { v, m }, principal);
  expect(result.errors).toBeUndefined();
  return result.data!.logMetrics;
}

async function read(ids: string[], name: string) {
  const result = await metrics.execute<{ _entities: Version[] }>(ENTITIES, {
    r: ids.map((id) => ({ __typename: 'ModelVersion', id })),
    name,
  });
  expect(result.errors).toBeUndefined();
  return result.data!._entities.map((version) => ({
    metrics: nodes(version.metrics),
    metricHistory: nodes(version.metricHistory),
  }));
}

/** Everything a failed mutation must leave untouched. */
const written = () =>
  Promise.all(['metric', 'event_log'].map((t) => count(metrics.dataSource, `metrics.${t}`)));

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ registry, subgraph: metrics } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(metricsSubgraph, db.url, engineer),
  ));
});

describe('logging metrics', () => {
  it('logs a batch in one transaction with one event', async () => {
    const [versionId] = await createVersions(registry);
    const logged = await log(versionId!, [
      { name: 'auc', value: 0.91, dataset: 'holdout' },
      { name: 'auc', value: 0.88 },
    ]);
    expect(logged).toMatchObject([
      { name: 'auc', value: 0.91, dataset: 'holdout', loggedBy: engineer.email },
      { name: 'auc', value: 0.88, dataset: null },
    ]);
    const events = await metrics.owner.query(
      `SELECT payload FROM metrics.event_log WHERE type = 'metrics.MetricsLogged' AND subject_id = $1`,
      [versionId],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      modelVersionId: versionId,
      teamSlug: 'fraud-detection',
      metrics: logged.map(({ id, name, value, dataset }) => ({ id, name, value, dataset })),
    });
  });

  it('reads the latest value per (name, dataset), by name then dataset, and a name’s history oldest first', async () => {
    const [versionId] = await createVersions(registry);
    await log(versionId!, [
      { name: 'f1', value: 0.7, dataset: 'test' },
      { name: 'f1', value: 0.6 },
      { name: 'accuracy', value: 0.8, dataset: 'test' },
    ]);
    await log(versionId!, [{ name: 'f1', value: 0.75, dataset: 'test' }]);
    const [version] = await read([versionId!], 'f1');
    expect(version!.metrics).toEqual([
      { name: 'accuracy', value: 0.8, dataset: 'test' },
      { name: 'f1', value: 0.6, dataset: null },
      { name: 'f1', value: 0.75, dataset: 'test' },
    ]);
    expect(version!.metricHistory).toEqual([
      { value: 0.6, dataset: null },
      { value: 0.7, dataset: 'test' },
      { value: 0.75, dataset: 'test' },
    ]);
  });

  it('accepts a version created a moment ago, and its id in any case', async () => {
    const [versionId] = await createVersions(registry);
    await log(versionId!.toUpperCase(), [{ name: 'loss', value: 0.2 }]);
    const [version] = await read([versionId!], 'loss');
    expect(version!.metricHistory).toEqual([{ value: 0.2, dataset: null }]);
  });

  it('lets an admin log metrics for any team', async () => {
    const [versionId] = await createVersions(registry);
    expect(await log(versionId!, [{ name: 'rmse', value: 1.5 }], admin)).toHaveLength(1);
  });
});

describe('refusals write nothing', () => {
  let versionId: string;
  beforeAll(async () => {
    [versionId] = (await createVersions(registry)) as [string];
  });

  const metric = (overrides: Partial<MetricInput> = {}) => ({ name: 'auc', value: 0.5, ...overrides });
  it.each([
    [[], 'metrics'],
    [Array.from({ length: 201 }, (_, i) => metric({ name: `m${i}` })), 'metrics'],
    [[metric({ name: '' })], 'metrics.0.name'],
    [[metric(), metric({ name: 'has space' })], 'metrics.1.name'],
    [[metric({ name: '_leading' })], 'metrics.0.name'],
    [[metric({ name: 'a'.repeat(101) })], 'metrics.0.name'],
    [[metric({ dataset: 'd'.repeat(201) })], 'metrics.0.dataset'],
    [[metric({ dataset: 'nul\u0000' })], 'metrics.0.dataset'],
    [
      [metric({ dataset: 'holdout' }), metric({ name: 'f1' }), metric({ dataset: 'holdout', value: 2 })],
      'metrics.2',
    ],
    [[metric(), metric({ dataset: '' })], 'metrics.1'],
  ])('rejects %j as BAD_USER_INPUT naming the field', async (m, field) => {
    const before = await written();
    const result = await metrics.execute(LOG, { v: versionId, m });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: field })]),
    );
    expect(await written()).toEqual(before);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects the value %s, which JSON cannot carry, in the service',
    async (value) => {
      const service = new MetricService(
        metrics.dataSource,
        new ModelDirectory(metrics.dataSource, 'metrics'),
      );
      const before = await written();
      await expect(
        service.log(engineer, { modelVersionId: versionId, metrics: [{ name: 'auc', value }] }),
      ).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        problems: [expect.objectContaining({ path: 'metrics.0.value' })],
      });
      expect(await written()).toEqual(before);
    },
  );

  it('answers NOT_FOUND for unknown or malformed version ids', async () => {
    const before = await written();
    for (const v of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const result = await metrics.execute(LOG, { v, m: [metric()] });
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await written()).toEqual(before);
  });

  it.each([
    ['an engineer of another team', outsider],
    ['an executive', executive],
  ])('forbids %s', async (_who, principal) => {
    const before = await written();
    const result = await metrics.execute(LOG, { v: versionId, m: [metric()] }, principal);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
  });

  it('rolls back the metrics when appending the event fails', async () => {
    await metrics.owner.query(`
      CREATE FUNCTION metrics.fail_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$;
      CREATE TRIGGER fail_event BEFORE INSERT ON metrics.event_log
      FOR EACH ROW EXECUTE FUNCTION metrics.fail_event()`);
    try {
      const before = await written();
      const result = await metrics.execute(LOG, { v: versionId, m: [metric()] });
      expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await written()).toEqual(before);
    } finally {
      await metrics.owner.query(
        'DROP TRIGGER fail_event ON metrics.event_log; DROP FUNCTION metrics.fail_event()',
      );
    }
  });
});

describe('reading metrics', () => {
  it('gives versions without metrics empty lists, and malformed ids NOT_FOUND', async () => {
    const [versionId] = await createVersions(registry);
    expect(await read([versionId!], 'auc')).toEqual([{ metrics: [], metricHistory: [] }]);
    const result = await metrics.execute(ENTITIES, {
      r: [{ __typename: 'ModelVersion', id: 'not-a-uuid' }],
      name: 'auc',
    });
    expect(result.data?._entities).toEqual([null]);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves metrics and history of 30 versions with as many queries as of 3', async () => {
    const versions = await createVersions(registry, 30);
    for (const [i, versionId] of versions.entries()) {
      await log(versionId, [
        { name: 'auc', value: i / 100, dataset: 'holdout' },
        { name: 'latency_p99_ms', value: i },
      ]);
    }
    const queriesFor = (ids: string[]) =>
      countRequestQueries(metrics.dataSource, async () => {
        const read30 = await read(ids, 'auc');
        expect(read30.every((v) => v.metrics.length === 2 && v.metricHistory.length === 1)).toBe(true);
      });
    const forThirty = await queriesFor(versions);
    // the latest per version and the history per (version, name): a query for the pages and
    // one for their totals each
    expect(forThirty).toBeLessThanOrEqual(4);
    expect(forThirty).toBe(await queriesFor(versions.slice(0, 3)));
  });
});

describe('identity', () => {
  it('refuses a request that does not carry the gateway’s signed identity', async () => {
    const result = await metrics.execute(LOG, { v: 'x', m: [] }, null);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
