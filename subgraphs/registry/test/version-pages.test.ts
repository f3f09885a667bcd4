import { registrySubgraph } from '@cairn/registry';
import {
  countRequestQueries,
  createTestDatabase,
  createVersions,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const { engineer, admin } = testPrincipals;

let registry: TestSubgraph;

beforeAll(async () => {
  const db = await createTestDatabase();
  registry = await startTestSubgraph(registrySubgraph, db.url, engineer);
  for (const slug of ['fraud-detection', 'search-ranking']) {
    const created = await registry.execute(
      'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }',
      { i: { slug, name: slug } },
      admin,
    );
    expect(created.errors).toBeUndefined();
  }
});

interface VersionPage {
  modelVersion: {
    model: {
      versions: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { cursor: string; node: { id: string; version: number } }[];
      };
    };
  };
}

const VERSIONS = /* GraphQL */ `
  query($id: ID!, $first: Int, $after: String) {
    modelVersion(id: $id) {
      model {
        versions(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { id version } }
        }
      }
    }
  }`;

describe('Model.versions', () => {
  it('pages newest first with first/after, endCursor, hasNextPage and totalCount', async () => {
    const [first] = await createVersions(registry, 5);
    const seen: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: Awaited<ReturnType<typeof registry.execute<VersionPage>>> =
        await registry.execute<VersionPage>(VERSIONS, { id: first, first: 2, after });
      expect(result.errors).toBeUndefined();
      const versions: VersionPage['modelVersion']['model']['versions'] =
        result.data!.modelVersion.model.versions;
      expect(versions.totalCount).toBe(5);
      expect(versions.pageInfo.endCursor).toBe(versions.edges.at(-1)?.cursor ?? null);
      seen.push(...versions.edges.map((edge) => edge.node.version));
      if (!versions.pageInfo.hasNextPage) break;
      after = versions.pageInfo.endCursor;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('answers 20 by default', async () => {
    const [id] = await createVersions(registry, 21);
    const result = await registry.execute<VersionPage>(VERSIONS, { id });
    expect(result.data!.modelVersion.model.versions.edges).toHaveLength(20);
    expect(result.data!.modelVersion.model.versions.pageInfo.hasNextPage).toBe(true);
  });

  it.each([
    ['first 0', { first: 0 }, 'first'],
    ['first 101', { first: 101 }, 'first'],
    ['a made-up cursor', { after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ['a cursor that is not base64url', { after: '{"x":1}' }, 'after'],
    // a well-formed cursor of another list (the models page)
    ['another list’s cursor', { after: Buffer.from('["model",[1]]').toString('base64url') }, 'after'],
  ])('refuses %s as BAD_USER_INPUT', async (_, args, field) => {
    const [id] = await createVersions(registry, 1);
    const result = await registry.execute(VERSIONS, { id, ...args });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors?.[0]?.extensions)).toContain(field);
  });

  it('loads the versions of a page of 30 models with a constant number of queries', async () => {
    for (let i = 0; i < 30; i++) await createVersions(registry, 3, 'search-ranking');
    const queries = await countRequestQueries(registry.dataSource, async () => {
      const result = await registry.execute<{
        models: { edges: { node: { versions: { totalCount: number; edges: unknown[] } } }[] };
      }>(
        `{ models(first: 30, team: "search-ranking") {
             edges { node { versions(first: 2) { totalCount edges { node { id } } } } } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.models.edges).toHaveLength(30);
      for (const { node } of result.data!.models.edges) {
        expect(node.versions).toMatchObject({ totalCount: 3 });
        expect(node.versions.edges).toHaveLength(2);
      }
    });
    // models count + page, then one query for the version pages and one for their totals
    expect(queries).toBeLessThanOrEqual(4);
  });
});

describe('teams', () => {
  it('pages every team by slug', async () => {
    type Teams = {
      teams: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { slug: string } }[];
      };
    };
    const query =
      'query($after: String) { teams(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }';
    const first = await registry.execute<Teams>(query, {});
    expect(first.data!.teams).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await registry.execute<Teams>(query, { after: first.data!.teams.pageInfo.endCursor });
    expect(second.data!.teams.edges.map((edge) => edge.node.slug)).toEqual(['search-ranking']);
    expect(second.data!.teams.pageInfo.hasNextPage).toBe(false);
    const bad = await registry.execute(query, { after: 'c2VhcmNoLXJhbmtpbmc' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('models', () => {
  it('refuses a cursor of another list as BAD_USER_INPUT', async () => {
    const [id] = await createVersions(registry, 2);
    const versions = await registry.execute<VersionPage>(VERSIONS, { id, first: 1 });
    const after = versions.data!.modelVersion.model.versions.pageInfo.endCursor;
    const result = await registry.execute('query($after: String) { models(after: $after) { totalCount } }', {
      after,
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
