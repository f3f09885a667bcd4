import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricsSubgraph } from '../src/module';

const { engineer } = testPrincipals;

let registry: TestSubgraph;
let metrics: TestSubgraph;

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ registry, subgraph: metrics } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(metricsSubgraph, db.url, engineer),
  ));
});

type Page<T> = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: T }[];
};
type Metric = { name: string; value: number; dataset: string | null };

const READ = /* GraphQL */ `
  query($r: [_Any!]!, $first: Int, $after: String, $historyFirst: Int, $historyAfter: String) {
    _entities(representations: $r) {
      ... on ModelVersion {
        metrics(first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name value dataset } }
        }
        metricHistory(name: "auc", first: $historyFirst, after: $historyAfter) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name value dataset } }
        }
      }
    }
  }`;

function read(id: string, page: Record<string, unknown>) {
  return metrics.execute<{ _entities: { metrics: Page<Metric>; metricHistory: Page<Metric> }[] }>(READ, {
    r: [{ __typename: 'ModelVersion', id }],
    ...page,
  });
}

async function log(id: string, m: { name: string; value: number; dataset?: string }[]) {
  const result = await metrics.execute(
    'mutation($v: ID!, $m: [MetricInput!]!) { logMetrics(modelVersionId: $v, metrics: $m) { id } }',
    { v: id, m },
  );
  expect(result.errors).toBeUndefined();
}

/** Follows `field`'s pages of `size` to the end, checking what every page says. */
async function walk(id: string, field: 'metrics' | 'metricHistory', size: number, total: number) {
  const [firstArg, afterArg] = field === 'metrics' ? ['first', 'after'] : ['historyFirst', 'historyAfter'];
  const seen: Metric[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const result = await read(id, { [firstArg]: size, [afterArg]: after });
    expect(result.errors).toBeUndefined();
    const connection = result.data!._entities[0]![field];
    expect(connection.totalCount).toBe(total);
    expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
    seen.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return seen;
}

describe('metric connections', () => {
  it('pages the latest values by name, then dataset (none first)', async () => {
    const [id] = await createVersions(registry, 1);
    await log(id!, [
      { name: 'f1', value: 0.5 },
      { name: 'auc', value: 0.8, dataset: 'test' },
      { name: 'auc', value: 0.7 },
      { name: 'auc', value: 0.9, dataset: 'holdout' },
    ]);
    await log(id!, [{ name: 'auc', value: 0.75 }]);
    const latest = await walk(id!, 'metrics', 2, 4);
    expect(latest.map((m) => [m.name, m.dataset, m.value])).toEqual([
      ['auc', null, 0.75],
      ['auc', 'holdout', 0.9],
      ['auc', 'test', 0.8],
      ['f1', null, 0.5],
    ]);
  });

  it('pages the history of one name oldest first, every value once', async () => {
    const [id] = await createVersions(registry, 1);
    for (let i = 0; i < 5; i++) {
      await log(id!, [
        { name: 'auc', value: i, dataset: 'b' },
        { name: 'auc', value: i + 0.5, dataset: 'a' },
        { name: 'f1', value: i },
      ]);
    }
    const history = await walk(id!, 'metricHistory', 3, 10);
    expect(history.map((m) => m.value)).toEqual([0.5, 0, 1.5, 1, 2.5, 2, 3.5, 3, 4.5, 4]);
  });

  it.each([
    ['first 0', { first: 0 }],
    ['first 101', { historyFirst: 101 }],
    ['a made-up cursor', { after: 'bWFkZS11cA' }],
    ['a history cursor as a latest-values cursor', { after: 'HISTORY' }],
  ])('refuses %s as BAD_USER_INPUT', async (_, page) => {
    const [id] = await createVersions(registry, 1);
    await log(id!, [{ name: 'auc', value: 0.1 }]);
    const args = { ...page } as Record<string, unknown>;
    if (args.after === 'HISTORY') {
      const history = await read(id!, { historyFirst: 1 });
      args.after = history.data!._entities[0]!.metricHistory.pageInfo.endCursor;
    }
    const result = await read(id!, args);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
