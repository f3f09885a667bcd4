import type { Principal } from '@cairn/identity';
import { byKey, groupBy, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import type { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { Team } from '../entities/team.entity';
import { ModelVisibilityPolicy } from '../services/model-visibility';

/**
 * One set per request, so a page of models costs a constant number of queries. Models and
 * versions load through the caller's `ModelVisibilityPolicy`: one the caller may not see loads
 * as `null`, exactly like one that does not exist, for field resolvers and `_entities` alike.
 * The version lists hang off a model already loaded this way.
 */
export function createRegistryLoaders(dataSource: DataSource, principal: Principal) {
  const versions = dataSource.getRepository(ModelVersion);
  const visibility = ModelVisibilityPolicy.for(principal);
  return {
    teamById: new DataLoader<string, Team | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(Team).findBy({ id: In(validIds(ids)) }), (t) => t.id),
    ),
    modelById: new DataLoader<string, Model | null>(async (ids) => {
      const rows = await visibility
        .models(dataSource)
        .andWhere('model.id = ANY(:ids::uuid[])', { ids: validIds(ids) })
        .getMany();
      return byKey(ids, rows, (m) => m.id);
    }),
    versionById: new DataLoader<string, ModelVersion | null>(async (ids) => {
      const rows = await visibility
        .versions(dataSource)
        .andWhere('version.id = ANY(:ids::uuid[])', { ids: validIds(ids) })
        .getMany();
      return byKey(ids, rows, (v) => v.id);
    }),
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
