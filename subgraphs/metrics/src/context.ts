import { ModelDirectory } from '@cairn/model-directory';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { METRICS_SCHEMA } from './data-source';
import type { MetricsLoaders } from './loaders/metrics-loaders';
import { MetricService } from './services/metric.service';

export function createMetricsServices(dataSource: DataSource) {
  return {
    metrics: new MetricService(dataSource, new ModelDirectory(dataSource, METRICS_SCHEMA)),
  };
}
export type MetricsServices = ReturnType<typeof createMetricsServices>;

export interface MetricsContext extends BaseContext {
  services: MetricsServices;
  loaders: MetricsLoaders;
}
