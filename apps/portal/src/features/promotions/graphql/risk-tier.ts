import type { RiskTier } from './promotion-fields';

/** The model's tier changes, newest first (governance keeps up to 100). */
export const RISK_TIER_HISTORY_QUERY = /* GraphQL */ `
  query RiskTierHistory($id: ID!) {
    model(id: $id) {
      id
      riskTierHistory { from to reason actor occurredAt }
      pendingRiskTierChange { id from to reason requestedBy requestedAt }
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

/** A maintainer's request to lower the tier, waiting for an approver of the team. */
export interface PendingRiskTierChange {
  id: string;
  from: RiskTier;
  to: RiskTier;
  reason: string;
  requestedBy: string;
  requestedAt: string;
}

export type RiskTierHistoryData = {
  model: {
    id: string;
    riskTierHistory: RiskTierChange[];
    pendingRiskTierChange: PendingRiskTierChange | null;
  };
};
