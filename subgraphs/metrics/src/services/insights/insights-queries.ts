import type { EntityManager } from 'typeorm';

/**
 * Who the figures are for. `teams` null: every team. A model's name is shown only when
 * `namesAll`, or it is INTERNAL, or its team is one of `memberTeams`.
 */
export interface InsightsScope {
  teams: string[] | null;
  namesAll: boolean;
  memberTeams: string[];
  from: Date;
  to: Date;
  /** Evaluations older than this are stale. */
  staleBefore: Date;
}

export interface Stats {
  count: number;
  p50: number | null;
  p90: number | null;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** Hours to the hundredth (36 s): enough for a dashboard, and free of float noise such as 62.400000000000006. */
export const roundHours = (v: unknown): number | null => {
  const hours = numOrNull(v);
  return hours === null ? null : Math.round(hours * 100) / 100;
};

/** Hours between two timestamp expressions, as a percentile_cont input. */
const hours = (later: string, earlier: string) => `extract(epoch FROM (${later} - ${earlier})) / 3600.0`;
const stats = (name: string, expr: string) =>
  `count(${expr}) AS ${name}_n,
   percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr}) AS ${name}_p50,
   percentile_cont(0.9) WITHIN GROUP (ORDER BY ${expr}) AS ${name}_p90`;
export const readStats = (row: Record<string, unknown>, name: string): Stats => ({
  count: num(row[`${name}_n`]),
  p50: roundHours(row[`${name}_p50`]),
  p90: roundHours(row[`${name}_p90`]),
});

/** Production models (one row each: the newest PRODUCTION version of an unarchived model). */
const PRODUCTION = `
  SELECT DISTINCT ON (v.model_id) v.*, m.name AS model_name, m.visibility, m.risk_tier,
         (NOT v.has_card) AS no_card, (NOT v.has_signature) AS unsigned,
         NOT (v.provenance_code AND v.provenance_container AND (v.provenance_datasets OR v.lineage_datasets))
           AS incomplete_provenance,
         (NOT v.promoted_by_request) AS not_approved,
         v.guardrails_failed AS failing_evaluation,
         (v.last_evaluated_at IS NULL OR v.last_evaluated_at < $2) AS stale_evaluation,
         (v.open_drift_alarms > 0) AS open_drift_alarm
    FROM metrics.insights_version v
    JOIN metrics.insights_model m ON m.model_id = v.model_id AND NOT m.archived
   WHERE v.stage = 'PRODUCTION' AND ($1::text[] IS NULL OR v.team_slug = ANY($1))
   ORDER BY v.model_id, v.version DESC NULLS LAST`;

export const RISK_FLAGS = {
  no_card: 'NO_MODEL_CARD',
  unsigned: 'UNSIGNED',
  incomplete_provenance: 'INCOMPLETE_PROVENANCE',
  not_approved: 'NOT_APPROVED',
  failing_evaluation: 'FAILING_EVALUATION',
  stale_evaluation: 'STALE_EVALUATION',
  open_drift_alarm: 'OPEN_DRIFT_ALARM',
  legal_hold: 'LEGAL_HOLD',
} as const;
const flagCount = Object.keys(RISK_FLAGS)
  .map((f) => `p.${f}::int`)
  .join(' + ');
const TIER_RANK = `CASE p.risk_tier WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 1 ELSE 0 END`;

export type ProductionRow = Record<keyof typeof RISK_FLAGS, boolean> & {
  model_id: string;
  model_version_id: string;
  model_name: string | null;
  team_slug: string;
  version: number | null;
  risk_tier: string | null;
  visible: boolean;
  flags: number;
};

export class InsightsQueries {
  constructor(private readonly manager: EntityManager) {}

