import type { RiskTier } from './promotion-fields';

/** The model's tier changes, newest first (governance keeps up to 100). */
export const RISK_TIER_HISTORY_QUERY = /* GraphQL */ `
  query RiskTierHistory($id: ID!) {
    model(id: $id) {
      id
      riskTierHistory { from to reason actor occurredAt }
    }
  }
`;

export interface RiskTierChange {
  from: RiskTier | null;
  to: RiskTier;
  reason: string;
  actor: string;
  occurredAt: string;
}

export type RiskTierHistoryData = { model: { id: string; riskTierHistory: RiskTierChange[] } };
