import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import {
  asLogin,
  createDatabase,
  ensureServiceLogin,
  freePort,
  type RunningPostgres,
  startEmbeddedPostgres,
} from '@cairn/local-services';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { clientCredentialsToken, postGraphQL } from '@cairn/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A PostgreSQL of its own, so this file can stop and restart it without disturbing the other
 * test files, which share the run's cluster.
 */
let root: string;
let port: number;
let postgres: RunningPostgres;
let stack: RunningStack;
let token: string;

const startPostgres = () =>
  startEmbeddedPostgres({ dataDir: path.join(root, 'data'), port, persistent: true, fast: true });

async function readiness(url: string): Promise<number> {
  return fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.status,
    () => 0,
  );
}

async function everyReadiness(): Promise<number[]> {
  return Promise.all([stack.gatewayUrl, ...Object.values(stack.subgraphUrls)].map(readiness));
}

async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const api = <T>(query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL<T>(stack.gatewayUrl, { query, variables }, { authorization: `Bearer ${token}` });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'cairn-restart-pg-'));
  port = await freePort();
  postgres = await startPostgres();
  await ensureServiceLogin(postgres.adminUrl);
  await createDatabase(postgres.adminUrl, 'cairn');
  await migrateAll(postgres.urlFor('cairn'));
  stack = await startStack({
    databaseUrl: asLogin(postgres.urlFor('cairn')),
    env: { NODE_ENV: 'test', EVENT_POLL_INTERVAL_MS: '100', EVENT_RETRY_MAX_INTERVAL_MS: '500' },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  token = await clientCredentialsToken(stack.issuer, DEV_TOOL_CLIENT);
  const created = await postGraphQL(Object.values(stack.subgraphUrls)[0]!, { query: '{ __typename }' }, {});
  expect(created.status).toBe(401); // subgraphs still refuse callers without the gateway's identity
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await postgres?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a PostgreSQL restart', () => {
  it('flips every service’s readiness, answers typed errors meanwhile, and every service recovers', async () => {
    expect(await everyReadiness()).toEqual([200, 200, 200, 200, 200]);
    const team = await api('mutation { createTeam(input: { slug: "platform", name: "Platform" }) { id } }');
    expect(team.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // the tool is no platform admin

    await postgres.stop();
    await eventually(async () => expect(await everyReadiness()).toEqual([503, 503, 503, 503, 503]));
    const during = await api('{ models(first: 1) { totalCount } }');
    expect(during.status).toBeLessThan(500);
    expect(during.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(during)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/);

    postgres = await startPostgres();
    await eventually(async () => expect(await everyReadiness()).toEqual([200, 200, 200, 200, 200]));
    const after = await eventually(async () => {
      const result = await api<{ models: { totalCount: number } }>('{ models(first: 1) { totalCount } }');
      expect(result.errors).toBeUndefined();
      return result;
    });
    expect(after.data!.models.totalCount).toBe(0);
  });
});
