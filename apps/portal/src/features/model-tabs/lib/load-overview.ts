import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import {
  type LatestVersionCard,
  MODEL_OVERVIEW_QUERY,
  type ModelOverviewData,
} from '../graphql/model-overview';

/** The latest version with its card (null when there is none); undefined when the model is hidden. */
export async function loadOverview(id: string): Promise<{ latest: LatestVersionCard | null } | undefined> {
  const data = await queryOrNotFound<ModelOverviewData>(
    MODEL_OVERVIEW_QUERY,
    { id },
    `/models/${encodeURIComponent(id)}`,
    (d) => !!d.model,
  );
  return data ? { latest: data.model.latestVersion } : undefined;
}
