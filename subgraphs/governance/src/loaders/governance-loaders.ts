import { isUuid } from '@cairn/database';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { ModelVersionStage } from '../entities/model-version-stage.entity';
import type { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { INITIAL_STAGE } from '../services/stage-rules';

// Postgres returns uuids in lower case; callers may send them in any case.
const keyOf = (id: string) => id.toLowerCase();
const validIds = (ids: readonly string[]) => ids.filter(isUuid).map(keyOf);

/** One set per request, so a page of versions costs one query per field, whatever its size. */
export function createGovernanceLoaders(dataSource: DataSource) {
  return {
    stageByVersionId: new DataLoader<string, Stage>(async (ids) => {
      const rows = await dataSource
        .getRepository(ModelVersionStage)
        .findBy({ modelVersionId: In(validIds(ids)) });
      const stages = new Map(rows.map((row) => [row.modelVersionId, row.stage]));
      // No row means the version never moved.
      return ids.map((id) => stages.get(keyOf(id)) ?? INITIAL_STAGE);
    }),
    historyByVersionId: new DataLoader<string, StageTransition[]>(async (ids) => {
      const rows = await dataSource.getRepository(StageTransition).find({
        where: { modelVersionId: In(validIds(ids)) },
        order: { occurredAt: 'ASC', id: 'ASC' },
      });
      const groups = new Map<string, StageTransition[]>();
      for (const row of rows)
        groups.set(row.modelVersionId, [...(groups.get(row.modelVersionId) ?? []), row]);
      return ids.map((id) => groups.get(keyOf(id)) ?? []);
    }),
  };
}

export type GovernanceLoaders = ReturnType<typeof createGovernanceLoaders>;
