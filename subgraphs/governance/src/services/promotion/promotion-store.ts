import type { EntityManager } from 'typeorm';
import type { ApprovalPolicy, PromotionTarget, RecordedApproval, RiskTier } from './approval-rules';
import { DEFAULT_RISK_TIER } from './approval-rules';

export type PromotionStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'EXPIRED';
/** A promotion moves a version up the chain; a rollback returns a DEPRECATED one to PRODUCTION. */
export type PromotionKind = 'PROMOTION' | 'ROLLBACK';

export interface PromotionRequestRow {
  id: string;
  model_version_id: string;
  model_id: string;
  team_slug: string;
  target_stage: PromotionTarget;
  justification: string;
  requested_by: string;
  requested_at: Date;
  expires_at: Date;
  manifest_digest: string | null;
  risk_tier: RiskTier;
  status: PromotionStatus;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  kind: PromotionKind;
}

export interface PromotionDecisionRow {
  id: string;
  request_id: string;
  approver: string;
  decision: 'APPROVE' | 'REJECT';
  comment: string | null;
  manifest_digest: string | null;
  policy_id: string;
  approval_roles: string[];
  occurred_at: Date;
}

interface PolicyRow {
  id: string;
  risk_tier: RiskTier;
  target_stage: PromotionTarget;
  version: number;
  required_approvals: number;
  required_roles: string[];
  named_approvers: string[] | null;
  rollback_needs_approval: boolean;
  created_at: Date;
  created_by: string;
}

export type ApprovalPolicyRecord = ApprovalPolicy & { createdAt: Date; createdBy: string };

const toPolicy = (row: PolicyRow): ApprovalPolicyRecord => ({
  id: row.id,
  riskTier: row.risk_tier,
  targetStage: row.target_stage,
  version: row.version,
  requiredApprovals: row.required_approvals,
  requiredRoles: row.required_roles,
  namedApprovers: row.named_approvers,
  rollbackNeedsApproval: row.rollback_needs_approval,
  createdAt: row.created_at,
  createdBy: row.created_by,
});

const REQUEST_COLUMNS = `id, model_version_id, model_id, team_slug, target_stage, justification, requested_by,
  requested_at, expires_at, manifest_digest, risk_tier, status, decided_at, decided_by, decision_reason, kind`;

/** The policy in force for a tier and target: its highest version. */
export async function currentPolicy(
  manager: EntityManager,
  tier: RiskTier,
  target: PromotionTarget,
): Promise<ApprovalPolicyRecord> {
  const rows: PolicyRow[] = await manager.query(
    `/* currentApprovalPolicy */ SELECT * FROM governance.approval_policy
      WHERE risk_tier = $1 AND target_stage = $2 ORDER BY version DESC LIMIT 1`,
    [tier, target],
  );
  // The migration seeds every tier and target, and versions are never deleted.
  return toPolicy(rows[0]!);
}

export async function currentPolicies(manager: EntityManager): Promise<ApprovalPolicyRecord[]> {
  const rows: PolicyRow[] = await manager.query(
    `/* currentApprovalPolicies */ SELECT DISTINCT ON (risk_tier, target_stage) * FROM governance.approval_policy
      ORDER BY risk_tier, target_stage, version DESC`,
  );
  const tierOrder = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
  return rows
    .map(toPolicy)
    .sort(
      (a, b) =>
        tierOrder.indexOf(a.riskTier) - tierOrder.indexOf(b.riskTier) ||
        a.targetStage.localeCompare(b.targetStage),
    );
}

