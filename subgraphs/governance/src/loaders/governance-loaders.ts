import { byKey, groupBy, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { ModelVersionStage } from '../entities/model-version-stage.entity';
import type { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { INITIAL_STAGE } from '../services/stage-rules';

/** One set per request, so a page of versions costs one query per field, whatever its size. */
export function createGovernanceLoaders(dataSource: DataSource) {
  return {
    stageByVersionId: new DataLoader<string, Stage>(async (ids) => {
      const rows = await dataSource
        .getRepository(ModelVersionStage)
        .findBy({ modelVersionId: In(validIds(ids)) });
      // No row means the version never moved.
      return byKey(ids, rows, (row) => row.modelVersionId).map((row) => row?.stage ?? INITIAL_STAGE);
    }),
    historyByVersionId: new DataLoader<string, StageTransition[]>(async (ids) => {
      const rows = await dataSource.getRepository(StageTransition).find({
        where: { modelVersionId: In(validIds(ids)) },
        order: { occurredAt: 'ASC', id: 'ASC' },
      });
      return groupBy(ids, rows, (row) => row.modelVersionId);
    }),
  };
}

export type GovernanceLoaders = ReturnType<typeof createGovernanceLoaders>;
