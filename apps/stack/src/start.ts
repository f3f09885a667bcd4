import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, gatewaySchema, loadConfig, stackSchema } from '@cairn/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { createDatabase, databaseExists, startEmbeddedPostgres } from '@cairn/local-services';
import pino from 'pino';
import pretty from 'pino-pretty';
import { seedDemoCatalog } from './seed';
import { migrateAll, startStack } from './stack';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function prettyLogger(level: string) {
  // Synchronous, so log lines and the banner below appear in the order they happen.
  return pino({ level }, pretty({ sync: true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss' }));
}

function banner(lines: string[]): string {
  return ['', ...lines, ''].join('\n');
}

async function main() {
  const started = Date.now();
  const config = loadConfig(stackSchema);
  const logger = prettyLogger(config.LOG_LEVEL);
  const gatewayDefaults = loadConfig(gatewaySchema);
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.resolve(repoRoot, config.CAIRN_DATA_DIR, 'postgres');
    logger.info({ dataDir, port: config.EMBEDDED_POSTGRES_PORT }, 'starting embedded PostgreSQL');
    const postgres = await startEmbeddedPostgres({
      dataDir,
      port: config.EMBEDDED_POSTGRES_PORT,
      persistent: true,
    });
    stops.push(postgres.stop);
    if (!(await databaseExists(postgres.adminUrl, 'cairn'))) await createDatabase(postgres.adminUrl, 'cairn');
    databaseUrl = postgres.urlFor('cairn');
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping Cairn');
    for (const stop of stops.reverse()) await stop().catch((err) => logger.warn({ err }, 'stop failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await migrateAll(databaseUrl);
  logger.info('migrations applied');
  const stack = await startStack({ databaseUrl, env: process.env, oidcIssuer: config.OIDC_ISSUER, logger });
  stops.push(stack.stop);
  if (config.SEED_DEMO_DATA && (await seedDemoCatalog(stack.subgraphUrls, stack.internalSecret, logger))) {
    logger.info('demo catalog seeded');
  }

  const gatewayUrl = `http://localhost:${gatewayDefaults.GATEWAY_PORT}/graphql`;
  const tokenUrl = `${stack.issuer}/token`;
  console.log(
    banner([
      `Cairn is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
      '',
      `  GraphQL API     ${gatewayUrl}`,
      `  Identity (OIDC) ${stack.issuer}${config.OIDC_ISSUER ? '' : '   (development provider)'}`,
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

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
