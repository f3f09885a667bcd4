import { createHash } from 'node:crypto';
import type { SignerHandle } from '@cairn/signing';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import type { ApprovalPolicy, ApprovalTally } from './approval-rules';
import type { GuardrailEvaluationRow } from './guardrail-store';
import type { PromotionDecisionRow, PromotionRequestRow } from './promotion-store';

export const DECISION_RECORD_FORMAT = 'cairn-promotion-decision';

export interface DecisionRecordRow {
  request_id: string;
  record: string;
  record_digest: string;
  signature: string;
  key_id: string;
  public_key: string;
  signed_at: Date;
}

/**
 * What was decided, by whom, on what evidence and under which policy: the request, the guardrail
 * run that let it through, the counted approvals and the policy version, as canonical JSON
 * (RFC 8785) so anyone re-serialising it gets the same bytes, signed by governance's key.
 */
export function decisionRecord(input: {
  request: PromotionRequestRow;
  policy: ApprovalPolicy;
  tally: ApprovalTally;
  decisions: PromotionDecisionRow[];
  /** Null for a rollback: it returns to a version approved before, on its approvals alone. */
  guardrails: GuardrailEvaluationRow | null;
  decidedBy: string;
  decidedAt: Date;
}): string {
  const { request, policy, tally, guardrails } = input;
  const counted = input.decisions.filter(
    (d) => d.decision === 'APPROVE' && tally.counted.includes(d.approver),
  );
  const record = {
    format: DECISION_RECORD_FORMAT,
    formatVersion: 1,
    kind: request.kind,
    request: {
      id: request.id,
      modelVersionId: request.model_version_id,
      modelId: request.model_id,
      team: request.team_slug,
      targetStage: request.target_stage,
      justification: request.justification,
      requestedBy: request.requested_by,
      requestedAt: request.requested_at.toISOString(),
      manifestDigest: request.manifest_digest,
    },
    policy: {
      id: policy.id,
      version: policy.version,
      riskTier: policy.riskTier,
      requiredApprovals: policy.requiredApprovals,
      requiredRoles: policy.requiredRoles,
      namedApprovers: policy.namedApprovers,
    },
    approvals: counted.map((d) => ({
      approver: d.approver,
      comment: d.comment,
      approvalRoles: d.approval_roles,
      manifestDigest: d.manifest_digest,
      policyId: d.policy_id,
      at: d.occurred_at.toISOString(),
    })),
    guardrails: guardrails
      ? {
          bundleVersion: guardrails.bundle_version,
          riskTier: guardrails.risk_tier,
          passed: guardrails.passed,
          evaluatedAt: guardrails.evaluated_at.toISOString(),
          results: guardrails.results,
        }
      : null,
    decidedBy: input.decidedBy,
    decidedAt: input.decidedAt.toISOString(),
  };
  return canonicalize(record) as string;
}

export async function signAndStoreDecision(
  manager: EntityManager,
  requestId: string,
  record: string,
  signer: SignerHandle,
): Promise<DecisionRecordRow> {
  const key = await signer.get();
  const bytes = Buffer.from(record, 'utf8');
  const signature = await key.sign(bytes);
  const [row]: DecisionRecordRow[] = await manager.query(
    `/* insertDecisionRecord */ INSERT INTO governance.promotion_decision_record
       (request_id, record, record_digest, signature, key_id, public_key)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [
      requestId,
      record,
      `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      signature.toString('base64'),
      key.keyId,
      key.publicKeyPem(),
    ],
  );
  return row!;
}

export function decisionRecordsFor(
  manager: EntityManager,
  requestIds: readonly string[],
): Promise<DecisionRecordRow[]> {
  return manager.query(
    `/* selectDecisionRecords */ SELECT * FROM governance.promotion_decision_record WHERE request_id = ANY($1::uuid[])`,
    [[...requestIds]],
  );
}
