import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig, stackSchema, subgraphSchema } from '@cairn/config';
import { initializeAndMigrate } from '@cairn/database';
import { startEmbeddedPostgres } from '@cairn/local-services';
import { createSearchEngine, rebuildSearchIndex, registrySubgraph } from '@cairn/registry';

/**
 * `npm run reindex`: rebuilds the catalog search index from the database. Uses the owner's
 * DATABASE_MIGRATION_URL (it applies pending migrations first), else DATABASE_URL, else the embedded PostgreSQL of `npm start` (started here if not running).
 */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

async function main() {
  const stack = loadConfig(stackSchema);
  let stopPostgres: (() => Promise<void>) | undefined;
  let databaseUrl = stack.DATABASE_MIGRATION_URL ?? stack.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.resolve(repoRoot, stack.CAIRN_DATA_DIR, 'postgres');
    const reachable = await fetch(`http://127.0.0.1:${stack.EMBEDDED_POSTGRES_PORT}`).then(
      () => true,
      (error: { cause?: { code?: string } }) => error.cause?.code !== 'ECONNREFUSED',
    );
    if (!reachable) {
      const postgres = await startEmbeddedPostgres({
        dataDir,
        port: stack.EMBEDDED_POSTGRES_PORT,
        persistent: true,
      });
      stopPostgres = postgres.stop;
    }
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${stack.EMBEDDED_POSTGRES_PORT}/cairn`;
  }
  const config = loadConfig(subgraphSchema('registry'), { ...process.env, DATABASE_URL: databaseUrl });
  const dataSource = await initializeAndMigrate(registrySubgraph.createDataSource(databaseUrl, 2));
  const engine = createSearchEngine(config, dataSource);
  try {
    const started = Date.now();
    const { indexed } = await rebuildSearchIndex(dataSource, engine);
    console.log(`Rebuilt the ${engine.kind} search index: ${indexed} models in ${Date.now() - started} ms.`);
  } finally {
    await engine.close();
    await dataSource.destroy();
    await stopPostgres?.();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
