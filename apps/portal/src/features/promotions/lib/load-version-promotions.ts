import { cache } from 'react';
import { VERSIONS_SHOWN } from '@/features/model-detail/graphql/model-detail';
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
 * The promotion side of a model's newest versions, or null when the API cannot say: the
 * Versions tab then shows the versions without it rather than failing. The layout has already
 * answered NOT_FOUND and sessions; this is an addition to a page that exists.
 */
export const loadVersionPromotions = cache(async (modelId: string): Promise<ModelPromotions | null> => {
  const result = await gatewayQuery<VersionPromotionsData>(VERSION_PROMOTIONS_QUERY, {
    id: modelId,
    first: VERSIONS_SHOWN,
  }).catch(() => null);
  const model = result?.data?.model;
  if (!model || result.errors?.length) return null;
  return {
    byVersion: new Map(model.versions.edges.map((e) => [e.node.id, e.node])),
  };
});
