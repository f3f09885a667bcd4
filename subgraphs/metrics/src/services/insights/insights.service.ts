import { NotFoundError, parseInput } from '@cairn/errors';
import { isMemberOf, type Principal, readsEverything } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import type {
  Insights,
  LeadTimeBucket,
  RiskItem,
  TeamInsights,
  TierCount,
} from '../../resolvers/insights.types';
import {
  InsightsQueries,
  type InsightsScope,
  type ProductionRow,
  RISK_FLAGS,
  readStats,
  roundHours,
  type Stats,
} from './insights-queries';
import { insightsRules } from './insights-rules';

const DAY_MS = 86_400_000;
/** An evaluation older than this, before `to` (or now), is stale. */
export const STALE_EVALUATION_DAYS = 90;
const TOP_RISKS = 10;
const TIERS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNASSIGNED'] as const;
const BUCKETS: [string, number, number | null][] = [
  ['<1d', 0, 1],
  ['1-3d', 1, 3],
  ['3-7d', 3, 7],
  ['7-14d', 7, 14],
  ['14-30d', 14, 30],
  ['30d+', 30, null],
];

/** Executives, platform admins and auditors see every team's aggregates. */
export const seesEveryTeam = (principal: Principal) =>
  readsEverything(principal) || principal.orgRoles.includes('executive');

const share = (count: number, of: number) => ({ count, share: of === 0 ? null : count / of });
const duration = (s: Stats) => ({ count: s.count, p50Hours: s.p50, p90Hours: s.p90 });
const n = (v: unknown) => Number(v ?? 0);

function byTier(rows: ProductionRow[]): TierCount[] {
  return TIERS.map((tier) => ({
    tier,
    count: rows.filter((r) => (r.risk_tier ?? 'UNASSIGNED') === tier).length,
  }));
}

/**
 * `insights(from, to, team)`: reads only the `metrics.insights_*` projections the insights
 * consumers keep. Which teams a caller may ask about is decided before anything is read, and a
 * team they may not see answers NOT_FOUND exactly as an unknown one does.
 *
 * Team requests are about teams that may not exist yet, so they follow the one scope rule every
 * other figure follows, under the slug asked for: callers who see every team count every
 * request; anyone else only requests for a slug among their own teams (in practice the approved
 * request that created a team they belong to). Whoever the caller, the answer holds counts and
 * durations only, never a requester, a slug, a name or a justification: the projection does not
 * even keep the requester. Naming open requests is the Teams page's job, for platform admins.
 */
export class InsightsService {
  constructor(private readonly dataSource: DataSource) {}

