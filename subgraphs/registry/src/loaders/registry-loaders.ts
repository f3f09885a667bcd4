import { isUuid } from '@cairn/database';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { Team } from '../entities/team.entity';

function byKey<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): (T | null)[] {
  const index = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => index.get(key) ?? null);
}

function groupBy<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** One set per request, so a page of models costs a constant number of queries. */
export function createRegistryLoaders(dataSource: DataSource) {
  const validIds = (ids: readonly string[]) => ids.filter(isUuid);
  return {
    teamById: new DataLoader<string, Team | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(Team).findBy({ id: In(validIds(ids)) }), (t) => t.id),
    ),
    modelById: new DataLoader<string, Model | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(Model).findBy({ id: In(validIds(ids)) }), (m) => m.id),
    ),
    versionById: new DataLoader<string, ModelVersion | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(ModelVersion).findBy({ id: In(validIds(ids)) }), (v) => v.id),
    ),
    latestVersionByModelId: new DataLoader<string, ModelVersion | null>(async (modelIds) => {
      const rows = await dataSource
        .getRepository(ModelVersion)
        .createQueryBuilder('v')
        .distinctOn(['v.model_id'])
        .where('v.model_id IN (:...modelIds)', { modelIds })
        .orderBy('v.model_id')
        .addOrderBy('v.version', 'DESC')
        .getMany();
      return byKey(modelIds, rows, (v) => v.modelId);
    }),
    versionsByModelId: new DataLoader<string, ModelVersion[]>(async (modelIds) => {
      const rows = await dataSource
        .getRepository(ModelVersion)
        .find({ where: { modelId: In([...modelIds]) }, order: { version: 'DESC' } });
      return groupBy(modelIds, rows, (v) => v.modelId);
    }),
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