/** Adds a version of a tier's policy; serialised per tier and target by the unique version. */
export async function insertPolicyVersion(
  manager: EntityManager,
  policy: Omit<ApprovalPolicy, 'id' | 'version'>,
  by: string,
): Promise<ApprovalPolicyRecord> {
  // Two changes of one tier and target at once would pick the same next version: take turns.
  await manager.query(
    `/* lockApprovalPolicy */ SELECT pg_advisory_xact_lock(hashtext('approval_policy:' || $1 || ':' || $2))`,
    [policy.riskTier, policy.targetStage],
  );
  const rows: PolicyRow[] = await manager.query(
    `/* insertApprovalPolicy */ INSERT INTO governance.approval_policy
       (risk_tier, target_stage, version, required_approvals, required_roles, named_approvers,
        rollback_needs_approval, created_by)
     SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5, $7, $6
       FROM governance.approval_policy WHERE risk_tier = $1 AND target_stage = $2
     RETURNING *`,
    [
      policy.riskTier,
      policy.targetStage,
      policy.requiredApprovals,
      policy.requiredRoles,
      policy.namedApprovers,
      by,
      policy.rollbackNeedsApproval,
    ],
  );
  return toPolicy(rows[0]!);
}

export async function riskTierOf(manager: EntityManager, modelId: string): Promise<RiskTier> {
  const rows: { risk_tier: RiskTier }[] = await manager.query(
    `/* selectModelRisk */ SELECT risk_tier FROM governance.model_risk WHERE model_id = $1`,
    [modelId],
  );
  return rows[0]?.risk_tier ?? DEFAULT_RISK_TIER;
}

export async function riskTiersOf(
  manager: EntityManager,
  modelIds: string[],
): Promise<Map<string, RiskTier>> {
  const rows: { model_id: string; risk_tier: RiskTier }[] = await manager.query(
    `/* selectModelRisks */ SELECT model_id, risk_tier FROM governance.model_risk WHERE model_id = ANY($1::uuid[])`,
    [modelIds],
  );
  return new Map(rows.map((row) => [row.model_id, row.risk_tier]));
}

/** Sets a model's tier under a row lock; answers the tier it had (null: never set). */
export async function setRiskTier(
  manager: EntityManager,
  model: { id: string; teamSlug: string },
  tier: RiskTier,
  reason: string,
  by: string,
): Promise<RiskTier | null> {
  await manager.query(
    `/* ensureModelRisk */ INSERT INTO governance.model_risk (model_id, team_slug, risk_tier, updated_by)
     VALUES ($1, $2, $3, $4) ON CONFLICT (model_id) DO NOTHING`,
    [model.id, model.teamSlug, DEFAULT_RISK_TIER, by],
  );
  const [locked]: { risk_tier: RiskTier }[] = await manager.query(
    `/* lockModelRisk */ SELECT risk_tier FROM governance.model_risk WHERE model_id = $1 FOR UPDATE`,
    [model.id],
  );
  const [history]: { n: string }[] = await manager.query(
    `/* countRiskTierChanges */ SELECT count(*) AS n FROM governance.risk_tier_change WHERE model_id = $1`,
    [model.id],
  );
  // A model whose tier was never set has no history: its MEDIUM was the default, not a choice.
  const from = Number(history?.n ?? 0) === 0 ? null : (locked?.risk_tier ?? null);
  await manager.query(
    `/* updateModelRisk */ UPDATE governance.model_risk SET risk_tier = $2, updated_at = clock_timestamp(), updated_by = $3
      WHERE model_id = $1`,
    [model.id, tier, by],
  );
  await manager.query(
    `/* insertRiskTierChange */ INSERT INTO governance.risk_tier_change (model_id, from_tier, to_tier, reason, actor)
     VALUES ($1, $2, $3, $4, $5)`,
    [model.id, from, tier, reason, by],
  );
  return from;
}

export interface RiskTierChangeRow {
  id: string;
  model_id: string;
  from_tier: RiskTier | null;
  to_tier: RiskTier;
  reason: string;
  actor: string;
  occurred_at: Date;
}

/** The latest 100 tier changes of each model, newest first. */
export function riskTierHistories(
  manager: EntityManager,
  modelIds: readonly string[],
): Promise<RiskTierChangeRow[]> {
  return manager.query(
    `/* selectRiskTierChanges */ SELECT * FROM (
       SELECT c.*, row_number() OVER (PARTITION BY c.model_id ORDER BY c.id DESC) AS position
         FROM governance.risk_tier_change c WHERE c.model_id = ANY($1::uuid[])) ranked
      WHERE ranked.position <= 100 ORDER BY ranked.id DESC`,
    [[...modelIds]],
  );
}