  /** Every production model in scope with its flags; names are dropped later for hidden ones. */
  async production(scope: InsightsScope): Promise<ProductionRow[]> {
    const rows: ProductionRow[] = await this.manager.query(
      `/* insightsProduction */ SELECT p.model_id, p.model_version_id, p.model_name, p.team_slug, p.version,
              p.risk_tier, ${Object.keys(RISK_FLAGS).join(', ')},
              ($3 OR p.visibility = 'INTERNAL' OR p.team_slug = ANY($4)) AS visible,
              (${flagCount}) AS flags
         FROM (${PRODUCTION}) p
        ORDER BY flags DESC, ${TIER_RANK} DESC, p.model_name, p.model_id`,
      [scope.teams, scope.staleBefore, scope.namesAll, scope.memberTeams],
    );
    return rows.map((r) => ({ ...r, flags: Number(r.flags) }));
  }

  /** Exact counts of what was registered in [from, to), per team. */
  async registered(scope: InsightsScope): Promise<Map<string, { models: number; versions: number }>> {
    const rows: { team_slug: string; models: string; versions: string }[] = await this.manager.query(
      `/* insightsRegistered */ SELECT team_slug, sum(models) AS models, sum(versions) AS versions FROM (
         SELECT team_slug, count(*) AS models, 0 AS versions FROM metrics.insights_model
          WHERE registered_at >= $2 AND registered_at < $3 AND ($1::text[] IS NULL OR team_slug = ANY($1))
          GROUP BY team_slug
         UNION ALL
         SELECT team_slug, 0, count(*) FROM metrics.insights_version
          WHERE registered_at >= $2 AND registered_at < $3 AND ($1::text[] IS NULL OR team_slug = ANY($1))
          GROUP BY team_slug) c
       GROUP BY team_slug`,
      [scope.teams, scope.from, scope.to],
    );
    return new Map(rows.map((r) => [r.team_slug, { models: num(r.models), versions: num(r.versions) }]));
  }

  async teamsRegistered(scope: InsightsScope): Promise<number> {
    const [row] = await this.manager.query(
      `/* insightsTeamsRegistered */ SELECT count(*) AS n FROM metrics.insights_team
        WHERE registered_at >= $2 AND registered_at < $3 AND ($1::text[] IS NULL OR slug = ANY($1))`,
      [scope.teams, scope.from, scope.to],
    );
    return num(row.n);
  }

  /**
   * Lead time of completed PRODUCTION promotions live in [from, to), overall (`team_slug` null)
   * and per team, in one pass with GROUPING SETS.
   */
  async leadTimes(scope: InsightsScope): Promise<Record<string, unknown>[]> {
    return this.manager.query(
      `/* insightsLeadTimes */ SELECT r.team_slug,
              ${stats('reg_req', hours('r.requested_at', 'v.registered_at'))},
              ${stats('req_app', hours('r.decided_at', 'r.requested_at'))},
              ${stats('app_live', hours('r.live_at', 'r.decided_at'))},
              ${stats('reg_live', hours('r.live_at', 'v.registered_at'))},
              count(*) FILTER (WHERE r.live_at - v.registered_at < interval '1 day') AS b0,
              count(*) FILTER (WHERE r.live_at - v.registered_at >= interval '1 day' AND r.live_at - v.registered_at < interval '3 days') AS b1,
              count(*) FILTER (WHERE r.live_at - v.registered_at >= interval '3 days' AND r.live_at - v.registered_at < interval '7 days') AS b2,
              count(*) FILTER (WHERE r.live_at - v.registered_at >= interval '7 days' AND r.live_at - v.registered_at < interval '14 days') AS b3,
              count(*) FILTER (WHERE r.live_at - v.registered_at >= interval '14 days' AND r.live_at - v.registered_at < interval '30 days') AS b4,
              count(*) FILTER (WHERE r.live_at - v.registered_at >= interval '30 days') AS b5
         FROM metrics.insights_promotion r
         LEFT JOIN metrics.insights_version v ON v.model_version_id = r.model_version_id
        WHERE r.outcome = 'COMPLETED' AND r.kind = 'PROMOTION' AND r.target_stage = 'PRODUCTION'
          AND r.live_at >= $2 AND r.live_at < $3 AND ($1::text[] IS NULL OR r.team_slug = ANY($1))
        GROUP BY GROUPING SETS ((), (r.team_slug))`,
      [scope.teams, scope.from, scope.to],
    );
  }

