import type { VisibleVersions } from '@cairn/model-directory';
import {
  byKey,
  type Connection,
  countsByParent,
  cursorCodec,
  cursorParts,
  loadPages,
  type PageKey,
  pageCacheKey,
  validIds,
} from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import type { GovernanceServices } from '../context';
import { ModelVersionStage } from '../entities/model-version-stage.entity';
import type { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { INITIAL_STAGE } from '../services/stage-rules';
import { createPromotionLoaders } from './promotion-loaders';
import { createRolloutLoaders } from './rollout-loaders';

const id = (versionId: string) => versionId;

/**
 * `stageHistory` is ordered by (occurred_at, id); the cursor holds the transition's id and SQL
 * compares with that row's stored time, which a JS Date would truncate to milliseconds.
 */
export const stageHistoryCursor = cursorCodec('stage-transition', cursorParts.uuid);

/**
 * One set per request, so a page of versions costs one query per field, whatever its size. A
 * version the caller may not see answers NOT_FOUND, whichever path asked for it.
 */
export function createGovernanceLoaders(
  dataSource: DataSource,
  visible: VisibleVersions,
  services: GovernanceServices,
) {
  return {
    ...createPromotionLoaders(services, visible),
    ...createRolloutLoaders(services),
    stageByVersionId: new DataLoader<string, Stage>((ids) =>
      visible.guard(ids, id, async (seen) => {
        const rows = await dataSource
          .getRepository(ModelVersionStage)
          .findBy({ modelVersionId: In(validIds(seen)) });
        // No row means the version never moved.
        return byKey(seen, rows, (row) => row.modelVersionId).map((row) => row?.stage ?? INITIAL_STAGE);
      }),
    ),
    /** A page of each version's moves, oldest first, only for versions the caller may see. */
    historyPages: new DataLoader<PageKey<string>, Connection<StageTransition>, string>(
      (keys) => visible.guard(keys, (key) => key.parentId, historyPages(dataSource)),
      { cacheKeyFn: pageCacheKey },
    ),
  };
}

function historyPages(dataSource: DataSource) {
  const transitions = dataSource.getRepository(StageTransition);
  return loadPages<StageTransition, string>({
    rows: (versionIds, { first, after }) =>
      transitions
        .createQueryBuilder('t')
        .comment('stageHistoryPages')
        .where(
          `t.id IN (
             SELECT ranked.id FROM (
               SELECT page.id,
                      row_number() OVER (PARTITION BY page.model_version_id ORDER BY page.occurred_at, page.id) AS position
                 FROM governance.stage_transition page
                WHERE page.model_version_id = ANY(:versionIds::uuid[])
                  ${
                    after === null
                      ? ''
                      : `AND (page.occurred_at, page.id) > (
                           SELECT cursor_row.occurred_at, cursor_row.id FROM governance.stage_transition cursor_row
                            WHERE cursor_row.id = :after::uuid AND cursor_row.model_version_id = page.model_version_id)`
                  }
             ) ranked
            WHERE ranked.position <= :limit)`,
          { versionIds, after, limit: first + 1 },
        )
        .orderBy('t.model_version_id')
        .addOrderBy('t.occurred_at')
        .addOrderBy('t.id')
        .getMany(),
    counts: async (versionIds) =>
      countsByParent(
        await transitions
          .createQueryBuilder('t')
          .comment('stageHistoryCounts')
          .select('t.model_version_id', 'parent')
          .addSelect('count(*)', 'count')
          .where('t.model_version_id = ANY(:versionIds::uuid[])', { versionIds })
          .groupBy('t.model_version_id')
          .getRawMany(),
      ),
    parentOf: (row) => row.modelVersionId,
    cursorOf: (row) => stageHistoryCursor.encode(row.id),
  });
}

export type GovernanceLoaders = ReturnType<typeof createGovernanceLoaders>;
