import { randomBytes } from 'node:crypto';
import { governanceSubgraph } from '@cairn/governance';
import { SYSTEM_PRINCIPAL } from '@cairn/identity';
import { registrySubgraph, TeamService } from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  migrateSubgraphs,
  promoteVersion,
  requireElasticsearch,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registryEventLog } from '../src/data-source';
import { TcpProxy } from './tcp-proxy';

const { admin } = testPrincipals;
const SEARCH = 'query($q: String!) { searchModels(query: $q, first: 100) { total hits { model { name } } } }';

type Readiness = {
  status: string;
  reasons: string[];
  checks: { name: string; status: string; details?: { lag?: number; position?: unknown } }[];
};

async function readiness(subgraph: TestSubgraph): Promise<{ httpStatus: number; body: Readiness }> {
  const response = await fetch(new URL('/readyz', subgraph.url));
  return { httpStatus: response.status, body: (await response.json()) as Readiness };
}

const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 20_000, interval: 200 });

requireElasticsearch().describe('while Elasticsearch is down', (elasticsearchUrl) => {
  let proxy: TcpProxy;
  let registry: TestSubgraph;
  let governance: TestSubgraph;
  const registered: string[] = [];

  /** A new model with one version, through the registry's API; remembers the model's name. */
  async function register(): Promise<string> {
    const [versionId] = await createVersions(registry, 1, 'outage-team', admin);
    const [row] = await registry.dataSource.query(
      'SELECT m.name FROM registry.model m JOIN registry.model_version v ON v.model_id = m.id WHERE v.id = $1',
      [versionId],
    );
    registered.push(row.name);
    return versionId!;
  }

  async function search(query: string) {
    return registry.execute<{ searchModels: { total: number; hits: { model: { name: string } }[] } }>(
      SEARCH,
      {
        q: query,
      },
    );
  }

  beforeAll(async () => {
    proxy = TcpProxy.to(elasticsearchUrl);
    await proxy.open();
    const db = await createTestDatabase();
    await migrateSubgraphs(db.url, [registrySubgraph]);
    const env = {
      SEARCH_ENGINE: 'elasticsearch',
      ELASTICSEARCH_URL: proxy.url,
      SEARCH_INDEX_PREFIX: `cairn-outage-${randomBytes(4).toString('hex')}`,
      EVENT_RETRY_MAX_INTERVAL_MS: '400',
    };
    registry = await startTestSubgraph(registrySubgraph, db.url, admin, env);
    governance = await startTestSubgraph(governanceSubgraph, db.url, admin, {
      EVENT_RETRY_MAX_INTERVAL_MS: '400',
    });
    await new TeamService(registry.dataSource).create(SYSTEM_PRINCIPAL, {
      slug: 'outage-team',
      name: 'Outage',
    });
    await register();
    await eventually(async () => expect((await search('')).data?.searchModels.total).toBe(1));
  });

  afterAll(() => proxy?.close());

  it('registration and governance keep working, search says SEARCH_UNAVAILABLE, and the index catches up', async () => {
    await proxy.close();

    // Registration works, and a version moves through governance while search is away.
    const during = [await register(), await register()];
    await promoteVersion(governance, during[0]!, 'STAGING', admin);
    const unavailable = await search('');
    expect(unavailable.errors?.[0]?.extensions?.code).toBe('SEARCH_UNAVAILABLE');
    expect(unavailable.errors?.[0]?.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|elasticsearch/i);

    // The registry is degraded, not unready, and says why; nothing was quarantined.
    await eventually(async () => {
      const { httpStatus, body } = await readiness(registry);
      expect(httpStatus).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.reasons.join('\n')).toMatch(/elasticsearch unreachable/);
      expect(body.reasons.join('\n')).toMatch(/search-indexer:elasticsearch is failing/);
      expect(body.checks.find((c) => c.name === 'database')?.status).toBe('up');
    });
    expect(await registry.dataSource.query('SELECT * FROM registry.event_quarantine')).toEqual([]);
    // The model directory in governance is not held back by the stalled indexer.
    const head = await registryEventLog.head(registry.dataSource.manager);
    await eventually(async () => {
      const { httpStatus, body } = await readiness(governance);
      expect(httpStatus).toBe(200);
      // Only consumers waiting for logs this database lacks (lineage's, metrics') may degrade it.
      expect(
        body.reasons.filter((reason: string) => !/is waiting: (lineage|metrics)\.event_log/.test(reason)),
      ).toEqual([]);
      const directory = body.checks.find((c) => c.name === 'consumer:model-directory');
      expect(directory?.details?.lag).toBe(0);
      expect(directory?.details?.position).toEqual(head);
    });

    // Elasticsearch returns: the index catches up with every model, and readiness recovers.
    await proxy.open();
    await eventually(async () => {
      const result = await search('');
      expect(result.errors).toBeUndefined();
      expect(result.data!.searchModels.hits.map((h) => h.model.name).sort()).toEqual([...registered].sort());
    });
    await eventually(async () => expect((await readiness(registry)).body.status).toBe('ready'));
  }, 90_000);

  describe('with SEARCH_FALLBACK=postgres', () => {
    let withFallback: TestSubgraph;

    beforeAll(async () => {
      const db = await createTestDatabase();
      await migrateSubgraphs(db.url, [registrySubgraph]);
      withFallback = await startTestSubgraph(registrySubgraph, db.url, admin, {
        SEARCH_ENGINE: 'elasticsearch',
        ELASTICSEARCH_URL: proxy.url,
        SEARCH_INDEX_PREFIX: `cairn-fallback-${randomBytes(4).toString('hex')}`,
        SEARCH_FALLBACK: 'postgres',
      });
      await new TeamService(withFallback.dataSource).create(SYSTEM_PRINCIPAL, {
        slug: 'outage-team',
        name: 'O',
      });
    });

    it('answers from PostgreSQL while Elasticsearch is away, models registered meanwhile included', async () => {
      await proxy.close();
      try {
        await createVersions(withFallback, 1, 'outage-team', admin);
        await eventually(async () => {
          const result = await withFallback.execute<{ searchModels: { total: number; engine: string } }>(
            'query { searchModels(query: "") { total engine } }',
          );
          expect(result.errors).toBeUndefined();
          expect(result.data?.searchModels).toEqual({ total: 1, engine: 'postgres' });
        });
        const { body } = await readiness(withFallback);
        expect(body.reasons.join('\n')).toMatch(
          /elasticsearch unreachable: searchModels answered by postgres/,
        );
      } finally {
        await proxy.open();
      }
      await eventually(async () => {
        const result = await withFallback.execute<{ searchModels: { total: number; engine: string } }>(
          'query { searchModels(query: "") { total engine } }',
        );
        expect(result.data?.searchModels).toEqual({ total: 1, engine: 'elasticsearch' });
      });
    }, 60_000);
  });
});
