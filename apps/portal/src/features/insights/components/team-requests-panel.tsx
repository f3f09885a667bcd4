import Link from 'next/link';
import type { Insights } from '../graphql/insights';
import { hasTeamRequestTrend, trendRows } from '../lib/chart-data';
import { formatHours } from '../lib/format';
import { FigureList } from './figure-list';
import styles from './insights.module.css';
import { TrendChart } from './trend-chart';

/**
 * Self-service team requests: how many wait now, how many were decided in the range and how
 * fast, and the weekly series. The API gives counts only; the requests themselves are on the
 * Teams page (platform admins decide them there).
 */
export function TeamRequestsPanel({ insights }: { insights: Insights }) {
  const { teamRequests, weeks } = insights;
  const figures: [string, string][] = [
    ['Open now', String(teamRequests.open)],
    ['Requested', String(teamRequests.made)],
    ['Decided', String(teamRequests.approved + teamRequests.rejected)],
    ['Approved', String(teamRequests.approved)],
    ['Rejected', String(teamRequests.rejected)],
    ['Time to decide p50', formatHours(teamRequests.timeToDecide.p50Hours)],
    ['Time to decide p90', formatHours(teamRequests.timeToDecide.p90Hours)],
  ];
  return (
    <>
      <FigureList figures={figures} testId="team-request-figures" />
      {hasTeamRequestTrend(weeks) ? (
        <TrendChart rows={trendRows(weeks)} kind="teamRequests" testId="team-request-trend-chart" />
      ) : (
        <p className={styles.empty}>No team was requested or decided in this range.</p>
      )}
      {teamRequests.open > 0 ? (
        <p className={styles.muted}>
          <Link href="/teams">Open requests are on the Teams page.</Link>
        </p>
      ) : null}
    </>
  );
}