  /** Decisions in [from, to) per team, and the latency to a first approval. */
  async decisions(scope: InsightsScope): Promise<Record<string, unknown>[]> {
    return this.manager.query(
      `/* insightsDecisions */ SELECT r.team_slug,
              count(*) FILTER (WHERE r.outcome = 'COMPLETED' AND r.decided_at >= $2 AND r.decided_at < $3) AS completed,
              count(*) FILTER (WHERE r.outcome = 'REJECTED' AND r.decided_at >= $2 AND r.decided_at < $3) AS rejected,
              ${stats('latency', `CASE WHEN r.first_approved_at >= $2 AND r.first_approved_at < $3 THEN ${hours('r.first_approved_at', 'r.requested_at')} END`)}
         FROM metrics.insights_promotion r
        WHERE ($1::text[] IS NULL OR r.team_slug = ANY($1))
          AND ((r.decided_at >= $2 AND r.decided_at < $3) OR (r.first_approved_at >= $2 AND r.first_approved_at < $3))
        GROUP BY GROUPING SETS ((), (r.team_slug))`,
      [scope.teams, scope.from, scope.to],
    );
  }

  /**
   * Team requests under the slugs in scope: made and decided in [from, to), open now, and the
   * hours from request to decision of those decided in the range.
   */
  async teamRequests(scope: InsightsScope): Promise<Record<string, unknown>> {
    const [row] = await this.manager.query(
      `/* insightsTeamRequests */ SELECT
              count(*) FILTER (WHERE r.requested_at >= $2 AND r.requested_at < $3) AS made,
              count(*) FILTER (WHERE r.outcome = 'APPROVED' AND r.decided_at >= $2 AND r.decided_at < $3) AS approved,
              count(*) FILTER (WHERE r.outcome = 'REJECTED' AND r.decided_at >= $2 AND r.decided_at < $3) AS rejected,
              count(*) FILTER (WHERE r.outcome = 'OPEN') AS open,
              ${stats('decide', `CASE WHEN r.decided_at >= $2 AND r.decided_at < $3 THEN ${hours('r.decided_at', 'r.requested_at')} END`)}
         FROM metrics.insights_team_request r
        WHERE ($1::text[] IS NULL OR r.slug = ANY($1))`,
      [scope.teams, scope.from, scope.to],
    );
    return row;
  }

  /** Rejection reasons of models the caller may see; the others only counted (`reason` null). */
  async rejectionReasons(scope: InsightsScope): Promise<{ reason: string | null; count: number }[]> {
    const rows: { reason: string | null; n: string }[] = await this.manager.query(
      `/* insightsRejectionReasons */ SELECT CASE WHEN $4 OR m.visibility = 'INTERNAL' OR r.team_slug = ANY($5)
                   THEN coalesce(r.rejection_reason, '') END AS reason, count(*) AS n
         FROM metrics.insights_promotion r
         LEFT JOIN metrics.insights_model m ON m.model_id = r.model_id
        WHERE r.outcome = 'REJECTED' AND r.decided_at >= $2 AND r.decided_at < $3
          AND ($1::text[] IS NULL OR r.team_slug = ANY($1))
        GROUP BY 1 ORDER BY n DESC, reason`,
      [scope.teams, scope.from, scope.to, scope.namesAll, scope.memberTeams],
    );
    return rows.map((r) => ({ reason: r.reason, count: num(r.n) }));
  }

