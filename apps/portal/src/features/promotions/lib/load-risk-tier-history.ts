import { gatewayQuery } from '@/lib/gateway/gateway-query';
import {
  type PendingRiskTierChange,
  RISK_TIER_HISTORY_QUERY,
  type RiskTierChange,
  type RiskTierHistoryData,
} from '../graphql/risk-tier';

/** The model's tier changes and the lowering waiting for approval, or null when the API cannot say. */
export async function loadRiskTierHistory(
  modelId: string,
): Promise<{ history: RiskTierChange[]; pending: PendingRiskTierChange | null } | null> {
  const result = await gatewayQuery<RiskTierHistoryData>(RISK_TIER_HISTORY_QUERY, { id: modelId }).catch(
    () => null,
  );
  if (!result?.data?.model || result.errors?.length) return null;
  return { history: result.data.model.riskTierHistory, pending: result.data.model.pendingRiskTierChange };
}
