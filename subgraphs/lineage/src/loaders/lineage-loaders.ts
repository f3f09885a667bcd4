import { groupBy, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';
import { TrainingRunDataset } from '../entities/training-run-dataset.entity';

const byName = (a: Dataset, b: Dataset) =>
  a.name.localeCompare(b.name) || a.uri.localeCompare(b.uri) || a.checksum.localeCompare(b.checksum);

/** One set per request, so a page of versions costs one query per field, whatever its size. */
export function createLineageLoaders(dataSource: DataSource) {
  const links = dataSource.getRepository(TrainingRunDataset);
  return {
    runsByVersionId: new DataLoader<string, TrainingRun[]>(async (ids) => {
      const rows = await dataSource.getRepository(TrainingRun).find({
        where: { modelVersionId: In(validIds(ids)) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      return groupBy(ids, rows, (run) => run.modelVersionId);
    }),
    datasetsByVersionId: new DataLoader<string, Dataset[]>(async (ids) => {
      const rows = await links.find({
        where: { trainingRun: { modelVersionId: In(validIds(ids)) } },
        relations: { trainingRun: true, dataset: true },
      });
      return groupBy(ids, rows, (link) => link.trainingRun!.modelVersionId).map((group) =>
        [...new Map(group.map((link) => [link.datasetId, link.dataset!])).values()].sort(byName),
      );
    }),
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
      return groupBy(ids, rows, (link) => link.datasetId).map((group) =>
        group.map((link) => link.trainingRun!),
      );
    }),
  };
}

export type LineageLoaders = ReturnType<typeof createLineageLoaders>;
