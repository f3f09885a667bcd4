import { createHash } from 'node:crypto';
import type { Principal } from '@cairn/identity';
import { lineageSubgraph } from '@cairn/lineage';
import { registrySubgraph } from '@cairn/registry';
import {
  countRows,
  createTestDatabase,
  flattenConnections,
  type GraphQLResponse,
  type PublishedModel,
  publishModel,
  publishVisibilityChange,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const { engineer, viewer, maintainer, outsider, executive, auditor, admin } = testPrincipals;

const RECORD = /* GraphQL */ `
  mutation($input: RecordTrainingRunInput!) { recordTrainingRun(input: $input) { id inputDatasets { edges { node { id } } } } }`;
const LINEAGE = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) { ... on ModelVersion { lineage { runs { edges { node { id } } } datasets { edges { node { id } } } } } }
  }`;
const RUN =
  'query($id: ID!) { trainingRun(id: $id) { id modelVersion { id } inputDatasets { edges { node { id } } } } }';
const DATASET =
  'query($id: ID!) { dataset(id: $id) { id trainingRuns { edges { node { id modelVersionId } } } } }';

let lineage: TestSubgraph;

const sha256 = (seed: string) => `sha256:${createHash('sha256').update(seed).digest('hex')}`;
const dataset = (seed: string) => ({ name: seed, uri: `s3://lake/${seed}/`, checksum: sha256(seed) });
const codes = (result: GraphQLResponse<unknown>) => result.errors?.map((e) => e.extensions?.code);

async function record(modelVersionId: string, seeds: string[], principal: Principal) {
  const result = await execute<{
    recordTrainingRun: { id: string; inputDatasets: { id: string }[] };
  }>(
    RECORD,
    {
      input: {
        modelVersionId,
        codeRef: 'git+https://git.example.com/x@1',
        parameters: {},
        inputDatasets: seeds.map(dataset),
      },
    },
    principal,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.recordTrainingRun;
}

/** Lists come back as connections; these tests are about what they hold, not how they page. */
async function execute<T>(...args: Parameters<TestSubgraph['execute']>): Promise<GraphQLResponse<T>> {
  const result = await lineage.execute<T>(...args);
  return { ...result, data: flattenConnections<T>(result.data) };
}

const written = () =>
  Promise.all(
    ['dataset', 'training_run', 'training_run_dataset', 'event_log'].map((t) =>
      countRows(lineage.dataSource, `lineage.${t}`),
    ),
  );

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ subgraph: lineage } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(lineageSubgraph, db.url, engineer),
  ));
});

/**
 * One dataset read by two teams: a private fraud-detection model and an internal
 * recommendations model. A caller sees the runs of the versions they may see, and nothing of
 * the others.
 */
describe('a dataset shared by a private and an internal model', () => {
  let privateModel: PublishedModel;
  let privateRun: string;
  let publicRun: string;
  let shared: string;
  let onlyPrivate: string;
  let privateVersion: string;
  let publicVersion: string;

  beforeAll(async () => {
    privateModel = await publishModel(lineage.owner, { visibility: 'PRIVATE' });
    const publicModel = await publishModel(lineage.owner, { team: 'recommendations' });
    [privateVersion, publicVersion] = [privateModel.versionIds[0]!, publicModel.versionIds[0]!];
    const a = await record(privateVersion, ['shared-clicks', 'fraud-labels'], engineer);
    const b = await record(publicVersion, ['shared-clicks'], maintainer);
    [privateRun, publicRun, shared, onlyPrivate] = [
      a.id,
      b.id,
      b.inputDatasets[0]!.id,
      a.inputDatasets[1]!.id,
    ];
  });

  it.each([
    ['a member (viewer)', viewer],
    ['a platform admin', admin],
    ['an auditor', auditor],
  ])('shows %s everything', async (_who, principal) => {
    const runs = await execute<{ dataset: { trainingRuns: { id: string }[] } }>(
      DATASET,
      { id: shared },
      principal,
    );
    expect(runs.data!.dataset.trainingRuns.map((r) => r.id)).toEqual([privateRun, publicRun]);
    expect(codes(await execute(DATASET, { id: onlyPrivate }, principal))).toBeUndefined();
    const run = await execute(RUN, { id: privateRun }, principal);
    expect(run.data).toEqual({
      trainingRun: { id: privateRun, modelVersion: { id: privateVersion }, inputDatasets: expect.any(Array) },
    });
    const entities = await execute<{ _entities: unknown[] }>(
      LINEAGE,
      { r: [{ __typename: 'ModelVersion', id: privateVersion }] },
      principal,
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([
      { lineage: { runs: [{ id: privateRun }], datasets: expect.any(Array) } },
    ]);
  });

  it.each([
    ['a member of another team', outsider],
    ['an executive', executive],
  ])('shows %s only the internal model’s side, and NOT_FOUND for the rest', async (_who, principal) => {
    const runs = await execute<{
      dataset: { trainingRuns: { id: string; modelVersionId: string }[] };
    }>(DATASET, { id: shared }, principal);
    expect(runs.data!.dataset.trainingRuns).toEqual([{ id: publicRun, modelVersionId: publicVersion }]);
    // A dataset only the private model read is as unknown as one that never existed.
    const hiddenDataset = await execute(DATASET, { id: onlyPrivate }, principal);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(codes(hiddenDataset)).toEqual(['NOT_FOUND']);
    expect(codes(await execute(DATASET, { id: missing }, principal))).toEqual(['NOT_FOUND']);
    expect(codes(await execute(RUN, { id: privateRun }, principal))).toEqual(['NOT_FOUND']);
    expect(codes(await execute(RUN, { id: publicRun }, principal))).toBeUndefined();

    const entities = await execute<{ _entities: unknown[] }>(
      LINEAGE,
      { r: [privateVersion, publicVersion].map((id) => ({ __typename: 'ModelVersion', id })) },
      principal,
    );
    expect(entities.data!._entities).toEqual([
      null,
      { lineage: { runs: [{ id: publicRun }], datasets: [{ id: shared }] } },
    ]);
    expect(entities.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 0],
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
  });

  it('refuses to record a run on it for a contributor of another team with NOT_FOUND, writing nothing', async () => {
    const before = await written();
    const result = await execute(
      RECORD,
      {
        input: {
          modelVersionId: privateVersion,
          codeRef: 'git:x',
          parameters: {},
          inputDatasets: [dataset('sneaky')],
        },
      },
      outsider,
    );
    expect(codes(result)).toEqual(['NOT_FOUND']);
    expect(await written()).toEqual(before);
  });

  it('shows everything once the model is INTERNAL, and hides it again once PRIVATE', async () => {
    await publishVisibilityChange(lineage.owner, privateModel, 'PRIVATE', 'INTERNAL');
    const runs = await execute<{ dataset: { trainingRuns: { id: string }[] } }>(
      DATASET,
      { id: shared },
      outsider,
    );
    expect(runs.data!.dataset.trainingRuns.map((r) => r.id)).toEqual([privateRun, publicRun]);
    expect(codes(await execute(RUN, { id: privateRun }, outsider))).toBeUndefined();

    await publishVisibilityChange(lineage.owner, privateModel, 'INTERNAL', 'PRIVATE');
    expect(codes(await execute(RUN, { id: privateRun }, outsider))).toEqual(['NOT_FOUND']);
    expect(codes(await execute(DATASET, { id: onlyPrivate }, outsider))).toEqual(['NOT_FOUND']);
  });
});
