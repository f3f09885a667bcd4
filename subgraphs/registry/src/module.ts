import type { SubgraphModule } from '@cairn/subgraph-kit';
import { createRegistryServices, type RegistryContext } from './context';
import { createRegistryDataSource } from './data-source';
import { createRegistryLoaders } from './loaders/registry-loaders';
import { buildRegistrySchema } from './schema';

export const registrySubgraph: SubgraphModule<RegistryContext> = {
  name: 'registry',
  createDataSource: createRegistryDataSource,
  buildSchema: buildRegistrySchema,
  createContextFactory(dataSource) {
    const services = createRegistryServices(dataSource);
    return (base) => ({ ...base, services, loaders: createRegistryLoaders(dataSource) });
  },
};
