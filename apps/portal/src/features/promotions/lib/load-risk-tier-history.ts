import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { RISK_TIER_HISTORY_QUERY, type RiskTierChange, type RiskTierHistoryData } from '../graphql/risk-tier';

/** The model's tier changes, or null when the API cannot say (the section then says so). */
export async function loadRiskTierHistory(modelId: string): Promise<RiskTierChange[] | null> {
  const result = await gatewayQuery<RiskTierHistoryData>(RISK_TIER_HISTORY_QUERY, { id: modelId }).catch(
    () => null,
  );
  if (!result?.data?.model || result.errors?.length) return null;
  return result.data.model.riskTierHistory;
}
