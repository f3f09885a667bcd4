import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import {
  type ArtifactsData,
  LATEST_ARTIFACTS_QUERY,
  VERSION_ARTIFACTS_QUERY,
  type VersionArtifacts,
} from '../graphql/model-artifacts';

export interface ArtifactsTab {
  versions: { id: string; version: number }[];
  totalVersions: number;
  shown: VersionArtifacts | null;
}

/**
 * The picker's versions and the files of the picked one (the latest when none is picked), or
 * null when the model, or the picked version, is not one the caller may see of this model.
 */
export async function loadArtifacts(id: string, versionId: string | undefined): Promise<ArtifactsTab | null> {
  const callback = `/models/${encodeURIComponent(id)}/artifacts${versionId ? `?v=${encodeURIComponent(versionId)}` : ''}`;
  const data = await queryOrNotFound<ArtifactsData>(
    versionId ? VERSION_ARTIFACTS_QUERY : LATEST_ARTIFACTS_QUERY,
    versionId ? { id, versionId } : { id },
    callback,
    (d) => !!d.model && (!versionId || !!d.modelVersion),
  );
  if (!data) return null;
  const shown = versionId ? data.modelVersion! : (data.model.latestVersion ?? null);
  // A version of another model is not this page's business, even if the caller may see it.
  if (shown && shown.model.id !== data.model.id) return null;
  return {
    versions: data.model.versions.edges.map((e) => e.node),
    totalVersions: data.model.versions.totalCount,
    shown,
  };
}
