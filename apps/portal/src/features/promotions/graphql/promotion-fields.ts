/** The lifecycle stages, as `StageBadge` takes them (kept free of JSX for the unit tests). */
export type Stage = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION' | 'DEPRECATED' | 'ARCHIVED';

export const RISK_TIERS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
export type PromotionTarget = 'STAGING' | 'PRODUCTION';
export type PromotionStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'EXPIRED';

/** How far a request's approvals go under the policy in force. */
export const PROMOTION_PROGRESS_FIELDS = /* GraphQL */ `
  met
  countedApprovers
  staleApprovers
  missingRoles
  remaining
  summary
  policy { version riskTier targetStage requiredApprovals requiredRoles namedApprovers }
`;

/**
 * A request's own fields, its decisions and its progress. The gateway prices unpaged lists at
 * ten items each, so this costs about a hundred: fine once or ten times, not inside a page of
 * versions (hence one query per version on the Versions tab).
 */
export const PROMOTION_REQUEST_FIELDS = /* GraphQL */ `
  id
  modelVersionId
  modelId
  team
  targetStage
  justification
  requestedBy
  requestedAt
  expiresAt
  manifestDigest
  riskTierAtRequest
  status
  decidedAt
  decidedBy
  decisionReason
  decisions { approver decision comment manifestDigest approvalRoles occurredAt }
  progress { ${PROMOTION_PROGRESS_FIELDS} }
`;

export interface PromotionDecision {
  approver: string;
  decision: 'APPROVE' | 'REJECT';
  comment: string | null;
  manifestDigest: string | null;
  approvalRoles: string[];
  occurredAt: string;
}

export interface PromotionProgress {
  met: boolean;
  countedApprovers: string[];
  staleApprovers: string[];
  missingRoles: string[];
  remaining: number;
  summary: string;
  policy: {
    version: number;
    riskTier: RiskTier;
    targetStage: PromotionTarget;
    requiredApprovals: number;
    requiredRoles: string[];
    namedApprovers: string[] | null;
  };
}

export interface PromotionRequest {
  id: string;
  modelVersionId: string;
  modelId: string;
  team: string;
  targetStage: PromotionTarget;
  justification: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  manifestDigest: string | null;
  riskTierAtRequest: RiskTier;
  status: PromotionStatus;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  decisions: PromotionDecision[];
  progress: PromotionProgress;
}

export interface StageMove {
  from: Stage;
  to: Stage;
  reason: string | null;
  actor: string;
  occurredAt: string;
}
