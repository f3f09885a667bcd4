import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import { MODEL_LINEAGE_QUERY, type ModelLineageData, type VersionLineage } from '../graphql/model-lineage';

/** The newest versions with their runs and datasets, or null when the model is hidden. */
export async function loadLineage(
  id: string,
): Promise<{ versions: VersionLineage[]; totalVersions: number } | null> {
  const data = await queryOrNotFound<ModelLineageData>(
    MODEL_LINEAGE_QUERY,
    { id },
    `/models/${encodeURIComponent(id)}/lineage`,
    (d) => !!d.model,
  );
  if (!data) return null;
  return {
    versions: data.model.versions.edges.map((e) => e.node),
    totalVersions: data.model.versions.totalCount,
  };
}
