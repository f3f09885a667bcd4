import type { VisibleVersions } from '@cairn/model-directory';
import {
  type Connection,
  countsByParent,
  cursorCodec,
  cursorParts,
  groupBy,
  loadPages,
  type PageKey,
  pageCacheKey,
} from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Metric } from '../entities/metric.entity';
import { type DriftAlarmRow, DriftStore, type RetrainSuggestionRow } from '../services/drift/drift-store';

/**
 * `metrics` is ordered by (name, dataset), a dataset of none first: the key is
 * `[name, dataset ?? '']`, since the rules turn an empty dataset into none and '' sorts first.
 */
export const latestMetricCursor = cursorCodec('latest-metric', z.tuple([cursorParts.text, cursorParts.text]));
/** `metricHistory` is ordered by time: the cursor is the metric's id, compared in SQL. */
export const metricHistoryCursor = cursorCodec('metric-history', cursorParts.uuid);

export interface HistoryKey extends PageKey<string> {
  name: string;
}

/**
 * One set per request, so a page of versions costs one query per field (and one for its totals),
 * whatever its size. A version the caller may not see answers NOT_FOUND, whichever path asked.
 */
export function createMetricsLoaders(dataSource: DataSource, visible: VisibleVersions) {
  const latest = latestPages(dataSource);
  const drift = new DriftStore(dataSource);
  return {
    /** Every alarm of each version, newest first (open ones have no resolution). */
    driftAlarms: new DataLoader<string, DriftAlarmRow[]>((ids) =>
      visible.guard(
        ids,
        (id) => id,
        async (seen) => groupBy(seen, await drift.alarmsOf(seen, false), (row) => row.modelVersionId),
      ),
    ),
    retrainSuggestions: new DataLoader<string, RetrainSuggestionRow[]>((ids) =>
      visible.guard(
        ids,
        (id) => id,
        async (seen) => groupBy(seen, await drift.suggestionsOf(seen), (row) => row.modelVersionId),
      ),
    ),
    latestPages: new DataLoader<PageKey<[string, string]>, Connection<Metric>, string>(
      (keys) => visible.guard(keys, (key) => key.parentId, latest),
      { cacheKeyFn: pageCacheKey },
    ),
    historyPages: new DataLoader<HistoryKey, Connection<Metric>, string>(
      (keys) =>
        visible.guard(
          keys,
          (key) => key.parentId,
          async (seen) => {
            // One query per metric name asked for; a page of versions asks for the same name.
            const names = [...new Set(seen.map((key) => key.name))];
            const pages = new Map<HistoryKey, Connection<Metric>>();
            await Promise.all(
              names.map(async (name) => {
                const keys = seen.filter((key) => key.name === name);
                const loaded = await historyPages(dataSource, name)(keys);
                for (const [i, key] of keys.entries()) pages.set(key, loaded[i]!);
              }),
            );
            return seen.map((key) => pages.get(key)!);
          },
        ),
      { cacheKeyFn: (key) => JSON.stringify([pageCacheKey(key), key.name]) },
    ),
  };
}

function latestPages(dataSource: DataSource) {
  const metrics = dataSource.getRepository(Metric);
  return loadPages<Metric, [string, string]>({
    rows: (versionIds, { first, after }) =>
      metrics
        .createQueryBuilder('m')
        .comment('latestMetricPages')
        .where(
          `m.id IN (
             SELECT ranked.id FROM (
               SELECT latest.id,
                      row_number() OVER (PARTITION BY latest.model_version_id
                                         ORDER BY latest.name, coalesce(latest.dataset, '')) AS position
                 FROM (SELECT DISTINCT ON (model_version_id, name, dataset) id, model_version_id, name, dataset
                         FROM metrics.metric
                        WHERE model_version_id = ANY(:versionIds::uuid[])
                        ORDER BY model_version_id, name, dataset NULLS FIRST, logged_at DESC, id DESC) latest
                ${after === null ? '' : `WHERE (latest.name, coalesce(latest.dataset, '')) > (:name, :dataset)`}
             ) ranked
            WHERE ranked.position <= :limit)`,
          { versionIds, name: after?.[0], dataset: after?.[1], limit: first + 1 },
        )
        .orderBy('m.model_version_id')
        .addOrderBy('m.name')
        .addOrderBy(`coalesce(m.dataset, '')`)
        .getMany(),
    counts: async (versionIds) =>
      countsByParent(
        await metrics
          .createQueryBuilder('m')
          .comment('latestMetricCounts')
          .select('m.model_version_id', 'parent')
          .addSelect(`count(DISTINCT (m.name, coalesce(m.dataset, '')))`, 'count')
          .where('m.model_version_id = ANY(:versionIds::uuid[])', { versionIds })
          .groupBy('m.model_version_id')
          .getRawMany(),
      ),
    parentOf: (row) => row.modelVersionId,
    cursorOf: (row) => latestMetricCursor.encode([row.name, row.dataset ?? '']),
  });
}

// Same-time values (one `logMetrics` call) keep the dataset order; a dataset of none first.
const HISTORY_ORDER = `page.logged_at, coalesce(page.dataset, ''), page.id`;

function historyPages(dataSource: DataSource, name: string) {
  const metrics = dataSource.getRepository(Metric);
  return loadPages<Metric, string>({
    rows: (versionIds, { first, after }) =>
      metrics
        .createQueryBuilder('m')
        .comment('metricHistoryPages')
        .where(
          `m.id IN (
             SELECT ranked.id FROM (
               SELECT page.id, row_number() OVER (PARTITION BY page.model_version_id ORDER BY ${HISTORY_ORDER}) AS position
                 FROM metrics.metric page
                WHERE page.model_version_id = ANY(:versionIds::uuid[]) AND page.name = :name
                  ${
                    after === null
                      ? ''
                      : `AND (${HISTORY_ORDER}) > (
                           SELECT cursor_row.logged_at, coalesce(cursor_row.dataset, ''), cursor_row.id
                             FROM metrics.metric cursor_row
                            WHERE cursor_row.id = :after::uuid AND cursor_row.model_version_id = page.model_version_id
                              AND cursor_row.name = page.name)`
                  }
             ) ranked
            WHERE ranked.position <= :limit)`,
          { versionIds, name, after, limit: first + 1 },
        )
        .orderBy('m.model_version_id')
        .addOrderBy('m.logged_at')
        .addOrderBy(`coalesce(m.dataset, '')`)
        .addOrderBy('m.id')
        .getMany(),
    counts: async (versionIds) =>
      countsByParent(
        await metrics
          .createQueryBuilder('m')
          .comment('metricHistoryCounts')
          .select('m.model_version_id', 'parent')
          .addSelect('count(*)', 'count')
          .where('m.model_version_id = ANY(:versionIds::uuid[]) AND m.name = :name', { versionIds, name })
          .groupBy('m.model_version_id')
          .getRawMany(),
      ),
    parentOf: (row) => row.modelVersionId,
    cursorOf: (row) => metricHistoryCursor.encode(row.id),
  });
}

export type MetricsLoaders = ReturnType<typeof createMetricsLoaders>;
