import type { VisibleVersions } from '@cairn/model-directory';
import { groupBy, groupByKey, keyOf, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Metric } from '../entities/metric.entity';

export interface HistoryKey {
  modelVersionId: string;
  name: string;
}
const historyKey = (key: HistoryKey) => JSON.stringify([keyOf(key.modelVersionId), key.name]);

/**
 * One set per request, so a page of versions costs one query per field, whatever its size. A
 * version the caller may not see answers NOT_FOUND, whichever path asked for it.
 */
export function createMetricsLoaders(dataSource: DataSource, visible: VisibleVersions) {
  const metrics = dataSource.getRepository(Metric);
  return {
    latestByVersionId: new DataLoader<string, Metric[]>((ids) =>
      visible.guard(
        ids,
        (id) => id,
        async (seen) => {
          const rows = await metrics
            .createQueryBuilder('m')
            .distinctOn(['m.model_version_id', 'm.name', 'm.dataset'])
            .where('m.model_version_id = ANY(:ids::uuid[])', { ids: validIds(seen) })
            .orderBy('m.model_version_id')
            .addOrderBy('m.name')
            .addOrderBy('m.dataset', 'ASC', 'NULLS FIRST')
            .addOrderBy('m.logged_at', 'DESC')
            .addOrderBy('m.id', 'DESC')
            .getMany();
          return groupBy(seen, rows, (m) => m.modelVersionId);
        },
      ),
    ),
    historyByKey: new DataLoader<HistoryKey, Metric[], string>(
      (keys) =>
        visible.guard(
          keys,
          (key) => key.modelVersionId,
          async (valid) => {
            const rows = await metrics
              .createQueryBuilder('m')
              .where('(m.model_version_id, m.name) IN (SELECT * FROM unnest(:ids::uuid[], :names::text[]))', {
                ids: valid.map((key) => keyOf(key.modelVersionId)),
                names: valid.map((key) => key.name),
              })
              .orderBy('m.logged_at', 'ASC')
              .addOrderBy('m.dataset', 'ASC', 'NULLS FIRST')
              .addOrderBy('m.id', 'ASC')
              .getMany();
            return groupByKey(valid, rows, historyKey, (m) => historyKey(m));
          },
        ),
      { cacheKeyFn: historyKey },
    ),
  };
}

export type MetricsLoaders = ReturnType<typeof createMetricsLoaders>;
