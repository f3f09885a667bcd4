import type { VisibleVersions } from '@cairn/model-directory';
import { byKey, groupBy, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { ModelVersionStage } from '../entities/model-version-stage.entity';
import type { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { INITIAL_STAGE } from '../services/stage-rules';

const id = (versionId: string) => versionId;

/**
 * One set per request, so a page of versions costs one query per field, whatever its size. A
 * version the caller may not see answers NOT_FOUND, whichever path asked for it.
 */
export function createGovernanceLoaders(dataSource: DataSource, visible: VisibleVersions) {
  return {
    stageByVersionId: new DataLoader<string, Stage>((ids) =>
      visible.guard(ids, id, async (seen) => {
        const rows = await dataSource
          .getRepository(ModelVersionStage)
          .findBy({ modelVersionId: In(validIds(seen)) });
        // No row means the version never moved.
        return byKey(seen, rows, (row) => row.modelVersionId).map((row) => row?.stage ?? INITIAL_STAGE);
      }),
    ),
    historyByVersionId: new DataLoader<string, StageTransition[]>((ids) =>
      visible.guard(ids, id, async (seen) => {
        const rows = await dataSource.getRepository(StageTransition).find({
          where: { modelVersionId: In(validIds(seen)) },
          order: { occurredAt: 'ASC', id: 'ASC' },
        });
        return groupBy(seen, rows, (row) => row.modelVersionId);
      }),
    ),
  };
}

export type GovernanceLoaders = ReturnType<typeof createGovernanceLoaders>;
