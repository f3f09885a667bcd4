import type { Insights } from '../graphql/insights';
import { formatWeek } from './format';

/** Risk tiers from the most to the least severe, as the API orders `byTier`. */
export const TIERS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNASSIGNED'] as const;

/** Adoption per week: what was registered and how many teams were active. */
export function trendRows(weeks: Insights['weeks']) {
  return weeks.map((w) => ({
    week: formatWeek(w.week),
    models: w.modelsRegistered,
    versions: w.versionsRegistered,
    activeTeams: w.activeTeams,
    newTeams: w.teamsRegistered,
    requested: w.promotionsRequested,
    completed: w.promotionsCompleted,
    rejected: w.promotionsRejected,
    teamRequestsMade: w.teamRequestsMade,
    teamRequestsApproved: w.teamRequestsApproved,
    teamRequestsRejected: w.teamRequestsRejected,
  }));
}

export const hasTrend = (weeks: Insights['weeks']) =>
  weeks.some((w) => w.versionsRegistered + w.modelsRegistered + w.teamsRegistered + w.activeTeams > 0);

export const hasPromotionTrend = (weeks: Insights['weeks']) =>
  weeks.some((w) => w.promotionsRequested + w.promotionsCompleted + w.promotionsRejected > 0);

/** Whether the card has anything to say: a request open now, or one made or decided in the range. */
export const hasTeamRequests = (insights: Insights) =>
  insights.teamRequests.open +
    insights.teamRequests.made +
    insights.teamRequests.approved +
    insights.teamRequests.rejected >
  0;

export const hasTeamRequestTrend = (weeks: Insights['weeks']) =>
  weeks.some((w) => w.teamRequestsMade + w.teamRequestsApproved + w.teamRequestsRejected > 0);

export const SHARES = [
  ['completeProvenance', 'Complete provenance'],
  ['modelCard', 'Model card'],
  ['signature', 'Signature'],
  ['approvedPromotion', 'Approved promotion'],
  ['allFour', 'All four'],
] as const;

/** The production models' shares, as percentages for a 0–100 axis. */
export function shareRows(adoption: Insights['adoption']) {
  return SHARES.map(([key, label]) => ({
    key,
    label,
    count: adoption[key].count,
    share: adoption[key].share,
    percent: adoption[key].share === null ? 0 : Math.round(adoption[key].share * 1000) / 10,
  }));
}

export const LEAD_TIME_STEPS = [
  ['registrationToRequest', 'Registration → request'],
  ['requestToApproval', 'Request → approval'],
  ['approvalToLive', 'Approval → live'],
  ['registrationToLive', 'Registration → live'],
] as const;

export interface LeadTimeRow {
  key: (typeof LEAD_TIME_STEPS)[number][0];
  label: string;
  count: number;
  p50: number | null;
  p90: number | null;
}

/** p50 and p90 of each step of a promotion to PRODUCTION, in hours. */
export function leadTimeRows(leadTime: Insights['leadTime']): LeadTimeRow[] {
  return LEAD_TIME_STEPS.map(([key, label]) => ({
    key,
    label,
    count: leadTime[key].count,
    p50: leadTime[key].p50Hours,
    p90: leadTime[key].p90Hours,
  }));
}

export const RISK_FLAGS = [
  ['withoutModelCard', 'No model card'],
  ['unsigned', 'Unsigned'],
  ['incompleteProvenance', 'Incomplete provenance'],
  ['failingEvaluations', 'Failing evaluation'],
  ['staleEvaluations', 'Stale evaluation'],
  ['openDriftAlarms', 'Open drift alarm'],
  ['underLegalHold', 'Legal hold'],
] as const;

/** Production models per risk flag (a model may carry several). */
export function riskFlagRows(risk: Insights['riskPosture']) {
  return RISK_FLAGS.map(([key, label]) => ({ key, label, count: risk[key] }));
}

/** Production models per tier, every tier present so the bars line up across views. */
export function tierRows(byTier: Insights['riskPosture']['byTier']) {
  return TIERS.map((tier) => ({ tier, count: byTier.find((t) => t.tier === tier)?.count ?? 0 }));
}

/** One row per team: production models stacked by tier, and how many carry a risk flag. */
export function teamRiskRows(byTeam: Insights['byTeam']) {
  return byTeam.map((t) => ({
    team: t.team,
    atRisk: t.atRisk,
    productionModels: t.productionModels,
    ...Object.fromEntries(tierRows(t.byTier).map((row) => [row.tier, row.count])),
  }));
}

/** The API's flag codes in words, for the top-risks table. */
const FLAG_WORDS: Record<string, string> = {
  NO_MODEL_CARD: 'No model card',
  UNSIGNED: 'Unsigned',
  INCOMPLETE_PROVENANCE: 'Incomplete provenance',
  NOT_APPROVED: 'Not approved',
  FAILING_EVALUATION: 'Failing evaluation',
  STALE_EVALUATION: 'Stale evaluation',
  OPEN_DRIFT_ALARM: 'Open drift alarm',
  LEGAL_HOLD: 'Legal hold',
};

export const flagWords = (flag: string) => FLAG_WORDS[flag] ?? flag.replaceAll('_', ' ').toLowerCase();

/** Whether the range saw anything at all (or a team request waits now), for the page's empty state. */
export function isEmpty(insights: Insights): boolean {
  const { adoption, approvals, riskPosture } = insights;
  return (
    adoption.modelsRegistered + adoption.versionsRegistered + adoption.teamsRegistered === 0 &&
    approvals.completed + approvals.rejected === 0 &&
    riskPosture.productionModels === 0 &&
    !hasTrend(insights.weeks) &&
    !hasPromotionTrend(insights.weeks) &&
    !hasTeamRequests(insights)
  );
}
