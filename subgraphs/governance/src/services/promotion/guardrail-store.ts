import type { GuardrailDecision, GuardrailEvidenceInput, GuardrailResult } from '@cairn/guardrails';
import type { EntityManager } from 'typeorm';
import type { PromotionTarget, RiskTier } from './approval-rules';

export interface GuardrailEvaluationRow {
  id: string;
  request_id: string;
  bundle_version: string;
  risk_tier: RiskTier;
  target_stage: PromotionTarget;
  passed: boolean;
  results: GuardrailResult[];
  evidence: GuardrailEvidenceInput;
  evaluated_by: string;
  evaluated_at: Date;
}

export async function insertEvaluation(
  manager: EntityManager,
  requestId: string,
  decision: GuardrailDecision,
  evidence: GuardrailEvidenceInput,
  by: string,
): Promise<GuardrailEvaluationRow> {
  const [row]: GuardrailEvaluationRow[] = await manager.query(
    `/* insertGuardrailEvaluation */ INSERT INTO governance.guardrail_evaluation
       (request_id, bundle_version, risk_tier, target_stage, passed, results, evidence, evaluated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      requestId,
      decision.bundleVersion,
      decision.riskTier,
      decision.targetStage,
      decision.passed,
      JSON.stringify(decision.results),
      JSON.stringify(evidence),
      by,
    ],
  );
  return row!;
}

/** The latest evaluation of each request (none for a request of a release before guardrails). */
export async function latestEvaluations(
  manager: EntityManager,
  requestIds: readonly string[],
): Promise<GuardrailEvaluationRow[]> {
  return manager.query(
    `/* latestGuardrailEvaluations */ SELECT DISTINCT ON (request_id) * FROM governance.guardrail_evaluation
      WHERE request_id = ANY($1::uuid[]) ORDER BY request_id, id DESC`,
    [[...requestIds]],
  );
}
