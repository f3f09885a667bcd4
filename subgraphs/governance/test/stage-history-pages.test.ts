import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  promoteVersion,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';

const { engineer, outsider } = testPrincipals;

let registry: TestSubgraph;
let governance: TestSubgraph;

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ registry, subgraph: governance } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(governanceSubgraph, db.url, engineer),
  ));
});

const HISTORY = /* GraphQL */ `
  query($r: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $r) {
      ... on ModelVersion {
        stageHistory(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { to } }
        }
      }
    }
  }`;

type History = {
  _entities: {
    stageHistory: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { cursor: string; node: { to: string } }[];
    };
  }[];
};

function history(
  id: string,
  page: { first?: number; after?: string | null },
  principal: Principal = engineer,
) {
  return governance.execute<History>(
    HISTORY,
    { r: [{ __typename: 'ModelVersion', id }], ...page },
    principal,
  );
}

/** A version moved through the whole chain: four transitions. */
async function archivedVersion(): Promise<string> {
  const [id] = await createVersions(registry, 1);
  await promoteVersion(governance, id!, 'STAGING');
  await promoteVersion(governance, id!, 'PRODUCTION');
  for (const to of ['DEPRECATED', 'ARCHIVED']) {
    const moved = await governance.execute(
      'mutation($input: TransitionStageInput!) { transitionStage(input: $input) { id } }',
      { input: { modelVersionId: id, to } },
      engineer,
    );
    expect(moved.errors).toBeUndefined();
  }
  return id!;
}

describe('ModelVersion.stageHistory', () => {
  it('pages oldest first with first/after, endCursor, hasNextPage and totalCount', async () => {
    const id = await archivedVersion();
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page++) {
      const result = await history(id, { first: 3, after });
      expect(result.errors).toBeUndefined();
      const { stageHistory } = result.data!._entities[0]!;
      expect(stageHistory.totalCount).toBe(4);
      expect(stageHistory.pageInfo.endCursor).toBe(stageHistory.edges.at(-1)?.cursor ?? null);
      seen.push(...stageHistory.edges.map((edge) => edge.node.to));
      if (!stageHistory.pageInfo.hasNextPage) break;
      after = stageHistory.pageInfo.endCursor;
    }
    expect(seen).toEqual(['STAGING', 'PRODUCTION', 'DEPRECATED', 'ARCHIVED']);
  });

  it('pages several versions in one request, each after its own cursor', async () => {
    const ids = [await archivedVersion(), await archivedVersion()];
    const first = await history(ids[0]!, { first: 2 });
    const after = first.data!._entities[0]!.stageHistory.pageInfo.endCursor;
    const both = await governance.execute<History>(HISTORY, {
      r: ids.map((id) => ({ __typename: 'ModelVersion', id })),
      first: 2,
      after,
    });
    expect(both.errors).toBeUndefined();
    // a cursor names a row of one version's history: another version's page after it is empty
    expect(both.data!._entities.map((v) => v.stageHistory.edges.map((e) => e.node.to))).toEqual([
      ['DEPRECATED', 'ARCHIVED'],
      [],
    ]);
  });

  it.each([
    ['first 0', { first: 0 }],
    ['first 101', { first: 101 }],
    ['a made-up cursor', { after: 'garbage' }],
    ['another list’s cursor', { after: Buffer.from('["model-version",3]').toString('base64url') }],
  ])('refuses %s as BAD_USER_INPUT', async (_, page) => {
    const [id] = await createVersions(registry, 1);
    const result = await history(id!, page);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for the history of a version the caller may not see, whatever the page', async () => {
    const [id] = await createVersions(registry, 1, 'fraud-detection');
    const hidden = await registry.execute(
      'mutation($m: ID!) { setModelVisibility(modelId: $m, visibility: PRIVATE) { id } }',
      {
        m: (
          await registry.execute<{ modelVersion: { model: { id: string } } }>(
            'query($id: ID!) { modelVersion(id: $id) { model { id } } }',
            { id },
            testPrincipals.admin,
          )
        ).data!.modelVersion.model.id,
      },
      testPrincipals.admin,
    );
    expect(hidden.errors).toBeUndefined();
    const result = await history(id!, { first: 1 }, outsider);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
