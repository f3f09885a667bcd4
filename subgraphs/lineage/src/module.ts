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
  createContextFactory(dataSource) {
    const services = createLineageServices(dataSource);
    return (base) => ({ ...base, services, loaders: createLineageLoaders(dataSource) });
  },
  createConsumers: (dataSource) => [new ModelDirectory(dataSource, LINEAGE_SCHEMA).consumer],
};
