import type { ModelDirectory, VisibleVersions } from '@cairn/model-directory';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import type { LineageLoaders } from './loaders/lineage-loaders';
import { DatasetService } from './services/dataset.service';
import { TrainingRunService } from './services/training-run.service';

export function createLineageServices(dataSource: DataSource, directory: ModelDirectory) {
  const datasets = new DatasetService(dataSource, directory);
  return {
    datasets,
    runs: new TrainingRunService(dataSource, directory, datasets),
  };
}
export type LineageServices = ReturnType<typeof createLineageServices>;

export interface LineageContext extends BaseContext {
  services: LineageServices;
  visibleVersions: VisibleVersions;
  loaders: LineageLoaders;
}
