import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  countRows,
  createTestDatabase,
  type GraphQLResponse,
  publishModel,
  publishVisibilityChange,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricsSubgraph } from '../src/module';

const { engineer, viewer, outsider, executive, auditor, admin } = testPrincipals;

const LOG = /* GraphQL */ `
  mutation($v: ID!, $m: [MetricInput!]!) { logMetrics(modelVersionId: $v, metrics: $m) { id } }`;
const READ = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) { ... on ModelVersion { metrics { edges { node { name value } } } metricHistory(name: "auc") { edges { node { value } } } } }
  }`;

let metrics: TestSubgraph;

const codes = (result: GraphQLResponse<unknown>) => result.errors?.map((e) => e.extensions?.code);
const read = (id: string, principal: Principal) =>
  metrics.execute<{ _entities: unknown[] }>(READ, { r: [{ __typename: 'ModelVersion', id }] }, principal);
const log = (v: string, principal: Principal = engineer) =>
  metrics.execute(LOG, { v, m: [{ name: 'auc', value: 0.9 }] }, principal);
const written = () =>
  Promise.all(['metric', 'event_log'].map((t) => countRows(metrics.dataSource, `metrics.${t}`)));

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ subgraph: metrics } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(metricsSubgraph, db.url, engineer),
  ));
});

describe('a private model of fraud-detection', () => {
  let versionId: string;
  beforeAll(async () => {
    [versionId] = (await publishModel(metrics.owner, { visibility: 'PRIVATE' })).versionIds as [string];
    expect((await log(versionId)).errors).toBeUndefined();
  });

  it.each([
    ['a member (viewer)', viewer],
    ['a platform admin', admin],
    ['an auditor', auditor],
  ])('shows its metrics and history to %s', async (_who, principal) => {
    const result = await read(versionId, principal);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      {
        metrics: { edges: [{ node: { name: 'auc', value: 0.9 } }] },
        metricHistory: { edges: [{ node: { value: 0.9 } }] },
      },
    ]);
  });

  it.each([
    ['a member of another team', outsider],
    ['an executive', executive],
  ])('answers NOT_FOUND to %s, as for a version that does not exist', async (_who, principal) => {
    for (const id of [versionId, '00000000-0000-4000-8000-000000000000']) {
      const result = await read(id, principal);
      expect(result.data!._entities).toEqual([null]);
      expect(codes(result)).toEqual(['NOT_FOUND']);
    }
  });

  it('refuses to log metrics for a contributor of another team with NOT_FOUND, writing nothing', async () => {
    const before = await written();
    expect(codes(await log(versionId, outsider))).toEqual(['NOT_FOUND']);
    expect(await written()).toEqual(before);
  });
});

describe('changing visibility', () => {
  it('hides a model made PRIVATE at once, and shows it again once INTERNAL', async () => {
    const model = await publishModel(metrics.owner, { team: 'recommendations' });
    const id = model.versionIds[0]!;
    expect(codes(await read(id, outsider))).toBeUndefined();
    // An internal model of another team: visible, but only its team may log.
    expect(codes(await log(id, outsider))).toEqual(['FORBIDDEN']);

    await publishVisibilityChange(metrics.owner, model, 'INTERNAL', 'PRIVATE');
    expect(codes(await read(id, outsider))).toEqual(['NOT_FOUND']);
    expect(codes(await log(id, outsider))).toEqual(['NOT_FOUND']);

    await publishVisibilityChange(metrics.owner, model, 'PRIVATE', 'INTERNAL');
    expect(codes(await read(id, outsider))).toBeUndefined();
  });
});
