import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError } from '@/lib/gateway/graphql-result';
import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import {
  DRIFT_DETAILS_SHOWN,
  MODEL_DRIFT_VERSIONS_QUERY,
  type ModelDriftVersionsData,
  VERSION_DRIFT_QUERY,
  type VersionDrift,
  type VersionDriftData,
} from '../graphql/model-drift';

export interface ModelDrift {
  /** Recent versions with references registered, newest first, in full. */
  versions: VersionDrift[];
  /** How many more recent versions have references than are shown in full. */
  moreWithDrift: number;
  /** How many versions the model has; the tab looks at the newest few only. */
  totalVersions: number;
}

async function versionDrift(id: string): Promise<VersionDrift> {
  const result = await gatewayQuery<VersionDriftData>(VERSION_DRIFT_QUERY, { id });
  if (!result.data?.modelVersion) {
    const error = result.errors?.[0];
    throw new GatewayError(
      error?.message ?? 'Drift could not be loaded.',
      error?.extensions?.code ?? 'GATEWAY_ERROR',
    );
  }
  return result.data.modelVersion;
}

/** The Drift tab's data, or null when the model is hidden. */
export async function loadDrift(id: string): Promise<ModelDrift | null> {
  const data = await queryOrNotFound<ModelDriftVersionsData>(
    MODEL_DRIFT_VERSIONS_QUERY,
    { id },
    `/models/${encodeURIComponent(id)}/drift`,
    (d) => !!d.model,
  );
  if (!data) return null;
  const watched = data.model.versions.edges.map((e) => e.node).filter((v) => v.driftDistributions.length > 0);
  const shown = watched.slice(0, DRIFT_DETAILS_SHOWN);
  return {
    versions: await Promise.all(shown.map((v) => versionDrift(v.id))),
    moreWithDrift: watched.length - shown.length,
    totalVersions: data.model.versions.totalCount,
  };
}
