import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  countQueries,
  countRows,
  createTestDatabase,
  type GraphQLResponse,
  promoteVersion,
  publishModel,
  publishVisibilityChange,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';
import { signedEvidence } from './signed-evidence';

const { engineer, viewer, outsider, executive, auditor, admin } = testPrincipals;

const STAGES = /* GraphQL */ `
  query($r: [_Any!]!) { _entities(representations: $r) { ... on ModelVersion { stage stageHistory { totalCount edges { node { to } } } } } }`;
const TRANSITION = /* GraphQL */ `
  mutation($input: TransitionStageInput!) { transitionStage(input: $input) { id stage } }`;

let governance: TestSubgraph;

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ subgraph: governance } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(governanceSubgraph, db.url, engineer),
  ));
});

const codes = (result: GraphQLResponse<unknown>) => result.errors?.map((e) => e.extensions?.code);

function readStage(id: string, principal: Principal) {
  return governance.execute<{
    _entities: ({
      stage: string;
      stageHistory: { totalCount: number; edges: { node: { to: string } }[] };
    } | null)[];
  }>(STAGES, { r: [{ __typename: 'ModelVersion', id }] }, principal);
}

async function writes(id: string) {
  const where = [id];
  return [
    await countRows(
      governance.dataSource,
      'governance.model_version_stage WHERE model_version_id = $1',
      where,
    ),
    await countRows(governance.dataSource, 'governance.stage_transition WHERE model_version_id = $1', where),
    await countRows(governance.dataSource, 'governance.event_log WHERE subject_id = $1', where),
  ];
}

describe('a private model of fraud-detection', () => {
  let versionId: string;
  beforeAll(async () => {
    [versionId] = (await publishModel(governance.owner, { visibility: 'PRIVATE', evidence: signedEvidence }))
      .versionIds as [string];
    await promoteVersion(governance, versionId, 'STAGING');
  });

  it.each([
    ['a member (viewer)', viewer],
    ['a platform admin', admin],
    ['an auditor', auditor],
  ])('shows its stage and history to %s', async (_who, principal) => {
    const result = await readStage(versionId, principal);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { stage: 'STAGING', stageHistory: { totalCount: 1, edges: [{ node: { to: 'STAGING' } }] } },
    ]);
  });

  it.each([
    ['a member of another team', outsider],
    ['an executive', executive],
  ])('answers NOT_FOUND to %s, as for a version that does not exist', async (_who, principal) => {
    const hidden = await readStage(versionId, principal);
    const missing = await readStage('00000000-0000-4000-8000-000000000000', principal);
    expect(hidden.data!._entities).toEqual([null]);
    expect(codes(hidden)).toEqual(['NOT_FOUND']);
    expect(missing.errors?.[0]?.message).toBe(
      hidden.errors?.[0]?.message.replace(versionId, '00000000-0000-4000-8000-000000000000'),
    );
  });

  it('refuses to move it for a contributor of another team with NOT_FOUND, writing nothing', async () => {
    const before = await writes(versionId);
    const result = await governance.execute(
      TRANSITION,
      { input: { modelVersionId: versionId, to: 'DEPRECATED' } },
      outsider,
    );
    expect(codes(result)).toEqual(['NOT_FOUND']);
    expect(await writes(versionId)).toEqual(before);
  });
});

describe('an internal model of another team', () => {
  it('shows its stage to everyone, and still refuses a move by a non-member with FORBIDDEN', async () => {
    const { versionIds } = await publishModel(governance.owner, { team: 'recommendations' });
    for (const principal of [outsider, executive, viewer]) {
      expect((await readStage(versionIds[0]!, principal)).data!._entities).toEqual([
        { stage: 'DEVELOPMENT', stageHistory: { totalCount: 0, edges: [] } },
      ]);
    }
    const result = await governance.execute(TRANSITION, {
      input: { modelVersionId: versionIds[0], to: 'DEPRECATED' },
    });
    expect(codes(result)).toEqual(['FORBIDDEN']);
    const asked = await governance.execute(
      'mutation($input: RequestPromotionInput!) { requestPromotion(input: $input) { id } }',
      { input: { modelVersionId: versionIds[0], targetStage: 'STAGING', justification: 'mine now' } },
    );
    expect(codes(asked)).toEqual(['FORBIDDEN']);
  });
});

describe('changing visibility', () => {
  it('hides a model made PRIVATE at once, and shows it again once INTERNAL', async () => {
    const model = await publishModel(governance.owner);
    const id = model.versionIds[0]!;
    expect(codes(await readStage(id, outsider))).toBeUndefined();

    await publishVisibilityChange(governance.owner, model, 'INTERNAL', 'PRIVATE');
    expect(codes(await readStage(id, outsider))).toEqual(['NOT_FOUND']);
    expect(codes(await readStage(id, viewer))).toBeUndefined();

    await publishVisibilityChange(governance.owner, model, 'PRIVATE', 'INTERNAL');
    expect(codes(await readStage(id, outsider))).toBeUndefined();
  });

  it('brings the directory’s own copy up to date in the background', async () => {
    const model = await publishModel(governance.owner, { versions: 2 });
    await publishVisibilityChange(governance.owner, model, 'INTERNAL', 'PRIVATE');
    const copy = () =>
      governance.dataSource.query(
        'SELECT DISTINCT visibility FROM governance.known_model_version WHERE model_id = $1',
        [model.modelId],
      );
    await expect.poll(copy, { timeout: 5000 }).toEqual([{ visibility: 'PRIVATE' }]);
  });

  it('checks the visibility of 30 versions in one directory query', async () => {
    const { versionIds } = await publishModel(governance.owner, { versions: 30, visibility: 'PRIVATE' });
    const queries = await countQueries(
      governance.dataSource,
      async () => {
        const result = await governance.execute(
          STAGES,
          { r: versionIds.map((id) => ({ __typename: 'ModelVersion', id })) },
          viewer,
        );
        expect(result.errors).toBeUndefined();
      },
      (sql) => sql.includes('selectKnownModelVersions'),
    );
    // Once more for the versions the background consumer had not recorded yet, at most.
    expect(queries).toBeGreaterThanOrEqual(1);
    expect(queries).toBeLessThanOrEqual(2);
  });
});
