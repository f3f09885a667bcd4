import type { SubgraphConfig } from '@cairn/config';
import type { ModelDirectory, VisibleVersions } from '@cairn/model-directory';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import type { MetricsLoaders } from './loaders/metrics-loaders';
import { DriftService } from './services/drift/drift.service';
import { HistoryImportService } from './services/insights/history-import.service';
import { InsightsService } from './services/insights/insights.service';
import { MetricService } from './services/metric.service';
import { MetricComparisonService } from './services/metric-comparison.service';

export function createMetricsServices(
  dataSource: DataSource,
  directory: ModelDirectory,
  config: SubgraphConfig,
) {
  return {
    drift: new DriftService(dataSource, directory, {
      psi: config.DRIFT_PSI_THRESHOLD,
      ks: config.DRIFT_KS_THRESHOLD,
    }),
    metrics: new MetricService(dataSource, directory),
    comparisons: new MetricComparisonService(dataSource),
    insights: new InsightsService(dataSource),
    history: new HistoryImportService(dataSource),
  };
}
export type MetricsServices = ReturnType<typeof createMetricsServices>;

export interface MetricsContext extends BaseContext {
  services: MetricsServices;
  visibleVersions: VisibleVersions;
  loaders: MetricsLoaders;
}
