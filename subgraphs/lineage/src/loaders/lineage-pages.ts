import {
  countsByParent,
  cursorCodec,
  cursorParts,
  loadPages,
  type PageArgs,
  type PagedListSource,
} from '@cairn/subgraph-kit';
import { type DataSource, In } from 'typeorm';
import { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';

/** Runs are ordered by (created_at, id): the cursor is the run's id, compared in SQL. */
export const runCursor = cursorCodec('training-run', cursorParts.uuid);
/** A version's datasets are ordered by (name, uri, checksum): the cursor is the dataset's id. */
export const versionDatasetCursor = cursorCodec('lineage-dataset', cursorParts.uuid);
/** A run's inputs keep the order they were given: the cursor is the position. */
export const inputDatasetCursor = cursorCodec('input-dataset', cursorParts.int);

interface Listed<N> {
  parent: string;
  id: string;
  node: N;
}

/**
 * Lists in which a node can sit under several parents of one batch (a dataset read by several
 * versions, a run reading several datasets): the page query answers (parent, id) pairs, and the
 * nodes load by id in one more query.
 */
function pairsThenNodes<N extends { id: string }, K>(
  dataSource: DataSource,
  entity: new () => N,
  source: {
    pairs(parentIds: string[], page: PageArgs<K>): Promise<{ parent: string; id: string }[]>;
    counts(parentIds: string[]): Promise<Map<string, number>>;
    cursorOf(row: Listed<N>): string;
  },
): PagedListSource<Listed<N>, K, N> {
  return {
    async rows(parentIds, page) {
      const pairs = await source.pairs(parentIds, page);
      const ids = [...new Set(pairs.map((pair) => pair.id))];
      const nodes =
        ids.length === 0 ? [] : await dataSource.getRepository(entity).findBy({ id: In(ids) } as never);
      const byId = new Map(nodes.map((node) => [node.id, node]));
      return pairs.map((pair) => ({ ...pair, node: byId.get(pair.id)! }));
    },
    counts: source.counts,
    parentOf: (row) => row.parent,
    cursorOf: source.cursorOf,
    nodeOf: (row) => row.node,
  };
}

export function runPagesByVersion(dataSource: DataSource) {
  const runs = dataSource.getRepository(TrainingRun);
  return loadPages<TrainingRun, string>({
    rows: (versionIds, { first, after }) =>
      runs
        .createQueryBuilder('run')
        .comment('runPagesByVersion')
        .where(
          `run.id IN (
             SELECT ranked.id FROM (
               SELECT page.id,
                      row_number() OVER (PARTITION BY page.model_version_id ORDER BY page.created_at, page.id) AS position
                 FROM lineage.training_run page
                WHERE page.model_version_id = ANY(:versionIds::uuid[])
                  ${
                    after === null
                      ? ''
                      : `AND (page.created_at, page.id) > (
                           SELECT cursor_row.created_at, cursor_row.id FROM lineage.training_run cursor_row
                            WHERE cursor_row.id = :after::uuid AND cursor_row.model_version_id = page.model_version_id)`
                  }
             ) ranked
            WHERE ranked.position <= :limit)`,
          { versionIds, after, limit: first + 1 },
        )
        .orderBy('run.model_version_id')
        .addOrderBy('run.created_at')
        .addOrderBy('run.id')
        .getMany(),
    counts: async (versionIds) =>
      countsByParent(
        await dataSource.query(
          `/* runCountsByVersion */ SELECT model_version_id AS parent, count(*) AS count FROM lineage.training_run
            WHERE model_version_id = ANY($1::uuid[]) GROUP BY model_version_id`,
          [versionIds],
        ),
      ),
    parentOf: (run) => run.modelVersionId,
    cursorOf: (run) => runCursor.encode(run.id),
  });
}

export function datasetPagesByVersion(dataSource: DataSource) {
  return loadPages(
    pairsThenNodes<Dataset, string>(dataSource, Dataset, {
      pairs: (versionIds, { first, after }) =>
        dataSource.query(
          `/* datasetPagesByVersion */
           SELECT ranked.parent, ranked.id FROM (
             SELECT used.parent, used.id,
                    row_number() OVER (PARTITION BY used.parent ORDER BY used.name, used.uri, used.checksum) AS position
               FROM (SELECT DISTINCT run.model_version_id AS parent, d.id, d.name, d.uri, d.checksum
                       FROM lineage.training_run run
                       JOIN lineage.training_run_dataset link ON link.training_run_id = run.id
                       JOIN lineage.dataset d ON d.id = link.dataset_id
                      WHERE run.model_version_id = ANY($1::uuid[])) used
              WHERE $2::uuid IS NULL OR (used.name, used.uri, used.checksum) >
                    (SELECT c.name, c.uri, c.checksum FROM lineage.dataset c WHERE c.id = $2::uuid)
           ) ranked
           WHERE ranked.position <= $3
           ORDER BY ranked.parent, ranked.position`,
          [versionIds, after, first + 1],
        ),
      counts: async (versionIds) =>
        countsByParent(
          await dataSource.query(
            `/* datasetCountsByVersion */
             SELECT run.model_version_id AS parent, count(DISTINCT link.dataset_id) AS count
               FROM lineage.training_run run JOIN lineage.training_run_dataset link ON link.training_run_id = run.id
              WHERE run.model_version_id = ANY($1::uuid[]) GROUP BY run.model_version_id`,
            [versionIds],
          ),
        ),
      cursorOf: (row) => versionDatasetCursor.encode(row.id),
    }),
  );
}

export function inputDatasetPagesByRun(dataSource: DataSource) {
  const positions = new Map<string, number>();
  return loadPages(
    pairsThenNodes<Dataset, number>(dataSource, Dataset, {
      pairs: async (runIds, { first, after }) => {
        const rows: { parent: string; id: string; position: number }[] = await dataSource.query(
          `/* inputDatasetPagesByRun */
           SELECT ranked.parent, ranked.id, ranked.input_position AS position FROM (
             SELECT link.training_run_id AS parent, link.dataset_id AS id, link.position AS input_position,
                    row_number() OVER (PARTITION BY link.training_run_id ORDER BY link.position) AS position
               FROM lineage.training_run_dataset link
              WHERE link.training_run_id = ANY($1::uuid[]) AND ($2::int IS NULL OR link.position > $2::int)
           ) ranked
           WHERE ranked.position <= $3
           ORDER BY ranked.parent, ranked.position`,
          [runIds, after, first + 1],
        );
        for (const row of rows) positions.set(`${row.parent}/${row.id}`, row.position);
        return rows;
      },
      counts: async (runIds) =>
        countsByParent(
          await dataSource.query(
            `/* inputDatasetCountsByRun */ SELECT training_run_id AS parent, count(*) AS count
               FROM lineage.training_run_dataset WHERE training_run_id = ANY($1::uuid[]) GROUP BY training_run_id`,
            [runIds],
          ),
        ),
      cursorOf: (row) => inputDatasetCursor.encode(positions.get(`${row.parent}/${row.id}`)!),
    }),
  );
}

/**
 * A dataset's runs, only those of versions in `visibleVersionIds`: the caller's visibility is
 * part of the query, so pages and totals never count a hidden run.
 */
export function runPagesByDataset(dataSource: DataSource, visibleVersionIds: string[]) {
  return loadPages(
    pairsThenNodes<TrainingRun, string>(dataSource, TrainingRun, {
      pairs: (datasetIds, { first, after }) =>
        dataSource.query(
          `/* runPagesByDataset */
           SELECT ranked.parent, ranked.id FROM (
             SELECT link.dataset_id AS parent, run.id,
                    row_number() OVER (PARTITION BY link.dataset_id ORDER BY run.created_at, run.id) AS position
               FROM lineage.training_run_dataset link
               JOIN lineage.training_run run ON run.id = link.training_run_id
              WHERE link.dataset_id = ANY($1::uuid[]) AND run.model_version_id = ANY($4::uuid[])
                AND ($2::uuid IS NULL OR (run.created_at, run.id) >
                     (SELECT c.created_at, c.id FROM lineage.training_run c WHERE c.id = $2::uuid))
           ) ranked
           WHERE ranked.position <= $3
           ORDER BY ranked.parent, ranked.position`,
          [datasetIds, after, first + 1, visibleVersionIds],
        ),
      counts: async (datasetIds) =>
        countsByParent(
          await dataSource.query(
            `/* runCountsByDataset */ SELECT link.dataset_id AS parent, count(*) AS count
               FROM lineage.training_run_dataset link JOIN lineage.training_run run ON run.id = link.training_run_id
              WHERE link.dataset_id = ANY($1::uuid[]) AND run.model_version_id = ANY($2::uuid[])
              GROUP BY link.dataset_id`,
            [datasetIds, visibleVersionIds],
          ),
        ),
      cursorOf: (row) => runCursor.encode(row.id),
    }),
  );
}
