import type { SubgraphModule } from '@cairn/subgraph-kit';
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
    let ready: Promise<void> | undefined;
    return {
      createContext: (base) => ({ ...base, services, loaders: createRegistryLoaders(dataSource) }),
      consumers: [
        {
          name: indexer.name,
          // The index must exist before the first batch; a failure is retried on the next poll.
          catchUp: async () => {
            ready ??= searchEngine.ensureReady().catch((error) => {
              ready = undefined;
              throw error;
            });
            await ready;
            return indexer.catchUp();
          },
        },
      ],
      close: () => searchEngine.close(),
    };
  },
};
