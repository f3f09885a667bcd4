import type { InsightsHistoryImportedPayload } from '@cairn/events';
import type { EntityManager } from 'typeorm';

/** Adds the weekly counts of the facts a data-modifying CTE `added` inserted (`facts`: team_slug, at, figure). */
const BUMP_WEEKLY = `
  INSERT INTO metrics.insights_weekly AS w (team_slug, week, figure, count)
  SELECT team_slug, date_trunc('week', at AT TIME ZONE 'UTC')::date, figure, count(*) FROM facts GROUP BY 1, 2, 3
  ON CONFLICT (team_slug, week, figure) DO UPDATE SET count = w.count + EXCLUDED.count`;

/**
 * Applies `metrics.InsightsHistoryImported`: the imported models, versions and promotions become
 * facts like those of Cairn's own events, at the times they happened on the source, marked with
 * their `history_source`. They get no stage, so they count in trends, lead times and decisions but
 * never as a production model now. Rows are only ever inserted (ids are derived per source), and
 * the weekly counters grow by what was inserted, so a replayed event counts nothing twice.
 */
export async function applyHistoryImport(
  manager: EntityManager,
  payload: InsightsHistoryImportedPayload,
): Promise<void> {
  const { source, models } = payload;
  const versions = models.flatMap((m) => m.versions.map((v) => ({ m, v })));
  const promotions = versions.flatMap(({ m, v }) => v.promotions.map((p) => ({ m, v, p })));
  await manager.query(
    `/* insightsHistoryModels */ WITH added AS (
       INSERT INTO metrics.insights_model (model_id, team_slug, name, registered_at, visibility, history_source)
       SELECT k.id, k.team, k.name, k.at, k.visibility, $1
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS k(id, team, name, at, visibility)
       ON CONFLICT (model_id) DO NOTHING
       RETURNING team_slug, registered_at AS at),
     facts AS (SELECT team_slug, at, 'models_registered' AS figure FROM added)
     ${BUMP_WEEKLY}`,
    [
      source,
      models.map((m) => m.modelId),
      models.map((m) => m.teamSlug),
      models.map((m) => m.name),
      models.map((m) => m.registeredAt),
      models.map((m) => m.visibility),
    ],
  );
  await manager.query(
    `/* insightsHistoryVersions */ WITH added AS (
       INSERT INTO metrics.insights_version (model_version_id, model_id, team_slug, version, registered_at, history_source)
       SELECT k.id, k.model_id, k.team, k.version, k.at, $1
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[]) AS k(id, model_id, team, version, at)
       ON CONFLICT (model_version_id) DO NOTHING
       RETURNING team_slug, registered_at AS at),
     facts AS (SELECT team_slug, at, 'versions_registered' AS figure FROM added)
     ${BUMP_WEEKLY}`,
    [
      source,
      versions.map(({ v }) => v.modelVersionId),
      versions.map(({ m }) => m.modelId),
      versions.map(({ m }) => m.teamSlug),
      versions.map(({ v }) => v.version),
      versions.map(({ v }) => v.registeredAt),
    ],
  );
  if (promotions.length === 0) return;
  await manager.query(
    `/* insightsHistoryPromotions */ WITH added AS (
       INSERT INTO metrics.insights_promotion
         (request_id, model_version_id, model_id, team_slug, target_stage, kind, requested_at,
          first_approved_at, decided_at, outcome, rejection_reason, live_at, history_source)
       SELECT k.id, k.version_id, k.model_id, k.team, k.stage, 'PROMOTION', k.requested, k.approved,
              k.decided, k.outcome, k.reason, k.live, $1
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[],
                     $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[], $12::timestamptz[])
              AS k(id, version_id, model_id, team, stage, requested, approved, decided, outcome, reason, live)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING team_slug, requested_at, decided_at, outcome),
     facts AS (
       SELECT team_slug, requested_at AS at, 'promotions_requested' AS figure FROM added
       UNION ALL
       SELECT team_slug, decided_at, CASE outcome WHEN 'COMPLETED' THEN 'promotions_completed' ELSE 'promotions_rejected' END
         FROM added WHERE outcome IN ('COMPLETED', 'REJECTED'))
     ${BUMP_WEEKLY}`,
    [
      source,
      promotions.map(({ p }) => p.requestId),
      promotions.map(({ v }) => v.modelVersionId),
      promotions.map(({ m }) => m.modelId),
      promotions.map(({ m }) => m.teamSlug),
      promotions.map(({ p }) => p.targetStage),
      promotions.map(({ p }) => p.requestedAt),
      promotions.map(({ p }) => p.firstApprovedAt),
      promotions.map(({ p }) => p.decidedAt),
      promotions.map(({ p }) => p.outcome),
      promotions.map(({ p }) => p.rejectionReason),
      promotions.map(({ p }) => p.liveAt),
    ],
  );
}
