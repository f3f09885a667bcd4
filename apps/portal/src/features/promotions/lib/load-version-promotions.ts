import { gatewayQuery } from '@/lib/gateway/gateway-query';
import {
  VERSION_PROMOTIONS_QUERY,
  type VersionPromotions,
  type VersionPromotionsData,
} from '../graphql/version-promotions';

export interface ModelPromotions {
  byVersion: Map<string, VersionPromotions>;
}

/**
 * The promotion side of the shown versions (at most `VERSIONS_SHOWN`, queried in parallel), or
 * null when the API cannot say for any of them: the Versions tab then shows the versions without
 * it rather than failing. The layout has already answered NOT_FOUND and ended sessions.
 */
export async function loadVersionPromotions(versionIds: string[]): Promise<ModelPromotions | null> {
  const results = await Promise.all(
    versionIds.map((id) =>
      gatewayQuery<VersionPromotionsData>(VERSION_PROMOTIONS_QUERY, { id }).catch(() => null),
    ),
  );
  const versions = results.map((r) => (r?.errors?.length ? null : (r?.data?.modelVersion ?? null)));
  if (versions.some((v) => v === null)) return null;
  return { byVersion: new Map(versions.map((v) => [v!.id, v!])) };
}
