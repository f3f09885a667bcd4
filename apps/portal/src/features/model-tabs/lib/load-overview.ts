import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import {
  type LatestVersionCard,
  MODEL_OVERVIEW_QUERY,
  type ModelOverviewData,
  type VersionStage,
} from '../graphql/model-overview';

export interface Overview {
  latest: LatestVersionCard | null;
  /** The version in PRODUCTION, if any, and the DEPRECATED ones a rollback may name. */
  production: VersionStage | null;
  deprecated: VersionStage[];
}

/** The latest version with its card (null when there is none); undefined when the model is hidden. */
export async function loadOverview(id: string): Promise<Overview | undefined> {
  const data = await queryOrNotFound<ModelOverviewData>(
    MODEL_OVERVIEW_QUERY,
    { id },
    `/models/${encodeURIComponent(id)}`,
    (d) => !!d.model,
  );
  if (!data) return undefined;
  const versions = data.model.versions.edges.map((e) => e.node);
  return {
    latest: data.model.latestVersion,
    production: versions.find((v) => v.stage === 'PRODUCTION') ?? null,
    deprecated: versions.filter((v) => v.stage === 'DEPRECATED'),
  };
}
