import { randomBytes } from 'node:crypto';
import { createArtifactStore } from '@cairn/artifact-store';
import { SYSTEM_PRINCIPAL } from '@cairn/identity';
import { rebuildSearchIndex, registrySubgraph } from '@cairn/registry';
import { createSigner } from '@cairn/signing';
import { createTestDatabase, startTestSubgraph, type TestSubgraph, testPrincipals } from '@cairn/testing';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createRegistryServices } from '../src/context';
import { createSearchEngine } from '../src/search/search-engine-factory';
import { createSensitiveDataScanner } from '../src/services/sensitive-data';
import { VersionSigner } from '../src/services/version-signer';

const elasticsearchUrl = inject('elasticsearchUrl');

const SEARCH = /* GraphQL */ `
  query Search($query: String!, $first: Int, $after: String, $filters: ModelSearchFiltersInput) {
    searchModels(query: $query, first: $first, after: $after, filters: $filters) {
      total engine
      hits { score model { id name team { slug } } }
      pageInfo { hasNextPage endCursor }
      facets { teams { value count } tasks { value count } tags { value count } }
    }
  }`;

type SearchResult = {
  searchModels: {
    total: number;
    engine: string;
    hits: { score: number; model: { id: string; name: string; team: { slug: string } } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: Record<'teams' | 'tasks' | 'tags', { value: string; count: number }[]>;
  };
};

const MODELS = [
  {
    team: 'fraud-detection',
    name: 'card-fraud-scorer',
    task: 'classification',
    tags: ['tabular', 'realtime'],
    description: 'Scores card transactions for fraud risk.',
  },
  {
    team: 'fraud-detection',
    name: 'chargeback-predictor',
    task: 'classification',
    tags: ['tabular'],
    description: 'Predicts chargebacks within 90 days.',
  },
  {
    team: 'recommendations',
    name: 'home-feed-ranker',
    task: 'ranking',
    tags: ['realtime'],
    description: 'Ranks items for the personalised home feed.',
  },
  {
    team: 'recommendations',
    name: 'similar-items',
    task: 'embedding',
    tags: ['embedding'],
    description: 'Two-tower recommendation model.',
  },
  {
    team: 'search-ranking',
    name: 'query-understanding',
    task: 'classification',
    tags: ['nlp'],
    description: 'Classifies search queries into intents.',
  },
];

function searchSuite(engineName: 'postgres' | 'elasticsearch', env: () => Record<string, string>) {
  describe(`searchModels on ${engineName}`, () => {
    let registry: TestSubgraph;
    let databaseUrl: string;

    const search = async (variables: Record<string, unknown>) => {
      const result = await registry.execute<SearchResult>(SEARCH, variables);
      expect(result.errors).toBeUndefined();
      return result.data!.searchModels;
    };
    const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });

    beforeAll(async () => {
      databaseUrl = (await createTestDatabase()).url;
      registry = await startTestSubgraph(registrySubgraph, databaseUrl, testPrincipals.admin, env());
      const { teams, models } = createRegistryServices(
        registry.dataSource,
        createSearchEngine(registry.config, registry.dataSource),
        createSensitiveDataScanner(registry.config),
        createArtifactStore(registry.config),
        new VersionSigner(() => createSigner(registry.config)),
      );
      for (const slug of ['fraud-detection', 'recommendations', 'search-ranking']) {
        await teams.create(SYSTEM_PRINCIPAL, { slug, name: slug });
      }
      for (const model of MODELS) await models.register(testPrincipals.admin, model);
      await eventually(async () => expect((await search({ query: '' })).total).toBe(MODELS.length));
    });

    it('answers with the engine in use', async () => {
      expect((await search({ query: '' })).engine).toBe(engineName);
    });

    it('finds models by whole and partial words, best match first', async () => {
      const exact = await search({ query: 'card-fraud-scorer' });
      expect(exact.hits[0]?.model.name).toBe('card-fraud-scorer');
      const partial = await search({ query: 'charge' });
      expect(partial.hits.map((h) => h.model.name)).toContain('chargeback-predictor');
      const described = await search({ query: 'personalised feed' });
      expect(described.hits[0]?.model.name).toBe('home-feed-ranker');
    });

    it('filters and counts facets over the filtered result', async () => {
      const result = await search({ query: '', filters: { teams: ['fraud-detection'] } });
      expect(result.total).toBe(2);
      expect(result.facets.tasks).toEqual([{ value: 'classification', count: 2 }]);
      expect(result.facets.tags).toEqual(
        expect.arrayContaining([
          { value: 'tabular', count: 2 },
          { value: 'realtime', count: 1 },
        ]),
      );
    });

    it('pages with opaque cursors, covering every model once', async () => {
      const names: string[] = [];
      let after: string | null = null;
      do {
        const page: SearchResult['searchModels'] = await search({ query: '', first: 2, after });
        names.push(...page.hits.map((h) => h.model.name));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(names).toEqual(MODELS.map((m) => m.name).sort());
    });

    it('rejects a forged cursor, an over-long query and an invalid filter as BAD_USER_INPUT', async () => {
      for (const variables of [
        { query: '', after: 'forged' },
        { query: 'x'.repeat(201) },
        { query: '', filters: { teams: ['Not A Slug'] } },
      ]) {
        const result = await registry.execute(SEARCH, variables);
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it('indexes a model registered through the API, and one registered while the indexer was down', async () => {
      const name = `fresh-${randomBytes(3).toString('hex')}`;
      const registered = await registry.execute(
        'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
        { i: { team: 'search-ranking', name, description: 'Brand new zeppelin detector' } },
      );
      expect(registered.errors).toBeUndefined();
      await eventually(async () =>
        expect((await search({ query: 'zeppelin' })).hits.map((h) => h.model.name)).toEqual([name]),
      );

      await registry.close();
      const offline = startTestSubgraph(registrySubgraph, databaseUrl, testPrincipals.admin, env());
      const restarted = await offline;
      const services = createRegistryServices(
        restarted.dataSource,
        createSearchEngine(restarted.config, restarted.dataSource),
        createSensitiveDataScanner(restarted.config),
        createArtifactStore(restarted.config),
        new VersionSigner(() => createSigner(restarted.config)),
      );
      await services.models.register(testPrincipals.admin, {
        team: 'search-ranking',
        name: 'while-down',
        description: 'Dirigible tracker',
      });
      registry = restarted;
      await eventually(async () =>
        expect((await search({ query: 'dirigible' })).hits.map((h) => h.model.name)).toEqual(['while-down']),
      );
    });

    it('rebuilds the index from the database without losing anything', async () => {
      const before = (await search({ query: '' })).total;
      // As the service login: a rebuild replaces rows and needs no DDL.
      const engine = createSearchEngine(registry.config, registry.dataSource);
      const { indexed } = await rebuildSearchIndex(registry.dataSource, engine);
      await engine.close();
      expect(indexed).toBe(before);
      expect((await search({ query: '' })).total).toBe(before);
      expect((await search({ query: 'card-fraud-scorer' })).hits[0]?.model.name).toBe('card-fraud-scorer');
    });
  });
}

searchSuite('postgres', () => ({ SEARCH_ENGINE: 'postgres' }));

describe.skipIf(!elasticsearchUrl)(
  `Elasticsearch${elasticsearchUrl ? '' : ' (not run: ELASTICSEARCH_URL is unset; `npm run elasticsearch` starts one)'}`,
  () => {
    const prefix = `cairn-test-${randomBytes(4).toString('hex')}`;
    searchSuite('elasticsearch', () => ({
      SEARCH_ENGINE: 'elasticsearch',
      ELASTICSEARCH_URL: elasticsearchUrl!,
      SEARCH_INDEX_PREFIX: prefix,
    }));
  },
);
