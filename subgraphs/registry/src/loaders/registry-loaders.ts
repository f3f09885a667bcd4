import type { Principal } from '@cairn/identity';
import {
  byKey,
  type Connection,
  countsByParent,
  groupBy,
  loadPages,
  type PageKey,
  pageCacheKey,
  validIds,
} from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import type { Model } from '../entities/model.entity';
import { ModelAlias } from '../entities/model-alias.entity';
import { ModelVersion } from '../entities/model-version.entity';
import { Team } from '../entities/team.entity';
import type { AttachedSignatureRow } from '../services/attached-signature.service';
import { ModelVisibilityPolicy } from '../services/model-visibility';
import { versionCursor } from './version-cursor';

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
    /** Aliases hang off a model or version already loaded through the caller's visibility. */
    aliasesByModelId: new DataLoader<string, ModelAlias[]>(async (modelIds) =>
      groupBy(
        modelIds,
        await dataSource
          .getRepository(ModelAlias)
          .createQueryBuilder('a')
          .comment('aliasesByModel')
          .where('a.model_id = ANY(:modelIds::uuid[])', { modelIds: validIds(modelIds) })
          .orderBy('a.name')
          .getMany(),
        (a) => a.modelId,
      ),
    ),
    aliasesByVersionId: new DataLoader<string, ModelAlias[]>(async (versionIds) =>
      groupBy(
        versionIds,
        await dataSource
          .getRepository(ModelAlias)
          .createQueryBuilder('a')
          .comment('aliasesByVersion')
          .where('a.model_version_id = ANY(:versionIds::uuid[])', { versionIds: validIds(versionIds) })
          .orderBy('a.name')
          .getMany(),
        (a) => a.modelVersionId,
      ),
    ),
    /** Signatures attached to versions already loaded through the caller's visibility, oldest first. */
    attachedSignaturesByVersionId: new DataLoader<string, AttachedSignatureRow[]>(async (versionIds) => {
      const rows: AttachedSignatureRow[] = await dataSource.query(
        `/* attachedSignaturesByVersion */ SELECT id, model_version_id, key_id, public_key, bundle, attached_by, attached_at
           FROM registry.version_signature WHERE model_version_id = ANY($1::uuid[]) ORDER BY attached_at, id`,
        [validIds(versionIds)],
      );
      return groupBy(versionIds, rows, (row) => row.model_version_id);
    }),
    /** A page of each model's versions, newest first: one query for the pages, one for the totals. */
    versionPages: new DataLoader<PageKey<number>, Connection<ModelVersion>, string>(
      loadPages({
        rows: (modelIds, { first, after }) =>
          versions
            .createQueryBuilder('v')
            .comment('versionPages')
            .where(
              `v.id IN (
                 SELECT ranked.id FROM (
                   SELECT page.id, row_number() OVER (PARTITION BY page.model_id ORDER BY page.version DESC) AS position
                     FROM registry.model_version page
                    WHERE page.model_id = ANY(:modelIds::uuid[]) ${after === null ? '' : 'AND page.version < :after'}
                 ) ranked
                WHERE ranked.position <= :limit)`,
              { modelIds, after, limit: first + 1 },
            )
            .orderBy('v.model_id')
            .addOrderBy('v.version', 'DESC')
            .getMany(),
        counts: async (modelIds) =>
          countsByParent(
            await versions
              .createQueryBuilder('v')
              .comment('versionCounts')
              .select('v.model_id', 'parent')
              .addSelect('count(*)', 'count')
              .where('v.model_id = ANY(:modelIds::uuid[])', { modelIds })
              .groupBy('v.model_id')
              .getRawMany(),
          ),
        parentOf: (v) => v.modelId,
        cursorOf: (v) => versionCursor.encode(v.version),
      }),
      { cacheKeyFn: pageCacheKey },
    ),
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
