import { type SubgraphModule, subgraphWithModelDirectory } from '@cairn/subgraph-kit';
import { createLineageServices, type LineageContext } from './context';
import { createLineageDataSource, LINEAGE_SCHEMA } from './data-source';
import { createLineageLoaders } from './loaders/lineage-loaders';
import { buildLineageSchema } from './schema';

export const lineageSubgraph: SubgraphModule<LineageContext> = subgraphWithModelDirectory({
  name: 'lineage',
  schema: LINEAGE_SCHEMA,
  createDataSource: createLineageDataSource,
  buildSchema: buildLineageSchema,
  createServices: createLineageServices,
  createLoaders: createLineageLoaders,
});
