import type { VisibleVersions } from '@cairn/model-directory';
import DataLoader from 'dataloader';
import type { GovernanceServices } from '../context';
import { DEFAULT_RISK_TIER, type RiskTier } from '../services/promotion/approval-rules';
import type { DecisionRecordRow } from '../services/promotion/decision-record';
import type { GuardrailEvaluationRow } from '../services/promotion/guardrail-store';
import type { PromotionProgress } from '../services/promotion/promotion.service';
import type {
  PromotionDecisionRow,
  PromotionRequestRow,
  RiskTierChangeRow,
} from '../services/promotion/promotion-store';
import type { RiskTierChangeRequestRow } from '../services/promotion/risk-tier-change.service';

/**
 * One set per request, so an inbox page costs one query per field, whatever its size. Requests
 * reach these loaders only after their version was checked visible (by the service or guard).
 */
export function createPromotionLoaders(services: GovernanceServices, visible: VisibleVersions) {
  const promotions = services.promotions;
  return {
    decisionsByRequest: new DataLoader<string, PromotionDecisionRow[]>(async (ids) => {
      const rows = await promotions.decisions(ids);
      return ids.map((id) => rows.filter((row) => row.request_id === id));
    }),
    decisionRecordByRequest: new DataLoader<string, DecisionRecordRow | null>(async (ids) => {
      const rows = await promotions.decisionRecords(ids);
      return ids.map((id) => rows.find((row) => row.request_id === id) ?? null);
    }),
    guardrailsByRequest: new DataLoader<string, GuardrailEvaluationRow | null>(async (ids) => {
      const rows = await promotions.evaluations(ids);
      return ids.map((id) => rows.find((row) => row.request_id === id) ?? null);
    }),
    progressByRequest: new DataLoader<PromotionRequestRow, PromotionProgress, string>(
      (requests) => promotions.progressMany(requests),
      { cacheKeyFn: (request) => request.id },
    ),
    /** A version's requests, newest first; NOT_FOUND for a version the caller may not see. */
    requestsByVersion: new DataLoader<string, PromotionRequestRow[]>((ids) =>
      visible.guard(
        ids,
        (id) => id,
        async (seen) => {
          const rows = await promotions.requestsOfVersions(seen);
          return seen.map((id) => rows.filter((row) => row.model_version_id === id));
        },
      ),
    ),
    /**
     * Whether the caller may see each model: through some version of it; a model governance
     * knows no version of has nothing here to hide.
     */
    modelVisible: new DataLoader<string, boolean>(async (ids) => {
      const versions = await services.approvalPolicies.versionsOfModels(ids);
      return Promise.all(versions.map(async (id) => (id ? (await visible.find(id)) !== null : true)));
    }),
    riskHistoryByModel: new DataLoader<string, RiskTierChangeRow[]>(async (ids) => {
      const rows = await services.approvalPolicies.tierHistories(ids);
      return ids.map((id) => rows.filter((row) => row.model_id === id));
    }),
    pendingTierChangeByModel: new DataLoader<string, RiskTierChangeRequestRow | null>(async (ids) => {
      const pending = await services.riskTierChanges.pendingOf(ids);
      return ids.map((id) => pending.get(id) ?? null);
    }),
    riskTierByModel: new DataLoader<string, RiskTier>(async (ids) => {
      const tiers = await services.approvalPolicies.tiersOf([...ids]);
      return ids.map((id) => tiers.get(id) ?? DEFAULT_RISK_TIER);
    }),
  };
}

export type PromotionLoaders = ReturnType<typeof createPromotionLoaders>;
