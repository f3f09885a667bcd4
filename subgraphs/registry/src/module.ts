import type { HealthCheck, SubgraphModule } from '@cairn/subgraph-kit';
import { createRegistryServices, type RegistryContext } from './context';
import { createRegistryDataSource } from './data-source';
import { createRegistryLoaders } from './loaders/registry-loaders';
import { buildRegistrySchema } from './schema';
import { createSearchEngine } from './search/search-engine-factory';
import { createSearchIndexer } from './search/search-indexer';

export const registrySubgraph: SubgraphModule<RegistryContext> = {
  name: 'registry',
  createDataSource: createRegistryDataSource,
  buildSchema: buildRegistrySchema,
  wire(dataSource, config) {
    const searchEngine = createSearchEngine(config, dataSource);
    const services = createRegistryServices(dataSource, searchEngine);
    const indexer = createSearchIndexer(dataSource, searchEngine);
    return {
      createContext: (base) => ({ ...base, services, loaders: createRegistryLoaders(dataSource) }),
      consumers: [indexer],
      // Search being away degrades the registry but leaves it ready: registration still works.
      health: async (): Promise<HealthCheck[]> => {
        if (!searchEngine.ping) return [];
        const name = `search:${searchEngine.kind}`;
        try {
          await searchEngine.ping();
          return [{ name, status: 'up' }];
        } catch {
          return [
            {
              name,
              status: 'down',
              reason: `${searchEngine.kind} unreachable: searchModels answers SEARCH_UNAVAILABLE`,
            },
          ];
        }
      },
      close: () => searchEngine.close(),
    };
  },
};
