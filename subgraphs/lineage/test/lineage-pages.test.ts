import { createHash } from 'node:crypto';
import type { Principal } from '@cairn/identity';
import { lineageSubgraph } from '@cairn/lineage';
import { registrySubgraph } from '@cairn/registry';
import {
  countRequestQueries,
  createTestDatabase,
  publishModel,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const { engineer, outsider, admin } = testPrincipals;

let lineage: TestSubgraph;

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ subgraph: lineage } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(lineageSubgraph, db.url, engineer),
  ));
});

type Page = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name?: string } }[];
};
const PAGE = 'totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }';
const DATASET_PAGE = 'totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } }';

const sha256 = (seed: string) => `sha256:${createHash('sha256').update(seed).digest('hex')}`;
const dataset = (seed: string) => ({ name: seed, uri: `s3://lake/${seed}/`, checksum: sha256(seed) });

async function record(modelVersionId: string, seeds: string[], principal: Principal = admin) {
  const result = await lineage.execute<{ recordTrainingRun: { id: string } }>(
    'mutation($input: RecordTrainingRunInput!) { recordTrainingRun(input: $input) { id } }',
    {
      input: {
        modelVersionId,
        codeRef: 'git+https://git.example.com/x@1',
        inputDatasets: seeds.map(dataset),
      },
    },
    principal,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.recordTrainingRun.id;
}

/** Follows the pages of `size` to the end, checking what every page says; `pick` finds the connection. */
async function walk(
  query: string,
  variables: Record<string, unknown>,
  pick: (data: never) => Page,
  size: number,
  total: number,
  principal: Principal = engineer,
) {
  const seen: Page['edges'][number]['node'][] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const result = await lineage.execute(query, { ...variables, first: size, after }, principal);
    expect(result.errors).toBeUndefined();
    const connection = pick(result.data as never);
    expect(connection.totalCount).toBe(total);
    expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
    seen.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return seen;
}

const LINEAGE = (field: 'runs' | 'datasets') => /* GraphQL */ `
  query($r: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $r) {
      ... on ModelVersion { lineage { ${field}(first: $first, after: $after) { ${field === 'runs' ? PAGE : DATASET_PAGE} } } }
    }
  }`;
const INPUTS = /* GraphQL */ `
  query($id: ID!, $first: Int, $after: String) {
    trainingRun(id: $id) { inputDatasets(first: $first, after: $after) { ${DATASET_PAGE} } }
  }`;
const DATASET_RUNS = /* GraphQL */ `
  query($id: ID!, $first: Int, $after: String) {
    dataset(id: $id) { trainingRuns(first: $first, after: $after) { ${PAGE} } }
  }`;
type Lineage = { _entities: { lineage: Record<string, Page> }[] };

describe('lineage connections', () => {
  it('pages a version’s runs oldest first and its datasets by name', async () => {
    const { versionIds } = await publishModel(lineage.owner);
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await record(versionIds[0]!, [`d-${4 - i}`, 'shared-a']));
    const r = [{ __typename: 'ModelVersion', id: versionIds[0] }];
    const seenRuns = await walk(LINEAGE('runs'), { r }, (d: Lineage) => d._entities[0]!.lineage.runs!, 2, 5);
    expect(seenRuns.map((run) => run.id)).toEqual(runs);
    const seenDatasets = await walk(
      LINEAGE('datasets'),
      { r },
      (d: Lineage) => d._entities[0]!.lineage.datasets!,
      4,
      6,
    );
    expect(seenDatasets.map((d) => d.name)).toEqual(['d-0', 'd-1', 'd-2', 'd-3', 'd-4', 'shared-a']);
  });

  it('pages a run’s inputs in the order they were given', async () => {
    const { versionIds } = await publishModel(lineage.owner);
    const seeds = ['z', 'b', 'y', 'a', 'x'].map((s) => `input-${s}`);
    const run = await record(versionIds[0]!, seeds);
    const inputs = await walk(
      INPUTS,
      { id: run },
      (d: { trainingRun: { inputDatasets: Page } }) => d.trainingRun.inputDatasets,
      2,
      5,
    );
    expect(inputs.map((d) => d.name)).toEqual(seeds);
  });

  it('pages a dataset’s runs over the versions the caller sees, and counts only those', async () => {
    const hidden = await publishModel(lineage.owner, { visibility: 'PRIVATE' });
    const visible = await publishModel(lineage.owner, { team: 'recommendations' });
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      await record(hidden.versionIds[0]!, ['read-by-both']);
      runs.push(await record(visible.versionIds[0]!, ['read-by-both']));
    }
    const datasetId = (
      await lineage.execute<{ trainingRun: { inputDatasets: Page } }>(INPUTS, { id: runs[0] })
    ).data!.trainingRun.inputDatasets.edges[0]!.node.id;
    const pick = (d: { dataset: { trainingRuns: Page } }) => d.dataset.trainingRuns;
    expect(await walk(DATASET_RUNS, { id: datasetId }, pick, 2, 6)).toHaveLength(6);
    const seen = await walk(DATASET_RUNS, { id: datasetId }, pick, 2, 3, outsider);
    expect(seen.map((run) => run.id)).toEqual(runs);
  });

  it.each([
    ['first 0', { first: 0 }],
    ['first 101', { first: 101 }],
    ['a made-up cursor', { after: 'x' }],
    ['an input-position cursor', { after: Buffer.from('["input-dataset",1]').toString('base64url') }],
  ])('refuses %s as BAD_USER_INPUT on every list', async (_, page) => {
    const { versionIds } = await publishModel(lineage.owner);
    await record(versionIds[0]!, ['bad-input']);
    const r = [{ __typename: 'ModelVersion', id: versionIds[0] }];
    for (const query of [LINEAGE('runs'), LINEAGE('datasets')]) {
      const result = await lineage.execute(query, { r, ...page });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('loads the runs and datasets of 30 versions with as many queries as of 3', async () => {
    const versionIds: string[] = [];
    for (let i = 0; i < 30; i++) {
      const {
        versionIds: [id],
      } = await publishModel(lineage.owner);
      await record(id!, ['common', `own-${i}`]);
      versionIds.push(id!);
    }
    const queriesFor = (ids: string[]) =>
      countRequestQueries(lineage.dataSource, async () => {
        const result = await lineage.execute<Lineage>(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on ModelVersion {
             lineage { runs(first: 5) { edges { node { inputDatasets(first: 5) { totalCount } } } }
                       datasets(first: 1) { totalCount pageInfo { hasNextPage } } } } } }`,
          { r: ids.map((id) => ({ __typename: 'ModelVersion', id })) },
        );
        expect(result.errors).toBeUndefined();
        expect(result.data!._entities.every((e) => e.lineage.datasets!.totalCount === 2)).toBe(true);
      });
    expect(await queriesFor(versionIds)).toBe(await queriesFor(versionIds.slice(0, 3)));
  });
});
