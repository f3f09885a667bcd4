import type { ApprovalPolicy } from './approval-rules';
import type { PromotionRequestRow } from './promotion-store';

/** What every promotion event says about its request, and the policy it is judged by. */
export function summaryOf(request: PromotionRequestRow, policy: ApprovalPolicy) {
  return {
    requestId: request.id,
    modelVersionId: request.model_version_id,
    modelId: request.model_id,
    teamSlug: request.team_slug,
    targetStage: request.target_stage,
    requestedBy: request.requested_by,
    riskTier: policy.riskTier,
    policyId: policy.id,
    policyVersion: policy.version,
    manifestDigest: request.manifest_digest,
    kind: request.kind,
  };
}
