import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig, type StackConfig, stackSchema } from '@cairn/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import {
  asLogin,
  createDatabase,
  databaseExists,
  elasticsearchAvailable,
  ensureServiceLogin,
  provisionElasticsearch,
  startElasticsearch,
  startEmbeddedPostgres,
} from '@cairn/local-services';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { startPortal } from './portal-process';
import { seedDemoCatalog, waitForSearchIndex } from './seed';
import { migrateAll, startStack } from './stack';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function prettyLogger(level: string) {
  // Synchronous, so log lines and the banner below appear in the order they happen.
  return pino({ level }, pretty({ sync: true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss' }));
}

/**
 * Elasticsearch for `npm start` when no ELASTICSEARCH_URL is given: the integration-test
 * distribution from Maven Central, if this machine has Java and Maven; otherwise search falls
 * back to PostgreSQL and says so.
 */
async function startLocalElasticsearch(
  config: StackConfig,
  logger: Logger,
  stops: (() => Promise<void>)[],
): Promise<string | undefined> {
  if (!elasticsearchAvailable()) {
    logger.info(
      'Search uses PostgreSQL full-text search: set ELASTICSEARCH_URL, or install Java and Maven, for Elasticsearch.',
    );
    return undefined;
  }
  const home = path.resolve(repoRoot, config.CAIRN_DATA_DIR, 'elasticsearch');
  logger.info('provisioning Elasticsearch (first run downloads it through Maven)');
  const provisioned = await provisionElasticsearch({ cacheDir: home });
  const running = await startElasticsearch({
    home: provisioned.home,
    dataDir: path.join(home, 'npm-start', 'data'),
    port: config.EMBEDDED_ELASTICSEARCH_PORT,
    log: (line) => logger.debug({ name: 'elasticsearch' }, line),
  });
  stops.push(running.stop);
  logger.info({ url: running.url }, 'Elasticsearch is up');
  return running.url;
}

/** What has been started, stopped in reverse order on Ctrl-C or when start-up fails. */
const stops: (() => Promise<void>)[] = [];

async function stopAll(): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch((err) => console.error('stop failed:', err));
}

function banner(lines: string[]): string {
  return ['', ...lines, ''].join('\n');
}

async function main() {
  const started = Date.now();
  const config = loadConfig(stackSchema);
  const logger = prettyLogger(config.LOG_LEVEL);

  // The owner migrates; the services connect as a login that owns nothing.
  let databaseUrl = config.DATABASE_URL;
  let migrationUrl = config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL;
  if (!databaseUrl || !migrationUrl) {
    const dataDir = path.resolve(repoRoot, config.CAIRN_DATA_DIR, 'postgres');
    logger.info({ dataDir, port: config.EMBEDDED_POSTGRES_PORT }, 'starting embedded PostgreSQL');
    const postgres = await startEmbeddedPostgres({
      dataDir,
      port: config.EMBEDDED_POSTGRES_PORT,
      persistent: true,
    });
    stops.push(postgres.stop);
    if (!(await databaseExists(postgres.adminUrl, 'cairn'))) await createDatabase(postgres.adminUrl, 'cairn');
    await ensureServiceLogin(postgres.adminUrl);
    migrationUrl = postgres.urlFor('cairn');
    databaseUrl = asLogin(migrationUrl);
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping Cairn');
    await stopAll();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const elasticsearchUrl = config.ELASTICSEARCH_URL ?? (await startLocalElasticsearch(config, logger, stops));

  await migrateAll(migrationUrl);
  logger.info('migrations applied');
  const stack = await startStack({
    databaseUrl,
    env: { ...process.env, ELASTICSEARCH_URL: elasticsearchUrl },
    oidcIssuer: config.OIDC_ISSUER,
    logger,
  });
  stops.push(stack.stop);
  if (
    config.SEED_DEMO_DATA &&
    (await seedDemoCatalog(stack.subgraphUrls, stack.identitySigningKey, logger))
  ) {
    logger.info('demo catalog seeded');
  }
  const search = await waitForSearchIndex(stack.subgraphUrls.registry, stack.identitySigningKey);
  const portal = await startPortal({
    port: config.PORTAL_PORT,
    url: config.PORTAL_URL,
    issuer: stack.issuer,
    gatewayUrl: stack.gatewayUrl,
    env: process.env,
    logger,
  });
  stops.push(portal.stop);

  // The gateway listens on HOST (loopback by default); people open it as localhost.
  const gatewayUrl = stack.gatewayUrl.replace('//127.0.0.1:', '//localhost:');
  const tokenUrl = `${stack.issuer}/token`;
  console.log(
    banner([
      `Cairn is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
      '',
      `  Portal          ${portal.url}`,
      `  GraphQL API     ${gatewayUrl}`,
      `  Identity (OIDC) ${stack.issuer}${config.OIDC_ISSUER ? '' : '   (development provider)'}`,
      `  Search          ${search.engine === 'elasticsearch' ? `Elasticsearch at ${elasticsearchUrl}` : 'PostgreSQL full-text search'} (${search.total} models indexed)`,
      `  Database        ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_POSTGRES_PORT}, data in ${config.CAIRN_DATA_DIR}/postgres`}`,
      '',
      ...(config.OIDC_ISSUER
        ? []
        : [
            `  Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')}`,
            `  Tool token:  curl -s -u ${DEV_TOOL_CLIENT.clientId}:${DEV_TOOL_CLIENT.clientSecret} -d grant_type=client_credentials ${tokenUrl}`,
          ]),
      '',
      '  Press Ctrl-C to stop.',
    ]),
  );
}

main().catch(async (error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  await stopAll();
  process.exit(1);
});
