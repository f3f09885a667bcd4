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
  createContextFactory(dataSource) {
    const services = createMetricsServices(dataSource);
    return (base) => ({ ...base, services, loaders: createMetricsLoaders(dataSource) });
  },
  createConsumers: (dataSource) => [new ModelDirectory(dataSource, METRICS_SCHEMA).consumer],
};
