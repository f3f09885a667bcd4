import { createArtifactStore } from '@cairn/artifact-store';
import { createSigner } from '@cairn/signing';
import { createLogger, type HealthCheck, type SubgraphModule } from '@cairn/subgraph-kit';
import { createRegistryServices, type RegistryContext } from './context';
import { createRegistryDataSource } from './data-source';
import { artifactRoutes } from './http/artifact-routes';
import { exportRoutes } from './http/export-routes';
import { createHousekeepingLoaders } from './loaders/housekeeping-loaders';
import { createRegistryLoaders } from './loaders/registry-loaders';
import { buildRegistrySchema } from './schema';
import { createFallbackSearchEngine, createSearchEngine } from './search/search-engine-factory';
import { createSearchIndexer } from './search/search-indexer';
import { createSensitiveDataScanner } from './services/sensitive-data';
import { teamOnboardingConsumer } from './services/team-onboarding-consumer';
import { VersionSigner } from './services/version-signer';

const UPLOAD_CLEANUP_INTERVAL_MS = 10 * 60_000;
const RETENTION_PURGE_INTERVAL_MS = 60 * 60_000;

export const registrySubgraph: SubgraphModule<RegistryContext> = {
  name: 'registry',
  createDataSource: createRegistryDataSource,
  buildSchema: buildRegistrySchema,
  wire(dataSource, config) {
    const searchEngine = createSearchEngine(config, dataSource);
    const fallbackEngine = createFallbackSearchEngine(config, dataSource);
    const signer = new VersionSigner(() => createSigner(config));
    const services = createRegistryServices(
      dataSource,
      searchEngine,
      createSensitiveDataScanner(config),
      createArtifactStore(config),
      signer,
      fallbackEngine,
    );
    // The fallback has its own indexer and cursor, so it is complete when it is needed.
    const indexers = [searchEngine, fallbackEngine].flatMap((engine) =>
      engine ? [createSearchIndexer(dataSource, engine)] : [],
    );
    return {
      createContext: (base) => ({
        ...base,
        services,
        loaders: createRegistryLoaders(dataSource, base.principal),
        housekeeping: createHousekeepingLoaders(dataSource),
      }),
      // Stages come from governance's log; the purge reads them to spare PRODUCTION versions.
      consumers: [
        ...indexers,
        services.versionStages.consumer(),
        // Teams approved in governance (self-service onboarding) are created here.
        teamOnboardingConsumer(dataSource, createLogger('registry', config.LOG_LEVEL)),
      ],
      routes: [...artifactRoutes(services.artifacts), ...exportRoutes(services.exports)],
      jobs: [
        // Expired uploads (a client that never came back) release their bytes.
        {
          name: 'upload-cleanup',
          intervalMs: UPLOAD_CLEANUP_INTERVAL_MS,
          run: () => services.artifacts.cleanupExpired(),
        },
        // Retention policies purge archived artifacts; replicas running it at once skip each
        // other's work. It refuses (and is logged) while governance's stages are not known.
        {
          name: 'retention-purge',
          intervalMs: RETENTION_PURGE_INTERVAL_MS,
          run: () => services.retention.purgeExpiredArtifacts(),
        },
      ],
      // Search being away degrades the registry but leaves it ready: registration still works.
      health: async (): Promise<HealthCheck[]> => {
        if (!searchEngine.ping) return [];
        const name = `search:${searchEngine.kind}`;
        try {
          await searchEngine.ping();
          return [{ name, status: 'up' }];
        } catch {
          const answer = fallbackEngine ? `answered by ${fallbackEngine.kind}` : 'SEARCH_UNAVAILABLE';
          return [
            { name, status: 'down', reason: `${searchEngine.kind} unreachable: searchModels ${answer}` },
          ];
        }
      },
      close: async () => {
        await searchEngine.close();
        await signer.close();
        await fallbackEngine?.close();
      },
    };
  },
};
