import { randomBytes } from 'node:crypto';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  migrateSubgraphs,
  requireElasticsearch,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

/**
 * An index from before `visibility` (mapping version 1, strict) would refuse the new field and
 * could not filter on it: the registry's indexer finds the alias on it and rebuilds from the
 * database before writing, so nothing is quarantined and private models stay private.
 */
const { admin, outsider } = testPrincipals;
const elasticsearch = requireElasticsearch();

elasticsearch.describe('an Elasticsearch index of an older mapping version', (url) => {
  const prefix = `cairn-upgrade-${randomBytes(4).toString('hex')}`;
  const alias = `${prefix}-models`;
  let client: Client;
  let registry: TestSubgraph;

  const search = async (principal = admin) => {
    const result = await registry.execute<{
      searchModels: { total: number; hits: { model: { name: string } }[] };
    }>('{ searchModels(query: "", first: 100) { total hits { model { name } } } }', {}, principal);
    expect(result.errors).toBeUndefined();
    return result.data!.searchModels;
  };

  beforeAll(async () => {
    client = new Client({ node: url });
    // As version 1 named and mapped it (abridged): strict, without `visibility`, one stale document.
    await client.indices.create({
      index: `${alias}-v1-initial`,
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'keyword' },
          name: { type: 'text', fields: { keyword: { type: 'keyword' } } },
          description: { type: 'text' },
          teamSlug: { type: 'keyword' },
        },
      },
      aliases: { [alias]: {} },
    });
    await client.index({
      index: alias,
      id: '00000000-0000-4000-8000-000000000001',
      document: {
        id: '00000000-0000-4000-8000-000000000001',
        name: 'long-gone',
        description: '',
        teamSlug: 'x',
      },
      refresh: true,
    });
    const db = await createTestDatabase();
    await migrateSubgraphs(db.url, [registrySubgraph]);
    registry = await startTestSubgraph(registrySubgraph, db.url, admin, {
      SEARCH_ENGINE: 'elasticsearch',
      ELASTICSEARCH_URL: url,
      SEARCH_INDEX_PREFIX: prefix,
    });
  });

  afterAll(async () => {
    if (!client) return;
    const indices = Object.keys(await client.indices.get({ index: `${prefix}-*` }));
    // The registry may drop the old index while this runs: one already gone is fine.
    if (indices.length > 0) {
      await client.indices.delete({ index: indices, ignore_unavailable: true }).catch((error) => {
        if ((error as { meta?: { statusCode?: number } }).meta?.statusCode !== 404) throw error;
      });
    }
    await client.close();
  });

  it('is rebuilt from the database by the indexer, then indexes as usual', async () => {
    await registry.execute(
      'mutation { createTeam(input: { slug: "fraud-detection", name: "Fraud" }) { id } }',
    );
    for (const [name, visibility] of [
      ['open-model', 'INTERNAL'],
      ['closed-model', 'PRIVATE'],
    ]) {
      const registered = await registry.execute(
        'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
        {
          i: { team: 'fraud-detection', name, visibility },
        },
      );
      expect(registered.errors).toBeUndefined();
    }
    await vi.waitFor(
      async () =>
        expect((await search()).hits.map((h) => h.model.name).sort()).toEqual(['closed-model', 'open-model']),
      { timeout: 20_000, interval: 200 },
    );
    expect((await search(outsider)).hits.map((h) => h.model.name)).toEqual(['open-model']);
    const indices = Object.keys(await client.indices.getAlias({ name: alias }));
    expect(indices).toHaveLength(1);
    expect(indices[0]).toMatch(new RegExp(`^${alias}-v3-`));
    expect(await registry.dataSource.query('SELECT * FROM registry.event_quarantine')).toEqual([]);
  });
});
