import type { VisibleVersions } from '@cairn/model-directory';
import { type Connection, type PageKey, pageCacheKey, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Dataset } from '../entities/dataset.entity';
import type { TrainingRun } from '../entities/training-run.entity';
import {
  datasetPagesByVersion,
  inputDatasetPagesByRun,
  runPagesByDataset,
  runPagesByVersion,
} from './lineage-pages';

const versionOf = (key: PageKey<unknown>) => key.parentId;

/**
 * One set per request, so a page of versions costs a constant number of queries per field (the
 * page, its totals, and for lists whose nodes can repeat across parents, the nodes).
 * Visibility: a version the caller may not see answers NOT_FOUND; a dataset lists only the runs
 * of versions the caller sees. A run's inputs need no check: every path to a run checked it.
 */
export function createLineageLoaders(dataSource: DataSource, visible: VisibleVersions) {
  const runsOfVersions = runPagesByVersion(dataSource);
  const datasetsOfVersions = datasetPagesByVersion(dataSource);
  return {
    runPages: new DataLoader<PageKey<string>, Connection<TrainingRun>, string>(
      (keys) => visible.guard(keys, versionOf, runsOfVersions),
      { cacheKeyFn: pageCacheKey },
    ),
    datasetPages: new DataLoader<PageKey<string>, Connection<Dataset>, string>(
      (keys) => visible.guard(keys, versionOf, datasetsOfVersions),
      { cacheKeyFn: pageCacheKey },
    ),
    inputDatasetPages: new DataLoader<PageKey<number>, Connection<Dataset>, string>(
      inputDatasetPagesByRun(dataSource),
      { cacheKeyFn: pageCacheKey },
    ),
    runPagesByDataset: new DataLoader<PageKey<string>, Connection<TrainingRun>, string>(
      async (keys) => {
        // The rule (and the registry's latest word on each model) lives in the model directory:
        // ask it about every version trained on these datasets, then page over those it allows.
        const trained: { id: string }[] = await dataSource.query(
          `/* versionsTrainedOnDatasets */ SELECT DISTINCT run.model_version_id AS id
             FROM lineage.training_run_dataset link JOIN lineage.training_run run ON run.id = link.training_run_id
            WHERE link.dataset_id = ANY($1::uuid[])`,
          [validIds(keys.map((key) => key.parentId))],
        );
        const seen = await visible.filter(trained, (version) => version.id);
        return runPagesByDataset(
          dataSource,
          seen.map((version) => version.id),
        )(keys);
      },
      { cacheKeyFn: pageCacheKey },
    ),
  };
}

export type LineageLoaders = ReturnType<typeof createLineageLoaders>;
