import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DecisionRecordRow } from '../../services/promotion/decision-record';
import type { GuardrailEvaluationRow } from '../../services/promotion/guardrail-store';
import type { PromotionProgress as ProgressOfRequest } from '../../services/promotion/promotion.service';
import {
  approvalRoleGrantRules,
  approvePromotionRules,
  rejectPromotionRules,
  requestPromotionRules,
  rollbackProductionRules,
  setApprovalPolicyRules,
  setRiskTierRules,
} from '../../services/promotion/promotion-input-rules';
import type {
  ApprovalPolicyRecord,
  PromotionDecisionRow,
  PromotionRequestRow,
  RiskTierChangeRow,
} from '../../services/promotion/promotion-store';

export const RiskTier = { LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH', CRITICAL: 'CRITICAL' } as const;
export type RiskTier = (typeof RiskTier)[keyof typeof RiskTier];
registerEnumType(RiskTier, {
  name: 'RiskTier',
  description: 'How much harm a model can do; the approval policy follows it. MEDIUM until set.',
});

export const PromotionTarget = { STAGING: 'STAGING', PRODUCTION: 'PRODUCTION' } as const;
export type PromotionTarget = (typeof PromotionTarget)[keyof typeof PromotionTarget];
registerEnumType(PromotionTarget, { name: 'PromotionTarget' });

export const PromotionStatus = {
  PENDING: 'PENDING',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  WITHDRAWN: 'WITHDRAWN',
  EXPIRED: 'EXPIRED',
} as const;
export type PromotionStatus = (typeof PromotionStatus)[keyof typeof PromotionStatus];
registerEnumType(PromotionStatus, { name: 'PromotionStatus' });

export const PromotionKind = { PROMOTION: 'PROMOTION', ROLLBACK: 'ROLLBACK' } as const;
export type PromotionKind = (typeof PromotionKind)[keyof typeof PromotionKind];
registerEnumType(PromotionKind, {
  name: 'PromotionKind',
  description: 'PROMOTION moves a version up the chain; ROLLBACK returns a DEPRECATED one to PRODUCTION.',
});

export const PromotionDecisionKind = { APPROVE: 'APPROVE', REJECT: 'REJECT' } as const;
export type PromotionDecisionKind = (typeof PromotionDecisionKind)[keyof typeof PromotionDecisionKind];
registerEnumType(PromotionDecisionKind, { name: 'PromotionDecisionKind' });

@ObjectType({ description: 'How many approvals, from whom, a risk tier needs to reach a stage.' })
export class ApprovalPolicy {
  @Field(() => ID)
  id: string;

  @Field(() => RiskTier)
  riskTier: RiskTier;

  @Field(() => PromotionTarget)
  targetStage: PromotionTarget;

  @Field(() => Int, {
    description: 'Each change adds a version; approvals count only under the one they were given under.',
  })
  version: number;

  @Field(() => Int, { description: 'Distinct approvers needed.' })
  requiredApprovals: number;

  @Field(() => [String], {
    description: 'Approval roles (e.g. security) each held by at least one counted approver.',
  })
  requiredRoles: string[];

  @Field(() => [String], { nullable: true, description: 'When set, only these approvers count (N of M).' })
  namedApprovers: string[] | null;

  @Field({
    description: 'PRODUCTION policies: a rollback waits for these approvals too (false: it happens at once).',
  })
  rollbackNeedsApproval: boolean;

  @Field()
  createdAt: Date;

  @Field()
  createdBy: string;
}

export const approvalPolicyOf = (policy: ApprovalPolicyRecord): ApprovalPolicy => ({ ...policy });

@ObjectType({ description: 'One approver’s decision on a promotion request.' })
export class PromotionDecision {
  @Field()
  approver: string;

  @Field(() => PromotionDecisionKind)
  decision: PromotionDecisionKind;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => String, { nullable: true, description: 'The manifest digest the decision was given for.' })
  manifestDigest: string | null;

  @Field(() => ID, { description: 'The approval policy version in force when it was given.' })
  policyId: string;

  @Field(() => [String], { description: 'The approval roles the approver held then.' })
  approvalRoles: string[];

  @Field()
  occurredAt: Date;
}

