import { type ComparisonResult, loadComparison } from '@/features/compare-versions/lib/load-comparison';
import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import {
  PROMOTION_DETAIL_QUERY,
  type PromotionDetail,
  type PromotionDetailData,
} from '../graphql/promotion-detail';

export interface PromotionDetailPage {
  request: PromotionDetail;
  /** The model's version in PRODUCTION now, when there is one besides the candidate. */
  production: { id: string; version: number } | null;
  /** The candidate against production (production as the baseline); null without production. */
  comparison: ComparisonResult | null;
}

/**
 * One request with what an approver weighs, or null when the caller may not see it (NOT_FOUND
 * alike for what does not exist). The diff against production is the registry's own compare.
 */
export async function loadPromotionDetail(id: string): Promise<PromotionDetailPage | null> {
  const here = `/approvals/${encodeURIComponent(id)}`;
  const data = await queryOrNotFound<PromotionDetailData>(
    PROMOTION_DETAIL_QUERY,
    { id },
    here,
    (d) => !!d.promotionRequest,
  );
  if (!data) return null;
  const request = data.promotionRequest;
  const candidate = request.modelVersion;
  const production =
    candidate.model.versions.edges
      .map((e) => e.node)
      .find((v) => v.stage === 'PRODUCTION' && v.id !== candidate.id) ?? null;
  const comparison = production
    ? await loadComparison(candidate.model.id, here, [production.id, candidate.id], true)
    : null;
  return {
    request,
    production: production ? { id: production.id, version: production.version } : null,
    comparison,
  };
}
