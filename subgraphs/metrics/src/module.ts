import { ModelDirectory } from '@cairn/model-directory';
import type { SubgraphModule } from '@cairn/subgraph-kit';
import { createMetricsServices, type MetricsContext } from './context';
import { createMetricsDataSource, METRICS_SCHEMA } from './data-source';
import { createMetricsLoaders } from './loaders/metrics-loaders';
import { buildMetricsSchema } from './schema';

export const metricsSubgraph: SubgraphModule<MetricsContext> = {
  name: 'metrics',
  createDataSource: createMetricsDataSource,
  buildSchema: buildMetricsSchema,
  wire(dataSource) {
    // One directory serves the services and, as a background consumer, keeps itself current.
    const directory = new ModelDirectory(dataSource, METRICS_SCHEMA);
    const services = createMetricsServices(dataSource, directory);
    return {
      createContext: (base) => ({ ...base, services, loaders: createMetricsLoaders(dataSource) }),
      consumers: [directory.consumer],
    };
  },
};
