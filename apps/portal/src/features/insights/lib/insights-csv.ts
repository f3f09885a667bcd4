import type { Insights } from '../graphql/insights';
import { LEAD_TIME_STEPS, RISK_FLAGS, SHARES, tierRows } from './chart-data';
import type { InsightsFilter } from './insights-filter';

/** Long format: one figure per row, so every section of the dashboard fits one sheet. */
export const CSV_HEADER = ['section', 'subject', 'measure', 'value'] as const;

type Cell = string | number | null;
type Row = [section: string, subject: string, measure: string, value: Cell];

/**
 * Quotes what needs quoting, and defuses text a spreadsheet would run as a formula (a rejection
 * reason is free text typed by an approver): such a cell starts with an apostrophe.
 */
function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The figures the dashboard shows, for its filter, as rows under `CSV_HEADER`. */
export function insightsCsvRows(
  insights: Insights,
  filter: Pick<InsightsFilter, 'from' | 'to' | 'team'>,
): Row[] {
  const { adoption, leadTime, approvals, riskPosture } = insights;
  const rows: Row[] = [
    ['filter', 'range', 'from', filter.from],
    ['filter', 'range', 'to', filter.to],
    ['filter', 'team', 'team', filter.team ?? 'all'],
    ['filter', 'teams', 'covered', insights.teams.join(' ')],
  ];
  for (const measure of [
    'teamsRegistered',
    'modelsRegistered',
    'versionsRegistered',
    'productionModels',
  ] as const) {
    rows.push(['adoption', 'all', measure, adoption[measure]]);
  }
  for (const [key] of SHARES) {
    rows.push(['production_share', key, 'count', adoption[key].count]);
    rows.push(['production_share', key, 'share', adoption[key].share]);
  }
  for (const [key] of LEAD_TIME_STEPS) {
    rows.push(['lead_time', key, 'count', leadTime[key].count]);
    rows.push(['lead_time', key, 'p50Hours', leadTime[key].p50Hours]);
    rows.push(['lead_time', key, 'p90Hours', leadTime[key].p90Hours]);
  }
  for (const bucket of leadTime.distribution)
    rows.push(['lead_time_distribution', bucket.label, 'count', bucket.count]);
  rows.push(
    ['approvals', 'approvalLatency', 'count', approvals.approvalLatency.count],
    ['approvals', 'approvalLatency', 'p50Hours', approvals.approvalLatency.p50Hours],
    ['approvals', 'approvalLatency', 'p90Hours', approvals.approvalLatency.p90Hours],
    ['approvals', 'all', 'completed', approvals.completed],
    ['approvals', 'all', 'rejected', approvals.rejected],
    ['approvals', 'all', 'rejectionRate', approvals.rejectionRate],
    ['approvals', 'all', 'hiddenRejections', approvals.hiddenRejections],
  );
  for (const r of approvals.rejectionReasons) rows.push(['rejection_reason', r.reason, 'count', r.count]);
  const { timeToDecide, ...requestCounts } = insights.teamRequests;
  for (const [measure, value] of Object.entries(requestCounts))
    rows.push(['team_requests', 'all', measure, value]);
  rows.push(
    ['team_requests', 'timeToDecide', 'count', timeToDecide.count],
    ['team_requests', 'timeToDecide', 'p50Hours', timeToDecide.p50Hours],
    ['team_requests', 'timeToDecide', 'p90Hours', timeToDecide.p90Hours],
  );
  rows.push(['risk_posture', 'all', 'productionModels', riskPosture.productionModels]);
  for (const [key] of RISK_FLAGS) rows.push(['risk_posture', 'all', key, riskPosture[key]]);
  rows.push(['risk_posture', 'all', 'hiddenRisks', riskPosture.hiddenRisks]);
  for (const t of tierRows(riskPosture.byTier)) rows.push(['risk_tier', t.tier, 'productionModels', t.count]);
  for (const risk of riskPosture.topRisks) {
    const subject = `${risk.team}/${risk.modelName}`;
    rows.push(['top_risk', subject, 'version', risk.version]);
    rows.push(['top_risk', subject, 'riskTier', risk.riskTier]);
    rows.push(['top_risk', subject, 'flags', risk.flags.join(' ')]);
  }
  for (const team of insights.byTeam) {
    const { team: slug, byTier, ...figures } = team;
    for (const [measure, value] of Object.entries(figures)) rows.push(['team', slug, measure, value]);
    for (const t of tierRows(byTier)) rows.push(['team', slug, `productionModels${t.tier}`, t.count]);
  }
  for (const week of insights.weeks) {
    const { week: monday, ...figures } = week;
    for (const [measure, value] of Object.entries(figures))
      rows.push(['week', monday.slice(0, 10), measure, value]);
  }
  for (const h of insights.importedHistory) {
    rows.push(['imported_history', h.source, 'versions', h.versions]);
    rows.push(['imported_history', h.source, 'promotions', h.promotions]);
  }
  return rows;
}

/** The CSV text: a header row, then the rows, CRLF line ends (RFC 4180). */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return `${[CSV_HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
