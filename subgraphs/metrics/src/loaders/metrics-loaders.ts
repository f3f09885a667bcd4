import { isUuid } from '@cairn/database';
import { groupBy, groupByKey, keyOf, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Metric } from '../entities/metric.entity';

export interface HistoryKey {
  modelVersionId: string;
  name: string;
}
const historyKey = (key: HistoryKey) => JSON.stringify([keyOf(key.modelVersionId), key.name]);

/** One set per request, so a page of versions costs one query per field, whatever its size. */
export function createMetricsLoaders(dataSource: DataSource) {
  const metrics = dataSource.getRepository(Metric);
  return {
    latestByVersionId: new DataLoader<string, Metric[]>(async (ids) => {
      const rows = await metrics
        .createQueryBuilder('m')
        .distinctOn(['m.model_version_id', 'm.name', 'm.dataset'])
        .where('m.model_version_id = ANY(:ids::uuid[])', { ids: validIds(ids) })
        .orderBy('m.model_version_id')
        .addOrderBy('m.name')
        .addOrderBy('m.dataset', 'ASC', 'NULLS FIRST')
        .addOrderBy('m.logged_at', 'DESC')
        .addOrderBy('m.id', 'DESC')
        .getMany();
      return groupBy(ids, rows, (m) => m.modelVersionId);
    }),
    historyByKey: new DataLoader<HistoryKey, Metric[], string>(
      async (keys) => {
        const valid = keys.filter((key) => isUuid(key.modelVersionId));
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
        return groupByKey(keys, rows, historyKey, (m) => historyKey(m));
      },
      { cacheKeyFn: historyKey },
    ),
  };
}

export type MetricsLoaders = ReturnType<typeof createMetricsLoaders>;