/** Inserts a request; null when the version already has an open one for that target. */
export async function insertPromotionRequest(
  manager: EntityManager,
  request: Pick<
    PromotionRequestRow,
    | 'model_version_id'
    | 'model_id'
    | 'team_slug'
    | 'target_stage'
    | 'justification'
    | 'requested_by'
    | 'manifest_digest'
    | 'risk_tier'
  > & { ttlHours: number; kind?: PromotionKind },
): Promise<PromotionRequestRow | null> {
  const rows: PromotionRequestRow[] = await manager.query(
    `/* insertPromotionRequest */ INSERT INTO governance.promotion_request
       (model_version_id, model_id, team_slug, target_stage, justification, requested_by, manifest_digest,
        risk_tier, expires_at, kind)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp() + make_interval(hours => $9), $10)
     ON CONFLICT (model_version_id, target_stage) WHERE status = 'PENDING' DO NOTHING
     RETURNING ${REQUEST_COLUMNS}`,
    [
      request.model_version_id,
      request.model_id,
      request.team_slug,
      request.target_stage,
      request.justification,
      request.requested_by,
      request.manifest_digest,
      request.risk_tier,
      request.ttlHours,
      request.kind ?? 'PROMOTION',
    ],
  );
  return rows[0] ?? null;
}

