import type { EntityManager } from 'typeorm';
import type { Observation, RolloutRules, Verdict } from './rollout-rules';

export type RolloutStatus = 'IN_PROGRESS' | 'COMPLETED' | 'ROLLED_BACK';
export type RolloutDecisionKind = 'ADVANCE' | 'COMPLETE' | 'ROLLBACK';

export interface RolloutRow {
  id: string;
  model_id: string;
  team_slug: string;
  candidate_version_id: string;
  baseline_version_id: string;
  steps: number[];
  window_minutes: number;
  max_error_rate_ratio: number;
  max_latency_p99_ms: number | null;
  min_requests: number;
  started_by: string;
  started_at: Date;
  status: RolloutStatus;
  step_index: number;
  step_started_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason: string | null;
  rollback_request_id: string | null;
}

export interface RolloutWindowRow {
  id: string;
  rollout_id: string;
  step_index: number;
  traffic_percent: number;
  window_start: Date;
  window_end: Date;
  candidate_requests: number;
  candidate_errors: number;
  candidate_latency_p99_ms: number | null;
  baseline_requests: number;
  baseline_errors: number;
  baseline_latency_p99_ms: number | null;
  verdict: Verdict;
  findings: string[];
  reported_by: string;
  reported_at: Date;
}

export interface RolloutDecisionRow {
  id: string;
  rollout_id: string;
  kind: RolloutDecisionKind;
  automatic: boolean;
  window_id: string | null;
  from_percent: number;
  to_percent: number;
  reason: string;
  decided_by: string;
  decided_at: Date;
}

export const trafficOf = (rollout: RolloutRow) => rollout.steps[rollout.step_index]!;
export const rulesOf = (rollout: RolloutRow): RolloutRules => ({
  maxErrorRateRatio: rollout.max_error_rate_ratio,
  maxLatencyP99Ms: rollout.max_latency_p99_ms,
  minRequests: rollout.min_requests,
});

// bigint columns come back as strings from pg: counts here stay far below 2^53.
const WINDOW_COLUMNS = `id, rollout_id, step_index, traffic_percent, window_start, window_end,
  candidate_requests::float8 AS candidate_requests, candidate_errors::float8 AS candidate_errors,
  candidate_latency_p99_ms, baseline_requests::float8 AS baseline_requests,
  baseline_errors::float8 AS baseline_errors, baseline_latency_p99_ms, verdict, findings, reported_by, reported_at`;

/** Inserts a rollout; null when the model has one in progress already. */
export async function insertRollout(
  manager: EntityManager,
  rollout: Pick<
    RolloutRow,
    'model_id' | 'team_slug' | 'candidate_version_id' | 'baseline_version_id' | 'steps' | 'window_minutes'
  > & { rules: RolloutRules; startedBy: string },
): Promise<RolloutRow | null> {
  const rows: RolloutRow[] = await manager.query(
    `/* insertRollout */ INSERT INTO governance.rollout
       (model_id, team_slug, candidate_version_id, baseline_version_id, steps, window_minutes,
        max_error_rate_ratio, max_latency_p99_ms, min_requests, started_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (model_id) WHERE status = 'IN_PROGRESS' DO NOTHING
     RETURNING *`,
    [
      rollout.model_id,
      rollout.team_slug,
      rollout.candidate_version_id,
      rollout.baseline_version_id,
      rollout.steps,
      rollout.window_minutes,
      rollout.rules.maxErrorRateRatio,
      rollout.rules.maxLatencyP99Ms,
      rollout.rules.minRequests,
      rollout.startedBy,
    ],
  );
  return rows[0] ?? null;
}

