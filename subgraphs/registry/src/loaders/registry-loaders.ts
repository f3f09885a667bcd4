import { byKey, groupBy, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { Team } from '../entities/team.entity';

/** One set per request, so a page of models costs a constant number of queries. */
export function createRegistryLoaders(dataSource: DataSource) {
  const versions = dataSource.getRepository(ModelVersion);
  return {
    teamById: new DataLoader<string, Team | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(Team).findBy({ id: In(validIds(ids)) }), (t) => t.id),
    ),
    modelById: new DataLoader<string, Model | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(Model).findBy({ id: In(validIds(ids)) }), (m) => m.id),
    ),
    versionById: new DataLoader<string, ModelVersion | null>(async (ids) =>
      byKey(ids, await versions.findBy({ id: In(validIds(ids)) }), (v) => v.id),
    ),
    latestVersionByModelId: new DataLoader<string, ModelVersion | null>(async (modelIds) => {
      const rows = await versions
        .createQueryBuilder('v')
        .distinctOn(['v.model_id'])
        .where('v.model_id = ANY(:modelIds::uuid[])', { modelIds: validIds(modelIds) })
        .orderBy('v.model_id')
        .addOrderBy('v.version', 'DESC')
        .getMany();
      return byKey(modelIds, rows, (v) => v.modelId);
    }),
    versionsByModelId: new DataLoader<string, ModelVersion[]>(async (modelIds) => {
      const rows = await versions.find({
        where: { modelId: In(validIds(modelIds)) },
        order: { version: 'DESC' },
      });
      return groupBy(modelIds, rows, (v) => v.modelId);
    }),
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
