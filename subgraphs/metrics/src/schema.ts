import { buildFederatedSchema } from '@cairn/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import { DriftResolver, ModelVersionDriftResolver } from './resolvers/drift/drift.resolver';
import { InsightsHistoryResolver } from './resolvers/history/history.resolver';
import { InsightsResolver } from './resolvers/insights.resolver';
import { MetricResolver } from './resolvers/metric.resolver';
import { ModelVersionMetricsResolver } from './resolvers/model-version.resolver';
import { ModelVersion } from './resolvers/model-version.type';
import { metricsReferences } from './resolvers/references';
import { VersionComparisonMetricsResolver } from './resolvers/version-comparison.resolver';
import { VersionComparison } from './resolvers/version-comparison.type';

export function buildMetricsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      InsightsResolver,
      InsightsHistoryResolver,
      MetricResolver,
      ModelVersionMetricsResolver,
      VersionComparisonMetricsResolver,
      DriftResolver,
      ModelVersionDriftResolver,
    ],
    referenceResolvers: metricsReferences,
    // Nothing here returns a ModelVersion; it is reachable only through `_entities`.
    orphanedTypes: [ModelVersion, VersionComparison],
  });
}
