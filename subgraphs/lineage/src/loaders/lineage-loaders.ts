import type { VisibleVersions } from '@cairn/model-directory';
import { groupBy, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';
import { TrainingRunDataset } from '../entities/training-run-dataset.entity';

const byName = (a: Dataset, b: Dataset) =>
  a.name.localeCompare(b.name) || a.uri.localeCompare(b.uri) || a.checksum.localeCompare(b.checksum);

const id = (versionId: string) => versionId;

/**
 * One set per request, so a page of versions costs one query per field, whatever its size.
 * Visibility: a version the caller may not see answers NOT_FOUND; a dataset lists only the runs
 * of versions the caller sees. A run's inputs need no check: every path to a run checked it.
 */
export function createLineageLoaders(dataSource: DataSource, visible: VisibleVersions) {
  const links = dataSource.getRepository(TrainingRunDataset);
  return {
    runsByVersionId: new DataLoader<string, TrainingRun[]>((ids) =>
      visible.guard(ids, id, async (seen) => {
        const rows = await dataSource.getRepository(TrainingRun).find({
          where: { modelVersionId: In(validIds(seen)) },
          order: { createdAt: 'ASC', id: 'ASC' },
        });
        return groupBy(seen, rows, (run) => run.modelVersionId);
      }),
    ),
    datasetsByVersionId: new DataLoader<string, Dataset[]>((ids) =>
      visible.guard(ids, id, async (seen) => {
        const rows = await links.find({
          where: { trainingRun: { modelVersionId: In(validIds(seen)) } },
          relations: { trainingRun: true, dataset: true },
        });
        return groupBy(seen, rows, (link) => link.trainingRun!.modelVersionId).map((group) =>
          [...new Map(group.map((link) => [link.datasetId, link.dataset!])).values()].sort(byName),
        );
      }),
    ),
    datasetsByRunId: new DataLoader<string, Dataset[]>(async (ids) => {
      const rows = await links.find({
        where: { trainingRunId: In(validIds(ids)) },
        relations: { dataset: true },
        order: { position: 'ASC' },
      });
      return groupBy(ids, rows, (link) => link.trainingRunId).map((group) =>
        group.map((link) => link.dataset!),
      );
    }),
    runsByDatasetId: new DataLoader<string, TrainingRun[]>(async (ids) => {
      const rows = await links.find({
        where: { datasetId: In(validIds(ids)) },
        relations: { trainingRun: true },
        order: { trainingRun: { createdAt: 'ASC', id: 'ASC' } },
      });
      // Filtered here rather than in SQL: the rule (and the registry's latest word on each
      // model) lives in the model directory, and the list is not paged, so nothing is miscounted.
      const seen = await visible.filter(rows, (link) => link.trainingRun!.modelVersionId);
      return groupBy(ids, seen, (link) => link.datasetId).map((group) =>
        group.map((link) => link.trainingRun!),
      );
    }),
  };
}

export type LineageLoaders = ReturnType<typeof createLineageLoaders>;
