import { randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  type GraphQLResponse,
  requireElasticsearch,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * A caller who may not see a private model learns nothing about it: by id, in lists and their
 * totals, in search hits, totals and facet counts, or through `_entities`. Every answer is
 * compared with the one for a model that does not exist.
 */
const { admin, auditor, engineer, executive, maintainer, outsider, recommender, viewer } = testPrincipals;

type Facets = Record<'teams' | 'tasks' | 'frameworks' | 'tags', { value: string; count: number }[]>;
interface Catalog {
  fraudPublic: string;
  fraudSecret: string;
  fraudSecretVersion: string;
  recsSecret: string;
  recsPublic: string;
}

const SEARCH = /* GraphQL */ `
  query($query: String!, $filters: ModelSearchFiltersInput) {
    searchModels(query: $query, first: 100, filters: $filters) {
      total hits { model { name } }
      facets { teams { value count } tasks { value count } frameworks { value count } tags { value count } }
    }
  }`;
const ENTITIES = /* GraphQL */ `
  query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { id name } ... on ModelVersion { id version } } }`;

function isolationSuite(engineName: string, env: () => Record<string, string>) {
  describe(`model visibility on ${engineName}`, () => {
    let registry: TestSubgraph;
    const ids = {} as Catalog;

    async function run<T>(principal: Principal, query: string, variables: Record<string, unknown> = {}) {
      return registry.execute<T>(query, variables, principal);
    }
    async function ok<T>(principal: Principal, query: string, variables: Record<string, unknown> = {}) {
      const result: GraphQLResponse<T> = await run<T>(principal, query, variables);
      expect(result.errors).toBeUndefined();
      return result.data!;
    }
    const search = async (principal: Principal, query = '', filters?: Record<string, string[]>) =>
      (
        await ok<{ searchModels: { total: number; hits: { model: { name: string } }[]; facets: Facets } }>(
          principal,
          SEARCH,
          { query, filters },
        )
      ).searchModels;
    const names = (result: { hits: { model: { name: string } }[] }) =>
      result.hits.map((h) => h.model.name).sort();
    const register = async (input: Record<string, unknown>) =>
      (
        await ok<{ registerModel: { id: string } }>(
          admin,
          'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
          { i: { task: 'classification', framework: 'xgboost', ...input } },
        )
      ).registerModel.id;

    beforeAll(async () => {
      registry = await startTestSubgraph(registrySubgraph, (await createTestDatabase()).url, admin, env());
      for (const [slug, defaultVisibility] of [
        ['fraud-detection', undefined],
        ['recommendations', 'PRIVATE'],
        ['search-ranking', undefined],
      ] as const) {
        await ok(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
          i: { slug, name: slug, defaultVisibility },
        });
      }
      ids.fraudPublic = await register({ team: 'fraud-detection', name: 'fraud-public', tags: ['shared'] });
      ids.fraudSecret = await register({
        team: 'fraud-detection',
        name: 'fraud-secret',
        task: 'secret-task',
        framework: 'secret-framework',
        tags: ['shared', 'secret-tag'],
        description: 'Zanzibar heuristics',
        visibility: 'PRIVATE',
      });
      // Registered without a visibility: the team's default, PRIVATE.
      ids.recsSecret = await register({ team: 'recommendations', name: 'recs-secret', tags: ['recs-tag'] });
      ids.recsPublic = await register({
        team: 'recommendations',
        name: 'recs-public',
        visibility: 'INTERNAL',
      });
      await register({ team: 'search-ranking', name: 'search-public' });
      const version = await ok<{ createModelVersion: { id: string } }>(
        admin,
        'mutation($m: ID!) { createModelVersion(input: { modelId: $m }) { id } }',
        { m: ids.fraudSecret },
      );
      ids.fraudSecretVersion = version.createModelVersion.id;
      await vi.waitFor(async () => expect((await search(admin)).total).toBe(5), {
        timeout: 15_000,
        interval: 100,
      });
    });

    /** The error a model that does not exist gets, with its id taken out. */
    async function notFoundShape(query: string, id: string, principal: Principal) {
      const result = await run(principal, query, { id });
      expect(result.data ?? null).toBeNull();
      return result.errors?.map((e) => ({
        code: e.extensions?.code,
        message: e.message.replace(id, '<id>'),
      }));
    }

    it('answers NOT_FOUND by id, word for word as for a model that does not exist', async () => {
      const MODEL = 'query($id: ID!) { model(id: $id) { id name } }';
      const VERSION = 'query($id: ID!) { modelVersion(id: $id) { id model { name } } }';
      for (const principal of [outsider, executive, recommender]) {
        const missing = await notFoundShape(MODEL, randomUUID(), principal);
        expect(missing).toEqual([{ code: 'NOT_FOUND', message: expect.stringContaining('<id>') }]);
        expect(await notFoundShape(MODEL, ids.fraudSecret, principal)).toEqual(missing);
        expect(await notFoundShape(VERSION, ids.fraudSecretVersion, principal)).toEqual(
          await notFoundShape(VERSION, randomUUID(), principal),
        );
      }
      expect(await notFoundShape(MODEL, ids.recsSecret, engineer)).toEqual(
        await notFoundShape(MODEL, randomUUID(), engineer),
      );
    });

    it('leaves hidden models out of lists and their totals, team by team', async () => {
      const LIST =
        'query($team: String) { models(first: 100, team: $team) { totalCount edges { node { name } } } }';
      type List = { models: { totalCount: number; edges: { node: { name: string } }[] } };
      const list = async (principal: Principal, team?: string) => {
        const { models } = await ok<List>(principal, LIST, { team });
        expect(models.edges).toHaveLength(models.totalCount);
        return models.edges.map((e) => e.node.name).sort();
      };
      const INTERNAL = ['fraud-public', 'recs-public', 'search-public'];
      expect(await list(outsider)).toEqual(INTERNAL);
      expect(await list(executive)).toEqual(INTERNAL);
      expect(await list(outsider, 'fraud-detection')).toEqual(['fraud-public']);
      expect(await list(engineer)).toEqual(['fraud-public', 'fraud-secret', 'recs-public', 'search-public']);
      expect(await list(viewer, 'fraud-detection')).toEqual(['fraud-public', 'fraud-secret']);
      expect(await list(engineer, 'recommendations')).toEqual(['recs-public']);
      expect(await list(recommender, 'recommendations')).toEqual(['recs-public', 'recs-secret']);
      for (const everyone of [admin, auditor, maintainer]) expect(await list(everyone)).toHaveLength(5);
    });

    it('leaves hidden models out of search hits, the total and every facet count', async () => {
      const all = await search(outsider);
      expect(names(all)).toEqual(['fraud-public', 'recs-public', 'search-public']);
      expect(all.total).toBe(3);
      expect(all.facets.teams).toEqual([
        { value: 'fraud-detection', count: 1 },
        { value: 'recommendations', count: 1 },
        { value: 'search-ranking', count: 1 },
      ]);
      expect(all.facets.tasks).toEqual([{ value: 'classification', count: 3 }]);
      expect(all.facets.frameworks).toEqual([{ value: 'xgboost', count: 3 }]);
      expect(all.facets.tags).toEqual([{ value: 'shared', count: 1 }]);
      expect(await search(executive)).toEqual(all);

      for (const text of ['fraud-secret', 'zanzibar', 'secret', 'recs-tag']) {
        const found = await search(outsider, text);
        expect(found.total).toBe(0);
        expect(found.facets).toEqual({ teams: [], tasks: [], frameworks: [], tags: [] });
      }
      const filtered = await search(outsider, '', { teams: ['fraud-detection'], tags: ['shared'] });
      expect(names(filtered)).toEqual(['fraud-public']);
      expect(filtered.facets.teams).toEqual([{ value: 'fraud-detection', count: 1 }]);
      expect((await search(outsider, '', { tasks: ['secret-task'] })).total).toBe(0);
      expect((await search(engineer, '', { teams: ['recommendations'] })).total).toBe(1);
    });

    it('shows private models to their team’s members, platform admins and auditors, in search too', async () => {
      const member = await search(engineer, 'zanzibar');
      expect(names(member)).toEqual(['fraud-secret']);
      expect(member.facets.tags).toEqual([
        { value: 'secret-tag', count: 1 },
        { value: 'shared', count: 1 },
      ]);
      expect((await search(engineer)).total).toBe(4);
      expect(names(await search(recommender, 'recs'))).toEqual(['recs-public', 'recs-secret']);
      for (const everyone of [admin, auditor]) {
        const result = await search(everyone);
        expect(result.total).toBe(5);
        expect(result.facets.tags).toContainEqual({ value: 'shared', count: 2 });
      }
      const read = await ok<{ modelVersion: { model: { name: string; visibility: string } } }>(
        viewer,
        'query($id: ID!) { modelVersion(id: $id) { model { name visibility } } }',
        { id: ids.fraudSecretVersion },
      );
      expect(read.modelVersion.model).toEqual({ name: 'fraud-secret', visibility: 'PRIVATE' });
      const versions = await ok<{
        model: { versions: { totalCount: number }; latestVersion: { id: string } };
      }>(auditor, 'query($id: ID!) { model(id: $id) { versions { totalCount } latestVersion { id } } }', {
        id: ids.fraudSecret,
      });
      expect(versions.model.latestVersion.id).toBe(ids.fraudSecretVersion);
      expect(versions.model.versions.totalCount).toBeGreaterThan(0);
    });

    it('resolves hidden entities to null through _entities, as if they did not exist', async () => {
      const representations = (model: string, version: string) => [
        { __typename: 'Model', id: model },
        { __typename: 'ModelVersion', id: version },
      ];
      const hidden = await run(outsider, ENTITIES, {
        r: representations(ids.fraudSecret, ids.fraudSecretVersion),
      });
      const missing = await run(outsider, ENTITIES, { r: representations(randomUUID(), randomUUID()) });
      expect(hidden).toEqual(missing);
      expect(hidden.data).toEqual({ _entities: [null, null] });
      const seen = await ok<{ _entities: unknown[] }>(engineer, ENTITIES, {
        r: representations(ids.fraudSecret, ids.fraudSecretVersion),
      });
      expect(seen._entities).toEqual([
        { id: ids.fraudSecret, name: 'fraud-secret' },
        { id: ids.fraudSecretVersion, version: 1 },
      ]);
    });

    it('answers a version for a hidden model NOT_FOUND, not FORBIDDEN, and changes nothing', async () => {
      const CREATE = 'mutation($m: ID!) { createModelVersion(input: { modelId: $m }) { id } }';
      const missing = await run(outsider, CREATE, { m: randomUUID() });
      for (const [principal, model] of [
        [outsider, ids.fraudSecret],
        [engineer, ids.recsSecret],
      ] as const) {
        const result = await run(principal, CREATE, { m: model });
        expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(result.errors?.[0]?.message.replace(model, '<id>')).toBe(
          missing.errors?.[0]?.message.replace(/[0-9a-f-]{36}/, '<id>'),
        );
      }
      // Who contributes to no team is refused before any lookup: the same answer for a hidden
      // model as for one that does not exist.
      expect((await run(executive, CREATE, { m: ids.recsSecret })).errors?.[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN' },
        message: (await run(executive, CREATE, { m: randomUUID() })).errors?.[0]?.message,
      });
      // Visible but not theirs: the usual FORBIDDEN.
      expect((await run(engineer, CREATE, { m: ids.recsPublic })).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
      const { model } = await ok<{ model: { versionCount: number } }>(
        admin,
        'query($id: ID!) { model(id: $id) { versionCount } }',
        { id: ids.fraudSecret },
      );
      expect(model.versionCount).toBe(1);
    });
  });
}

isolationSuite('postgres', () => ({ SEARCH_ENGINE: 'postgres' }));

const elasticsearch = requireElasticsearch();
elasticsearch.describe('Elasticsearch', (url) => {
  const prefix = `cairn-test-${randomBytes(4).toString('hex')}`;
  isolationSuite('elasticsearch', () => ({
    SEARCH_ENGINE: 'elasticsearch',
    ELASTICSEARCH_URL: url,
    SEARCH_INDEX_PREFIX: prefix,
  }));
});