export async function lockRollout(manager: EntityManager, id: string): Promise<RolloutRow | null> {
  const rows: RolloutRow[] = await manager.query(
    `/* lockRollout */ SELECT * FROM governance.rollout WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

export function selectRollouts(manager: EntityManager, ids: readonly string[]): Promise<RolloutRow[]> {
  return manager.query(`/* selectRollouts */ SELECT * FROM governance.rollout WHERE id = ANY($1::uuid[])`, [
    [...ids],
  ]);
}

/** Each model's rollouts, newest first (at most 100 per model). */
export function rolloutsOfModels(manager: EntityManager, modelIds: readonly string[]): Promise<RolloutRow[]> {
  return manager.query(
    `/* rolloutsOfModels */ SELECT * FROM (
       SELECT r.*, row_number() OVER (PARTITION BY r.model_id ORDER BY r.started_at DESC, r.id) AS position
         FROM governance.rollout r WHERE r.model_id = ANY($1::uuid[])) ranked
      WHERE ranked.position <= 100 ORDER BY ranked.started_at DESC, ranked.id`,
    [[...modelIds]],
  );
}

/** Whether a rollout of the version already completed (a version rolls out once). */
export async function hasCompletedRollout(manager: EntityManager, versionId: string): Promise<boolean> {
  const rows = await manager.query(
    `/* hasCompletedRollout */ SELECT 1 FROM governance.rollout
      WHERE candidate_version_id = $1 AND status = 'COMPLETED' LIMIT 1`,
    [versionId],
  );
  return rows.length > 0;
}

/** The end of the rollout's latest window; the next one starts there or later. */
export async function lastWindowEnd(manager: EntityManager, rolloutId: string): Promise<Date | null> {
  const rows: { end: Date | null }[] = await manager.query(
    `/* lastRolloutWindowEnd */ SELECT max(window_end) AS "end" FROM governance.rollout_window WHERE rollout_id = $1`,
    [rolloutId],
  );
  return rows[0]?.end ?? null;
}

export async function insertWindow(
  manager: EntityManager,
  rollout: RolloutRow,
  window: { start: Date; end: Date; candidate: Observation; baseline: Observation },
  judgement: { verdict: Verdict; findings: string[] },
  by: string,
): Promise<RolloutWindowRow> {
  const rows: RolloutWindowRow[] = await manager.query(
    `/* insertRolloutWindow */ INSERT INTO governance.rollout_window
       (rollout_id, step_index, traffic_percent, window_start, window_end, candidate_requests, candidate_errors,
        candidate_latency_p99_ms, baseline_requests, baseline_errors, baseline_latency_p99_ms, verdict, findings,
        reported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     RETURNING ${WINDOW_COLUMNS}`,
    [
      rollout.id,
      rollout.step_index,
      trafficOf(rollout),
      window.start,
      window.end,
      window.candidate.requests,
      window.candidate.errors,
      window.candidate.latencyP99Ms,
      window.baseline.requests,
      window.baseline.errors,
      window.baseline.latencyP99Ms,
      judgement.verdict,
      judgement.findings,
      by,
    ],
  );
  return rows[0]!;
}

export async function insertDecision(
  manager: EntityManager,
  decision: Omit<RolloutDecisionRow, 'id' | 'decided_at'>,
): Promise<RolloutDecisionRow> {
  const rows: RolloutDecisionRow[] = await manager.query(
    `/* insertRolloutDecision */ INSERT INTO governance.rollout_decision
       (rollout_id, kind, automatic, window_id, from_percent, to_percent, reason, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      decision.rollout_id,
      decision.kind,
      decision.automatic,
      decision.window_id,
      decision.from_percent,
      decision.to_percent,
      decision.reason,
      decision.decided_by,
    ],
  );
  return rows[0]!;
}

export async function moveToNextStep(manager: EntityManager, id: string): Promise<RolloutRow> {
  // An UPDATE answers [rows, affected count].
  const [rows]: [RolloutRow[], number] = await manager.query(
    `/* advanceRollout */ UPDATE governance.rollout
        SET step_index = step_index + 1, step_started_at = clock_timestamp()
      WHERE id = $1 RETURNING *`,
    [id],
  );
  return rows[0]!;
}

/** Ends the rollout; COMPLETED moves to the last step with it. */
export async function endRollout(
  manager: EntityManager,
  id: string,
  end: { status: 'COMPLETED' | 'ROLLED_BACK'; by: string; reason: string; rollbackRequestId: string | null },
): Promise<RolloutRow> {
  const [rows]: [RolloutRow[], number] = await manager.query(
    `/* endRollout */ UPDATE governance.rollout
        SET status = $2, ended_at = clock_timestamp(), ended_by = $3, end_reason = $4, rollback_request_id = $5,
            step_index = CASE WHEN $2 = 'COMPLETED' THEN step_index + 1 ELSE step_index END,
            step_started_at = CASE WHEN $2 = 'COMPLETED' THEN clock_timestamp() ELSE step_started_at END
      WHERE id = $1 RETURNING *`,
    [id, end.status, end.by, end.reason, end.rollbackRequestId],
  );
  return rows[0]!;
}

export function windowsOf(
  manager: EntityManager,
  rolloutIds: readonly string[],
): Promise<RolloutWindowRow[]> {
  return manager.query(
    `/* rolloutWindows */ SELECT ${WINDOW_COLUMNS} FROM governance.rollout_window
      WHERE rollout_id = ANY($1::uuid[]) ORDER BY window_start, reported_at`,
    [[...rolloutIds]],
  );
}

export function decisionsOf(
  manager: EntityManager,
  rolloutIds: readonly string[],
): Promise<RolloutDecisionRow[]> {
  return manager.query(
    `/* rolloutDecisions */ SELECT * FROM governance.rollout_decision
      WHERE rollout_id = ANY($1::uuid[]) ORDER BY decided_at, id`,
    [[...rolloutIds]],
  );
}
