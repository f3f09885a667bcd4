import { ModelDirectory } from '@cairn/model-directory';
import type { SubgraphModule } from '@cairn/subgraph-kit';
import { createLineageServices, type LineageContext } from './context';
import { createLineageDataSource, LINEAGE_SCHEMA } from './data-source';
import { createLineageLoaders } from './loaders/lineage-loaders';
import { buildLineageSchema } from './schema';

export const lineageSubgraph: SubgraphModule<LineageContext> = {
  name: 'lineage',
  createDataSource: createLineageDataSource,
  buildSchema: buildLineageSchema,
  wire(dataSource) {
    // One directory serves the services and, as a background consumer, keeps itself current.
    const directory = new ModelDirectory(dataSource, LINEAGE_SCHEMA);
    const services = createLineageServices(dataSource, directory);
    return {
      createContext: (base) => ({ ...base, services, loaders: createLineageLoaders(dataSource) }),
      consumers: [directory.consumer],
    };
  },
};