  /** The weekly counters of every week touching [from, to), zeros included. */
  async weeks(scope: InsightsScope): Promise<Record<string, unknown>[]> {
    return this.manager.query(
      `/* insightsWeeks */ WITH weeks AS (
         SELECT generate_series(date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC')::date,
                                ($3::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond')::date,
                                interval '1 week')::date AS week),
       counters AS (
         SELECT w.week, w.figure, sum(w.count) AS n, count(DISTINCT w.team_slug) FILTER (WHERE w.count > 0) AS teams
           FROM metrics.insights_weekly w
          WHERE w.week >= (SELECT min(week) FROM weeks) AND w.week <= (SELECT max(week) FROM weeks)
            AND ($1::text[] IS NULL OR w.team_slug = ANY($1))
          GROUP BY w.week, w.figure),
       lead AS (
         SELECT date_trunc('week', r.live_at AT TIME ZONE 'UTC')::date AS week,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours('r.live_at', 'v.registered_at')}) AS p50
           FROM metrics.insights_promotion r
           JOIN metrics.insights_version v ON v.model_version_id = r.model_version_id
          WHERE r.outcome = 'COMPLETED' AND r.kind = 'PROMOTION' AND r.target_stage = 'PRODUCTION'
            AND r.live_at >= (SELECT min(week) FROM weeks) AND r.live_at < (SELECT max(week) FROM weeks) + 7
            AND ($1::text[] IS NULL OR r.team_slug = ANY($1))
          GROUP BY 1)
       SELECT weeks.week::text AS week,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'teams_registered'), 0) AS teams_registered,
              coalesce(max(c.teams) FILTER (WHERE c.figure = 'versions_registered'), 0) AS active_teams,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'models_registered'), 0) AS models_registered,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'versions_registered'), 0) AS versions_registered,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'promotions_requested'), 0) AS promotions_requested,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'promotions_completed'), 0) AS promotions_completed,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'promotions_rejected'), 0) AS promotions_rejected,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'team_requests_made'), 0) AS team_requests_made,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'team_requests_approved'), 0) AS team_requests_approved,
              coalesce(max(c.n) FILTER (WHERE c.figure = 'team_requests_rejected'), 0) AS team_requests_rejected,
              max(lead.p50) AS lead_p50
         FROM weeks
         LEFT JOIN counters c ON c.week = weeks.week
         LEFT JOIN lead ON lead.week = weeks.week
        GROUP BY weeks.week ORDER BY weeks.week`,
      [scope.teams, scope.from, scope.to],
    );
  }

  /** Per source, the imported versions registered and promotions decided in [from, to). */
  async importedHistory(
    scope: InsightsScope,
  ): Promise<{ source: string; versions: number; promotions: number }[]> {
    const rows: { source: string; versions: string; promotions: string }[] = await this.manager.query(
      `/* insightsImportedHistory */ SELECT source, sum(versions) AS versions, sum(promotions) AS promotions FROM (
         SELECT history_source AS source, count(*) AS versions, 0 AS promotions FROM metrics.insights_version
          WHERE history_source IS NOT NULL AND registered_at >= $2 AND registered_at < $3
            AND ($1::text[] IS NULL OR team_slug = ANY($1))
          GROUP BY 1
         UNION ALL
         SELECT history_source, 0, count(*) FROM metrics.insights_promotion
          WHERE history_source IS NOT NULL AND decided_at >= $2 AND decided_at < $3
            AND ($1::text[] IS NULL OR team_slug = ANY($1))
          GROUP BY 1) h
       GROUP BY source ORDER BY source`,
      [scope.teams, scope.from, scope.to],
    );
    return rows.map((r) => ({ source: r.source, versions: num(r.versions), promotions: num(r.promotions) }));
  }

  /**
   * A team created a moment ago may not have reached `insights_team` yet (the consumer reads
   * only committed-and-settled transactions, once a poll): on a miss, the registry's published
   * log answers. Misses are rare (a mistyped slug), so the scan of TeamCreated events is too.
   */
  async teamExists(slug: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `/* insightsTeamExists */ SELECT 1 FROM metrics.insights_team WHERE slug = $1
       UNION ALL SELECT 1 FROM metrics.insights_model WHERE team_slug = $1 LIMIT 1`,
      [slug],
    );
    if (rows.length > 0) return true;
    const created: unknown[] = await this.manager.query(
      `/* insightsTeamInRegistryLog */ SELECT 1 FROM registry.event_log
        WHERE type = 'registry.TeamCreated' AND payload->>'slug' = $1 LIMIT 1`,
      [slug],
    );
    return created.length > 0;
  }

  async allTeams(): Promise<string[]> {
    const rows: { slug: string }[] = await this.manager.query(
      `/* insightsAllTeams */ SELECT slug FROM metrics.insights_team
       UNION SELECT team_slug FROM metrics.insights_model ORDER BY 1`,
    );
    return rows.map((r) => r.slug);
  }
}