export const promotionDecisionOf = (row: PromotionDecisionRow): PromotionDecision => ({
  approver: row.approver,
  decision: row.decision,
  comment: row.comment,
  manifestDigest: row.manifest_digest,
  policyId: row.policy_id,
  approvalRoles: row.approval_roles,
  occurredAt: row.occurred_at,
});

@ObjectType({ description: 'How far a request’s approvals go towards the policy in force.' })
export class PromotionProgress {
  @Field(() => ApprovalPolicy)
  policy: ApprovalPolicy;

  @Field()
  met: boolean;

  @Field(() => [String], { description: 'Approvers whose approval counts.' })
  countedApprovers: string[];

  @Field(() => [String], {
    description: 'Approvals given under another policy version or manifest digest: they no longer count.',
  })
  staleApprovers: string[];

  @Field(() => [String])
  missingRoles: string[];

  @Field(() => Int, { description: 'Approvals still needed.' })
  remaining: number;

  @Field({ description: 'What the request still needs, in words.' })
  summary: string;
}

export function progressOf(progress: ProgressOfRequest): PromotionProgress {
  return {
    policy: approvalPolicyOf(progress.policy),
    met: progress.tally.met,
    countedApprovers: progress.tally.counted,
    staleApprovers: progress.tally.stale,
    missingRoles: progress.tally.missingRoles,
    remaining: progress.tally.remaining,
    summary: progress.summary,
  };
}

@ObjectType({ description: 'A request to move a version into STAGING or PRODUCTION, and its outcome.' })
export class PromotionRequest {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => ID)
  modelId: string;

  @Field()
  team: string;

  @Field(() => PromotionTarget)
  targetStage: PromotionTarget;

  @Field()
  justification: string;

  @Field()
  requestedBy: string;

  @Field()
  requestedAt: Date;

  @Field({ description: 'An open request nobody decided by then expires.' })
  expiresAt: Date;

  @Field(() => String, { nullable: true, description: 'The manifest digest approvals bind to.' })
  manifestDigest: string | null;

  @Field(() => RiskTier, { description: 'The model’s risk tier when the request was made.' })
  riskTierAtRequest: RiskTier;

  @Field(() => PromotionStatus)
  status: PromotionStatus;

  @Field(() => PromotionKind)
  kind: PromotionKind;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true })
  decidedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected, or whose approvals carried it.' })
  decisionReason: string | null;

  /** The stored row, for field resolvers (not part of the schema). */
  row: PromotionRequestRow;
}

export function promotionRequestOf(row: PromotionRequestRow): PromotionRequest {
  return {
    id: row.id,
    modelVersionId: row.model_version_id,
    modelId: row.model_id,
    team: row.team_slug,
    targetStage: row.target_stage,
    justification: row.justification,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    manifestDigest: row.manifest_digest,
    riskTierAtRequest: row.risk_tier,
    status: row.status,
    kind: row.kind,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    row,
  };
}

@ObjectType({ description: 'One guardrail check’s result.' })
export class GuardrailCheckResult {
  @Field({
    description: 'modelCard, provenance, signature, metrics, sensitiveData, license or dependencies.',
  })
  check: string;

  @Field()
  passed: boolean;

  @Field({ description: 'Why, in plain words.' })
  explanation: string;
}

@ObjectType({ description: 'A run of the guardrails (policy as code) for a promotion request.' })
export class GuardrailEvaluation {
  @Field()
  passed: boolean;

  @Field({ description: 'The policy bundle that decided: sha256 of the Rego sources and data.' })
  bundleVersion: string;

  @Field(() => RiskTier)
  riskTier: RiskTier;

  @Field(() => PromotionTarget)
  targetStage: PromotionTarget;

  @Field(() => [GuardrailCheckResult])
  results: GuardrailCheckResult[];

  @Field({ description: 'The evidence document judged, as JSON.' })
  evidence: string;

  @Field()
  evaluatedBy: string;

  @Field()
  evaluatedAt: Date;
}

export const guardrailEvaluationOf = (row: GuardrailEvaluationRow): GuardrailEvaluation => ({
  passed: row.passed,
  bundleVersion: row.bundle_version,
  riskTier: row.risk_tier,
  targetStage: row.target_stage,
  results: row.results,
  evidence: JSON.stringify(row.evidence),
  evaluatedBy: row.evaluated_by,
  evaluatedAt: row.evaluated_at,
});

