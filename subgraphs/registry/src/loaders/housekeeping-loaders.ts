import { byKey, groupBy, validIds } from '@cairn/subgraph-kit';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type {
  LegalHold,
  LegalHoldChange,
  ModelVersionDeprecation,
  RetentionPolicy,
} from '../resolvers/housekeeping.types';

/**
 * Per request, like `createRegistryLoaders`. Keyed by version or team ids that were themselves
 * loaded through the caller's visibility, so nothing here needs its own visibility rule.
 */
export function createHousekeepingLoaders(dataSource: DataSource) {
  return {
    deprecationByVersionId: new DataLoader<string, (ModelVersionDeprecation & { id: string }) | null>(
      async (ids) => {
        const rows: (ModelVersionDeprecation & { id: string })[] = await dataSource.query(
          `/* deprecationsByVersion */
           SELECT model_version_id AS id, reason, deprecated_by AS by, deprecated_at AS at,
                  successor_version_id AS "successorVersionId"
             FROM registry.model_version_deprecation WHERE model_version_id = ANY($1::uuid[])`,
          [validIds(ids)],
        );
        return byKey(ids, rows, (row) => row.id);
      },
    ),
    legalHoldByVersionId: new DataLoader<string, (LegalHold & { id: string }) | null>(async (ids) => {
      const rows: (LegalHold & { id: string })[] = await dataSource.query(
        `/* legalHoldsByVersion */
         SELECT model_version_id AS id, reason, placed_by AS "placedBy", placed_at AS "placedAt"
           FROM registry.legal_hold WHERE model_version_id = ANY($1::uuid[])`,
        [validIds(ids)],
      );
      return byKey(ids, rows, (row) => row.id);
    }),
    legalHoldHistoryByVersionId: new DataLoader<string, LegalHoldChange[]>(async (ids) => {
      const rows: (LegalHoldChange & { id: string })[] = await dataSource.query(
        `/* legalHoldHistoryByVersion */
         SELECT h.model_version_id AS id, h.action, h.reason, h.actor, h.at FROM registry.housekeeping_history h
          WHERE h.model_version_id = ANY($1::uuid[]) AND h.action IN ('PLACE_LEGAL_HOLD', 'RELEASE_LEGAL_HOLD')
          ORDER BY h.model_version_id, h.id DESC`,
        [validIds(ids)],
      );
      return groupBy(ids, rows, (row) => row.id);
    }),
    retentionPolicyByTeamId: new DataLoader<string, (RetentionPolicy & { id: string }) | null>(
      async (ids) => {
        const rows: (RetentionPolicy & { id: string })[] = await dataSource.query(
          `/* retentionPoliciesByTeam */
           SELECT team_id AS id, purge_archived_artifacts_after_days AS "purgeArchivedArtifactsAfterDays",
                  updated_by AS "updatedBy", updated_at AS "updatedAt"
             FROM registry.retention_policy WHERE team_id = ANY($1::uuid[])`,
          [validIds(ids)],
        );
        return byKey(ids, rows, (row) => row.id);
      },
    ),
  };
}
export type HousekeepingLoaders = ReturnType<typeof createHousekeepingLoaders>;
