import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  asLogin,
  createDatabase,
  ensureServiceLogin,
  freePort,
  startEmbeddedPostgres,
} from '@cairn/local-services';
import { migrateAll, seedDemoCatalog, startPortal, startStack, waitForSearchIndex } from '@cairn/stack';
import pino from 'pino';

/**
 * Brings up the whole stack for the browser suite on free ports: PostgreSQL (embedded, or a
 * database on DATABASE_URL's server), the dev IdP, the subgraphs, the gateway and the portal,
 * with the demo catalog. Elasticsearch is used when ELASTICSEARCH_URL is set.
 */
export default async function globalSetup() {
  const logger = pino({ level: 'warn' });
  const stops: (() => Promise<void>)[] = [];
  const root = mkdtempSync(path.join(tmpdir(), 'cairn-e2e-'));
  stops.push(async () => rmSync(root, { recursive: true, force: true }));
  try {
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(root, 'pg'),
      port: await freePort(),
      persistent: false,
      fast: true,
    });
    stops.push(postgres.stop);
    await createDatabase(postgres.adminUrl, 'cairn_e2e');
    await ensureServiceLogin(postgres.adminUrl);
    // The owner migrates; the services connect as the login that owns nothing.
    const ownerUrl = postgres.urlFor('cairn_e2e');
    await migrateAll(ownerUrl);
    const databaseUrl = asLogin(ownerUrl);

    const portalPort = await freePort();
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const env: Record<string, string | undefined> = {
      NODE_ENV: 'test',
      PORTAL_URL: portalUrl,
      EVENT_POLL_INTERVAL_MS: '200',
      ...(process.env.ELASTICSEARCH_URL
        ? { ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL, SEARCH_INDEX_PREFIX: `cairn-e2e-${Date.now()}` }
        : { SEARCH_ENGINE: 'postgres' }),
    };
    const stack = await startStack({ databaseUrl, env, ephemeralPorts: true, logger });
    stops.push(stack.stop);
    await seedDemoCatalog(stack.subgraphUrls, stack.identitySigningKey, logger);
    const search = await waitForSearchIndex(stack.subgraphUrls.registry, stack.identitySigningKey);
    const portal = await startPortal({
      port: portalPort,
      url: portalUrl,
      issuer: stack.issuer,
      gatewayUrl: stack.gatewayUrl,
      env: { ...process.env, ...env },
      logger,
    });
    stops.push(portal.stop);

    process.env.PORTAL_URL = portalUrl;
    process.env.GATEWAY_URL = stack.gatewayUrl;
    process.env.OIDC_ISSUER = stack.issuer;
    process.env.SEARCH_ENGINE_IN_USE = search.engine;
    console.log(`e2e stack: portal ${portalUrl}, gateway ${stack.gatewayUrl}, search on ${search.engine}`);
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
  return async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error('stop failed', err));
  };
}