  async insights(principal: Principal, input: unknown): Promise<Insights> {
    const { from, to, team } = parseInput(insightsRules, input);
    const everyTeam = seesEveryTeam(principal);
    if (team && !everyTeam && !isMemberOf(principal, team)) throw new NotFoundError('Team', team);
    const queries = new InsightsQueries(this.dataSource.manager);
    if (team && everyTeam && !(await queries.teamExists(team))) throw new NotFoundError('Team', team);

    const memberTeams = principal.memberships.map((m) => m.team);
    const teams = team ? [team] : everyTeam ? null : memberTeams;
    const reference = Math.min(to.getTime(), Date.now());
    const scope: InsightsScope = {
      teams,
      namesAll: readsEverything(principal),
      memberTeams,
      from,
      to,
      staleBefore: new Date(reference - STALE_EVALUATION_DAYS * DAY_MS),
    };

    const [
      production,
      registered,
      teamsRegistered,
      leadTimes,
      decisions,
      reasons,
      weeks,
      known,
      requests,
      imported,
    ] = await Promise.all([
      queries.production(scope),
      queries.registered(scope),
      queries.teamsRegistered(scope),
      queries.leadTimes(scope),
      queries.decisions(scope),
      queries.rejectionReasons(scope),
      queries.weeks(scope),
      teams ? Promise.resolve(teams) : queries.allTeams(),
      queries.teamRequests(scope),
      queries.importedHistory(scope),
    ]);

    const overallLead = leadTimes.find((r) => r.team_slug === null) ?? {};
    const overallDecisions = decisions.find((r) => r.team_slug === null) ?? {};
    const total = production.length;
    const count = (test: (r: ProductionRow) => boolean) => production.filter(test).length;
    const completed = n(overallDecisions.completed);
    const rejected = n(overallDecisions.rejected);
    const flagged = production.filter((r) => r.flags > 0);
    const registeredTotals = [...registered.values()].reduce(
      (sum, r) => ({ models: sum.models + r.models, versions: sum.versions + r.versions }),
      { models: 0, versions: 0 },
    );

    return {
      from,
      to,
      team,
      teams: [...known].sort(),
      adoption: {
        teamsRegistered,
        modelsRegistered: registeredTotals.models,
        versionsRegistered: registeredTotals.versions,
        productionModels: total,
        completeProvenance: share(
          count((r) => !r.incomplete_provenance),
          total,
        ),
        modelCard: share(
          count((r) => !r.no_card),
          total,
        ),
        signature: share(
          count((r) => !r.unsigned),
          total,
        ),
        approvedPromotion: share(
          count((r) => !r.not_approved),
          total,
        ),
        allFour: share(
          count((r) => !r.incomplete_provenance && !r.no_card && !r.unsigned && !r.not_approved),
          total,
        ),
      },
      leadTime: {
        registrationToRequest: duration(readStats(overallLead, 'reg_req')),
        requestToApproval: duration(readStats(overallLead, 'req_app')),
        approvalToLive: duration(readStats(overallLead, 'app_live')),
        registrationToLive: duration(readStats(overallLead, 'reg_live')),
        distribution: BUCKETS.map(
          ([label, minDays, maxDays], i): LeadTimeBucket => ({
            label,
            minDays,
            maxDays,
            count: n(overallLead[`b${i}`]),
          }),
        ),
      },
      approvals: {
        approvalLatency: duration(readStats(overallDecisions, 'latency')),
        completed,
        rejected,
        rejectionRate: completed + rejected === 0 ? null : rejected / (completed + rejected),
        rejectionReasons: reasons.flatMap((r) =>
          r.reason === null ? [] : [{ reason: r.reason, count: r.count }],
        ),
        hiddenRejections: reasons.filter((r) => r.reason === null).reduce((sum, r) => sum + r.count, 0),
      },
      riskPosture: {
        productionModels: total,
        byTier: byTier(production),
        withoutModelCard: count((r) => r.no_card),
        unsigned: count((r) => r.unsigned),
        incompleteProvenance: count((r) => r.incomplete_provenance),
        failingEvaluations: count((r) => r.failing_evaluation),
        staleEvaluations: count((r) => r.stale_evaluation),
        openDriftAlarms: count((r) => r.open_drift_alarm),
        underLegalHold: count((r) => r.legal_hold),
        topRisks: flagged
          .filter((r) => r.visible)
          .slice(0, TOP_RISKS)
          .map(toRiskItem),
        hiddenRisks: flagged.filter((r) => !r.visible).length,
      },
      teamRequests: {
        made: n(requests.made),
        approved: n(requests.approved),
        rejected: n(requests.rejected),
        open: n(requests.open),
        timeToDecide: duration(readStats(requests, 'decide')),
      },
      weeks: weeks.map((w) => ({
        week: new Date(`${w.week}T00:00:00Z`),
        teamsRegistered: n(w.teams_registered),
        activeTeams: n(w.active_teams),
        modelsRegistered: n(w.models_registered),
        versionsRegistered: n(w.versions_registered),
        promotionsRequested: n(w.promotions_requested),
        promotionsCompleted: n(w.promotions_completed),
        promotionsRejected: n(w.promotions_rejected),
        leadTimeP50Hours: roundHours(w.lead_p50),
        teamRequestsMade: n(w.team_requests_made),
        teamRequestsApproved: n(w.team_requests_approved),
        teamRequestsRejected: n(w.team_requests_rejected),
      })),
      byTeam: [...known].sort().map((slug): TeamInsights => {
        const lead = leadTimes.find((r) => r.team_slug === slug) ?? {};
        const decided = decisions.find((r) => r.team_slug === slug) ?? {};
        const mine = production.filter((r) => r.team_slug === slug);
        return {
          team: slug,
          modelsRegistered: registered.get(slug)?.models ?? 0,
          versionsRegistered: registered.get(slug)?.versions ?? 0,
          promotionsCompleted: n(decided.completed),
          promotionsRejected: n(decided.rejected),
          leadTimeP50Hours: readStats(lead, 'reg_live').p50,
          productionModels: mine.length,
          byTier: byTier(mine),
          atRisk: mine.filter((r) => r.flags > 0).length,
        };
      }),
      importedHistory: imported,
    };
  }
}

function toRiskItem(row: ProductionRow): RiskItem {
  return {
    modelId: row.model_id,
    modelName: row.model_name ?? '(not yet known)',
    team: row.team_slug,
    modelVersionId: row.model_version_id,
    version: row.version,
    riskTier: row.risk_tier ?? 'UNASSIGNED',
    flags: (Object.keys(RISK_FLAGS) as (keyof typeof RISK_FLAGS)[])
      .filter((flag) => row[flag])
      .map((flag) => RISK_FLAGS[flag]),
  };
}
