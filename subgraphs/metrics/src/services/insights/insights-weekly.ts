import type { EntityManager } from 'typeorm';

/**
 * The counters kept per team and ISO week (weeks start on Monday, UTC). Team requests count
 * under the slug asked for, which may never become a team: nothing lists teams from here.
 */
export const WEEKLY_FIGURES = [
  'teams_registered',
  'models_registered',
  'versions_registered',
  'promotions_requested',
  'promotions_completed',
  'promotions_rejected',
  'team_requests_made',
  'team_requests_approved',
  'team_requests_rejected',
] as const;
export type WeeklyFigure = (typeof WEEKLY_FIGURES)[number];

/**
 * Adds one to a team's counter for the week of `at`. Callers bump only after they filled in a
 * fact for the first time (their upsert returned a row), which is what keeps a replayed event
 * from counting twice.
 */
export async function bumpWeekly(
  manager: EntityManager,
  team: string,
  figure: WeeklyFigure,
  at: Date,
): Promise<void> {
  await manager.query(
    `/* bumpInsightsWeekly */ INSERT INTO metrics.insights_weekly AS w (team_slug, week, figure, count)
     VALUES ($1, date_trunc('week', $3::timestamptz AT TIME ZONE 'UTC')::date, $2, 1)
     ON CONFLICT (team_slug, week, figure) DO UPDATE SET count = w.count + 1`,
    [team, figure, at],
  );
}

/** Runs an upsert that `RETURNING`s a row only when it filled a fact in, and bumps if it did. */
export async function countIfFirst(
  manager: EntityManager,
  sql: string,
  params: unknown[],
  bump: { team: string; figure: WeeklyFigure; at: Date },
): Promise<void> {
  const rows: unknown[] = await manager.query(sql, params);
  if (rows.length > 0) await bumpWeekly(manager, bump.team, bump.figure, bump.at);
}