export async function lockPromotionRequest(
  manager: EntityManager,
  id: string,
): Promise<PromotionRequestRow | null> {
  const rows: PromotionRequestRow[] = await manager.query(
    `/* lockPromotionRequest */ SELECT ${REQUEST_COLUMNS} FROM governance.promotion_request WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

export async function selectPromotionRequests(
  manager: EntityManager,
  ids: string[],
): Promise<PromotionRequestRow[]> {
  return manager.query(
    `/* selectPromotionRequests */ SELECT ${REQUEST_COLUMNS} FROM governance.promotion_request WHERE id = ANY($1::uuid[])`,
    [ids],
  );
}

export async function closePromotionRequest(
  manager: EntityManager,
  id: string,
  outcome: { status: Exclude<PromotionStatus, 'PENDING'>; by: string; reason: string | null },
): Promise<PromotionRequestRow> {
  // An UPDATE answers [rows, affected count].
  const [[row]]: [PromotionRequestRow[], number] = await manager.query(
    `/* closePromotionRequest */ UPDATE governance.promotion_request
        SET status = $2, decided_at = clock_timestamp(), decided_by = $3, decision_reason = $4
      WHERE id = $1 AND status = 'PENDING' RETURNING ${REQUEST_COLUMNS}`,
    [id, outcome.status, outcome.by, outcome.reason],
  );
  return row!;
}

/** Inserts a decision; false when this approver already decided the request. */
export async function insertDecision(
  manager: EntityManager,
  decision: Omit<PromotionDecisionRow, 'id' | 'occurred_at'>,
): Promise<boolean> {
  const rows = await manager.query(
    `/* insertPromotionDecision */ INSERT INTO governance.promotion_decision
       (request_id, approver, decision, comment, manifest_digest, policy_id, approval_roles)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id, approver) DO NOTHING RETURNING id`,
    [
      decision.request_id,
      decision.approver,
      decision.decision,
      decision.comment,
      decision.manifest_digest,
      decision.policy_id,
      decision.approval_roles,
    ],
  );
  return rows.length > 0;
}

export function decisionsFor(manager: EntityManager, requestIds: string[]): Promise<PromotionDecisionRow[]> {
  return manager.query(
    `/* selectPromotionDecisions */ SELECT * FROM governance.promotion_decision
      WHERE request_id = ANY($1::uuid[]) ORDER BY id`,
    [requestIds],
  );
}

export const approvalsOf = (decisions: PromotionDecisionRow[]): RecordedApproval[] =>
  decisions
    .filter((d) => d.decision === 'APPROVE')
    .map((d) => ({
      approver: d.approver,
      manifestDigest: d.manifest_digest,
      policyId: d.policy_id,
      approvalRoles: d.approval_roles,
    }));

export async function approvalRolesOf(manager: EntityManager, subject: string): Promise<string[]> {
  const rows: { role: string }[] = await manager.query(
    `/* selectApprovalRoles */ SELECT role FROM governance.approval_role_grant WHERE subject = $1 ORDER BY role`,
    [subject],
  );
  return rows.map((row) => row.role);
}

/** Open requests of the given teams (every team when 'all'), oldest first: the inbox. */
export function selectOpenRequests(
  manager: EntityManager,
  teams: string[] | 'all',
  first: number,
): Promise<PromotionRequestRow[]> {
  return manager.query(
    `/* selectOpenPromotionRequests */ SELECT ${REQUEST_COLUMNS} FROM governance.promotion_request
      WHERE status = 'PENDING' AND expires_at > clock_timestamp() AND ($1::text[] IS NULL OR team_slug = ANY($1::text[]))
      ORDER BY requested_at, id LIMIT $2`,
    [teams === 'all' ? null : teams, first],
  );
}

export function requestsForVersions(
  manager: EntityManager,
  versionIds: string[],
): Promise<PromotionRequestRow[]> {
  return manager.query(
    `/* selectPromotionRequestsOfVersions */ SELECT ${REQUEST_COLUMNS} FROM governance.promotion_request
      WHERE model_version_id = ANY($1::uuid[]) ORDER BY requested_at DESC, id`,
    [versionIds],
  );
}

/** Open requests past their expiry, locked and skipped by other replicas doing the same. */
export function lockExpiredRequests(manager: EntityManager, limit: number): Promise<PromotionRequestRow[]> {
  return manager.query(
    `/* lockExpiredPromotionRequests */ SELECT ${REQUEST_COLUMNS} FROM governance.promotion_request
      WHERE status = 'PENDING' AND expires_at <= clock_timestamp()
      ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

/** The version of `modelId` in PRODUCTION (other than `except`), if any. */
export async function productionVersionOf(
  manager: EntityManager,
  modelId: string,
  except: string | null = null,
): Promise<string | null> {
  const rows: { model_version_id: string }[] = await manager.query(
    `/* productionVersionOfModel */ SELECT s.model_version_id FROM governance.model_version_stage s
       JOIN governance.known_model_version k ON k.model_version_id = s.model_version_id
      WHERE k.model_id = $1 AND s.stage = 'PRODUCTION' AND ($2::uuid IS NULL OR s.model_version_id <> $2::uuid)
      ORDER BY s.updated_at DESC LIMIT 1`,
    [modelId, except],
  );
  return rows[0]?.model_version_id ?? null;
}

/**
 * The version a rollback returns to: the model's most recently approved PRODUCTION version that
 * is DEPRECATED now (the one the current PRODUCTION version replaced, or rolled back from).
 */
export async function previousApprovedVersion(
  manager: EntityManager,
  modelId: string,
  except: string,
): Promise<string | null> {
  const rows: { model_version_id: string }[] = await manager.query(
    `/* previousApprovedProductionVersion */ SELECT r.model_version_id FROM governance.promotion_request r
       JOIN governance.model_version_stage s ON s.model_version_id = r.model_version_id
      WHERE r.model_id = $1 AND r.target_stage = 'PRODUCTION' AND r.status = 'APPROVED'
        AND s.stage = 'DEPRECATED' AND r.model_version_id <> $2
      ORDER BY r.decided_at DESC, r.id LIMIT 1`,
    [modelId, except],
  );
  return rows[0]?.model_version_id ?? null;
}

/** Whether `versionId` was ever approved for PRODUCTION (a rollback may only return to such). */
export async function wasApprovedForProduction(manager: EntityManager, versionId: string): Promise<boolean> {
  const rows = await manager.query(
    `/* wasApprovedForProduction */ SELECT 1 FROM governance.promotion_request
      WHERE model_version_id = $1 AND target_stage = 'PRODUCTION' AND status = 'APPROVED' LIMIT 1`,
    [versionId],
  );
  return rows.length > 0;
}
