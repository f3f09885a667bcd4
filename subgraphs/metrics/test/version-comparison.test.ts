import { randomUUID } from 'node:crypto';
import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  type GraphQLResponse,
  publishModel,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricsSubgraph } from '../src/module';

/** Metrics contributes `VersionComparison.metrics`: latest values and deltas against the first version. */
const { engineer, viewer, outsider, executive, auditor } = testPrincipals;

const LOG = /* GraphQL */ `
  mutation($v: ID!, $m: [MetricInput!]!) { logMetrics(modelVersionId: $v, metrics: $m) { id } }`;
const READ = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) { ... on VersionComparison { metrics { name dataset values deltas } } }
  }`;

let metrics: TestSubgraph;

const codeOf = (result: GraphQLResponse<unknown>) => result.errors?.[0]?.extensions?.code ?? 'OK';
const read = (versionIds: string[], principal: Principal, onlyDifferences = true) =>
  metrics.execute<{ _entities: { metrics: unknown[] }[] }>(
    READ,
    { r: [{ __typename: 'VersionComparison', versionIds, onlyDifferences }] },
    principal,
  );
async function log(v: string, m: { name: string; value: number; dataset?: string }[]) {
  expect((await metrics.execute(LOG, { v, m }, engineer)).errors).toBeUndefined();
}

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ subgraph: metrics } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(metricsSubgraph, db.url, engineer),
  ));
});

describe('VersionComparison.metrics', () => {
  let ids: string[];
  beforeAll(async () => {
    ids = (await publishModel(metrics.owner, { visibility: 'PRIVATE', versions: 3 })).versionIds;
    const [v1, v2, v3] = ids as [string, string, string];
    await log(v1, [
      { name: 'auc', value: 0.5, dataset: 'holdout' },
      { name: 'latency_ms', value: 12 },
    ]);
    // A later value of the same (name, dataset) replaces the earlier one.
    await log(v1, [{ name: 'auc', value: 0.75, dataset: 'holdout' }]);
    await log(v2, [
      { name: 'auc', value: 1, dataset: 'holdout' },
      { name: 'latency_ms', value: 12 },
    ]);
    await log(v3, [{ name: 'f1', value: 0.5, dataset: 'holdout' }]);
  });

  it('gives the latest value per version and its delta against the first, differences only by default', async () => {
    const result = await read(ids, viewer);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities[0]!.metrics).toEqual([
      { name: 'auc', dataset: 'holdout', values: [0.75, 1, null], deltas: [0, 0.25, null] },
      { name: 'f1', dataset: 'holdout', values: [null, null, 0.5], deltas: [null, null, null] },
      { name: 'latency_ms', dataset: null, values: [12, 12, null], deltas: [0, 0, null] },
    ]);
    const twoOnly = await read(ids.slice(0, 2), auditor);
    expect(twoOnly.data!._entities[0]!.metrics).toEqual([
      { name: 'auc', dataset: 'holdout', values: [0.75, 1], deltas: [0, 0.25] },
    ]);
    const all = await read(ids.slice(0, 2), auditor, false);
    expect(all.data!._entities[0]!.metrics).toHaveLength(2);
  });

  it.each([
    ['a member of another team', outsider],
    ['an executive', executive],
  ])('answers NOT_FOUND to %s, as for versions that do not exist', async (_who, principal) => {
    expect(codeOf(await read(ids, principal))).toBe('NOT_FOUND');
    expect(codeOf(await read([randomUUID(), randomUUID()], viewer))).toBe('NOT_FOUND');
  });

  it('refuses fewer than 2 or more than 10 versions with BAD_USER_INPUT', async () => {
    expect(codeOf(await read(ids.slice(0, 1), viewer))).toBe('BAD_USER_INPUT');
    const eleven = Array.from({ length: 11 }, () => randomUUID());
    expect(codeOf(await read(eleven, viewer))).toBe('BAD_USER_INPUT');
  });
});
