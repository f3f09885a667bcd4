import { randomBytes } from 'node:crypto';
import { requireElasticsearch } from '@cairn/testing';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeSearchEngineContract } from '../src/contract';
import { CATALOG, namesOf } from '../src/contract-fixtures';
import { ElasticsearchSearchEngine } from '../src/elasticsearch-engine';
import { MAPPINGS } from '../src/elasticsearch-query';
import { SEES_EVERYTHING } from '../src/search-engine';

const elasticsearch = requireElasticsearch();

elasticsearch.describe('ElasticsearchSearchEngine', (url) => {
  /** This file's indices all start with it, so parallel runs and files never meet. */
  const filePrefix = `cairn-test-${randomBytes(4).toString('hex')}`;
  let client: Client;
  let engines = 0;

  beforeAll(() => {
    client = new Client({ node: url });
  });
  afterAll(async () => {
    if (!client) return;
    const indices = Object.keys(await client.indices.get({ index: `${filePrefix}-*` }));
    // Explicit names: wildcard deletes are refused by default (action.destructive_requires_name).
    if (indices.length > 0) await client.indices.delete({ index: indices, ignore_unavailable: true });
    await client.close();
  });

  const createEngine = async () =>
    new ElasticsearchSearchEngine({ url, indexPrefix: `${filePrefix}-${++engines}` });

  describeSearchEngineContract('elasticsearch', createEngine);

  it('matches a long word with a typo (Postgres does not: see contract.ts)', async () => {
    const engine = await createEngine();
    await engine.ensureReady();
    await engine.upsert(CATALOG);
    await engine.refresh();
    const response = await engine.search({
      access: SEES_EVERYTHING,
      text: 'recomendation',
      first: 100,
      offset: 0,
    });
    expect(namesOf(response.hits.map((hit) => hit.id)).sort()).toEqual([
      'churn-oracle',
      'cold-start-baseline',
      'email-digest-ranker',
      'home-feed-recommender',
      'related-searches',
      'similar-items',
    ]);
    await engine.close();
  });

  it('keeps one index behind the alias after rebuilds', async () => {
    const engine = await createEngine();
    await engine.ensureReady();
    for (let i = 0; i < 2; i++) {
      await engine.rebuild(
        (async function* () {
          yield CATALOG;
        })(),
      );
    }
    const indices = Object.keys(await client.indices.get({ index: `${engine.alias}-*` }));
    expect(indices).toHaveLength(1);
    expect(Object.keys(await client.indices.getAlias({ name: engine.alias }))).toEqual(indices);
    await engine.close();
  });

  it('needs a rebuild while its alias points at an index of an older mapping version', async () => {
    const engine = await createEngine();
    expect(await engine.needsRebuild()).toBe(false);
    await engine.ensureReady();
    expect(await engine.needsRebuild()).toBe(false);
    // What version 1 built: no `visibility`, and strict, so it would refuse the field.
    const { visibility: _visibility, ...oldProperties } = MAPPINGS.properties!;
    const current = Object.keys(await client.indices.getAlias({ name: engine.alias }));
    await client.indices.create({
      index: `${engine.alias}-v1-old`,
      mappings: { ...MAPPINGS, properties: oldProperties },
    });
    await client.indices.updateAliases({
      actions: [
        ...current.map((index) => ({ remove: { index, alias: engine.alias } })),
        { add: { index: `${engine.alias}-v1-old`, alias: engine.alias } },
      ],
    });
    expect(await engine.needsRebuild()).toBe(true);
    await engine.ensureReady();
    expect(await engine.needsRebuild()).toBe(true);
    await engine.rebuild(
      (async function* () {
        yield CATALOG;
      })(),
    );
    expect(await engine.needsRebuild()).toBe(false);
    const outsider = await engine.search({ access: { privateTeams: [] }, text: '', first: 100, offset: 0 });
    expect(outsider.total).toBe(CATALOG.filter((d) => d.visibility === 'INTERNAL').length);
    await engine.close();
  });

  it('deletes its half-built index when a rebuild fails', async () => {
    const engine = await createEngine();
    await engine.ensureReady();
    const before = Object.keys(await client.indices.get({ index: `${engine.alias}-*` }));
    await expect(
      engine.rebuild(
        (async function* () {
          yield CATALOG.slice(0, 2);
          throw new Error('source failed');
        })(),
      ),
    ).rejects.toThrow('source failed');
    expect(Object.keys(await client.indices.get({ index: `${engine.alias}-*` }))).toEqual(before);
    await engine.close();
  });
});
