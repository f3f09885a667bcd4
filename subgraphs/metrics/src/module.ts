import { type SubgraphModule, subgraphWithModelDirectory } from '@cairn/subgraph-kit';
import { createMetricsServices, type MetricsContext } from './context';
import { createMetricsDataSource, METRICS_SCHEMA } from './data-source';
import { createMetricsLoaders } from './loaders/metrics-loaders';
import { buildMetricsSchema } from './schema';
import { withInsights } from './services/insights/insights-projection';

export const metricsSubgraph: SubgraphModule<MetricsContext> = withInsights(
  subgraphWithModelDirectory({
    name: 'metrics',
    schema: METRICS_SCHEMA,
    createDataSource: createMetricsDataSource,
    buildSchema: buildMetricsSchema,
    createServices: createMetricsServices,
    createLoaders: createMetricsLoaders,
  }),
);