@ObjectType({ description: 'The signed record of a completed promotion.' })
export class DecisionRecord {
  @Field({
    description:
      'Canonical JSON (RFC 8785): the request, the guardrail run, the counted approvals and the policy version.',
  })
  record: string;

  @Field({ description: '`sha256:` of the record’s UTF-8 bytes.' })
  recordDigest: string;

  @Field({ description: 'ECDSA P-256 / SHA-256 over the record’s bytes, DER, base64.' })
  signature: string;

  @Field()
  keyId: string;

  @Field({ description: 'The PEM public key that verifies the signature.' })
  publicKey: string;

  @Field()
  signedAt: Date;
}

export const decisionRecordOf = (row: DecisionRecordRow): DecisionRecord => ({
  record: row.record,
  recordDigest: row.record_digest,
  signature: row.signature,
  keyId: row.key_id,
  publicKey: row.public_key,
  signedAt: row.signed_at,
});

@ObjectType({ description: 'A change of a model’s risk tier.' })
export class RiskTierChange {
  @Field(() => RiskTier, { nullable: true, description: 'Null the first time a tier is set.' })
  from: RiskTier | null;

  @Field(() => RiskTier)
  to: RiskTier;

  @Field()
  reason: string;

  @Field()
  actor: string;

  @Field()
  occurredAt: Date;
}

export const riskTierChangeOf = (row: RiskTierChangeRow): RiskTierChange => ({
  from: row.from_tier,
  to: row.to_tier,
  reason: row.reason,
  actor: row.actor,
  occurredAt: row.occurred_at,
});

@ObjectType({ description: 'Someone holding an approval role such as security.' })
export class ApprovalRoleGrant {
  @Field()
  role: string;

  @Field()
  subject: string;

  @Field()
  grantedBy: string;

  @Field()
  grantedAt: Date;
}

@ObjectType()
export class ModelRiskTier {
  @Field(() => ID)
  modelId: string;

  @Field(() => RiskTier)
  tier: RiskTier;
}

@InputType()
export class RequestPromotionInput {
  static readonly schema = requestPromotionRules;

  @Field(() => ID)
  modelVersionId: string;

  @Field(() => PromotionTarget)
  targetStage: PromotionTarget;

  @Field({ description: 'Why, for the approvers: at most 2,000 characters.' })
  justification: string;
}

@InputType()
export class ApprovePromotionInput {
  static readonly schema = approvePromotionRules;

  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'At most 2,000 characters.' })
  comment?: string | null;
}

@InputType()
export class RejectPromotionInput {
  static readonly schema = rejectPromotionRules;

  @Field(() => ID)
  id: string;

  @Field({ description: 'Required: shown to the requester. At most 2,000 characters.' })
  reason: string;
}

@InputType()
export class SetModelRiskTierInput {
  static readonly schema = setRiskTierRules;

  @Field(() => ID)
  modelId: string;

  @Field(() => RiskTier)
  tier: RiskTier;

  @Field({ description: 'At most 1,000 characters.' })
  reason: string;
}

@InputType()
export class SetApprovalPolicyInput {
  static readonly schema = setApprovalPolicyRules;

  @Field(() => RiskTier)
  riskTier: RiskTier;

  @Field(() => PromotionTarget)
  targetStage: PromotionTarget;

  @Field(() => Int)
  requiredApprovals: number;

  @Field(() => [String], { nullable: true })
  requiredRoles?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only these approvers count (N of M): e-mail addresses, as Cairn records people.',
  })
  namedApprovers?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'PRODUCTION: a rollback needs these approvals too.' })
  rollbackNeedsApproval?: boolean | null;
}

@InputType()
export class RollbackProductionInput {
  static readonly schema = rollbackProductionRules;

  @Field(() => ID)
  modelId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'A DEPRECATED version approved for PRODUCTION before; the one the current replaced by default.',
  })
  toVersionId?: string | null;

  @Field({ description: 'Why: recorded, signed and announced. At most 2,000 characters.' })
  reason: string;
}

@InputType()
export class ApprovalRoleGrantInput {
  static readonly schema = approvalRoleGrantRules;

  @Field({ description: 'Lowercase, e.g. security or risk.' })
  role: string;

  @Field({
    description:
      'Who: as Cairn records people, their e-mail address (their OIDC subject when they have none).',
  })
  subject: string;
}
