/**
 * The dashboard's one round trip. Without a team, `teams` lists every team the caller may see,
 * which is what the team filter offers; with one, `scope` asks for that list separately.
 */
export const INSIGHTS_QUERY = /* GraphQL */ `
  query Insights($from: DateTimeISO, $to: DateTimeISO, $team: String, $filtered: Boolean!) {
    insights(from: $from, to: $to, team: $team) {
      from
      to
      team
      teams
      adoption {
        teamsRegistered
        modelsRegistered
        versionsRegistered
        productionModels
        completeProvenance { count share }
        modelCard { count share }
        signature { count share }
        approvedPromotion { count share }
        allFour { count share }
      }
      leadTime {
        registrationToRequest { count p50Hours p90Hours }
        requestToApproval { count p50Hours p90Hours }
        approvalToLive { count p50Hours p90Hours }
        registrationToLive { count p50Hours p90Hours }
        distribution { label minDays maxDays count }
      }
      approvals {
        approvalLatency { count p50Hours p90Hours }
        completed
        rejected
        rejectionRate
        rejectionReasons { reason count }
        hiddenRejections
      }
      riskPosture {
        productionModels
        byTier { tier count }
        withoutModelCard
        unsigned
        incompleteProvenance
        failingEvaluations
        staleEvaluations
        openDriftAlarms
        underLegalHold
        topRisks { modelId modelName team modelVersionId version riskTier flags }
        hiddenRisks
      }
      teamRequests {
        made
        approved
        rejected
        open
        timeToDecide { count p50Hours p90Hours }
      }
      weeks {
        week
        teamsRegistered
        activeTeams
        modelsRegistered
        versionsRegistered
        promotionsRequested
        promotionsCompleted
        promotionsRejected
        leadTimeP50Hours
        teamRequestsMade
        teamRequestsApproved
        teamRequestsRejected
      }
      byTeam {
        team
        modelsRegistered
        versionsRegistered
        promotionsCompleted
        promotionsRejected
        leadTimeP50Hours
        productionModels
        byTier { tier count }
        atRisk
      }
      importedHistory { source versions promotions }
    }
    scope: insights(from: $from, to: $to) @include(if: $filtered) {
      teams
    }
  }
`;

export interface ProductionShare {
  count: number;
  /** count / productionModels; null without production models. */
  share: number | null;
}

export interface DurationStats {
  count: number;
  p50Hours: number | null;
  p90Hours: number | null;
}

export interface TierCount {
  tier: string;
  count: number;
}

export interface RiskItem {
  modelId: string;
  modelName: string;
  team: string;
  modelVersionId: string;
  version: number | null;
  riskTier: string;
  flags: string[];
}

export interface InsightsWeek {
  week: string;
  teamsRegistered: number;
  activeTeams: number;
  modelsRegistered: number;
  versionsRegistered: number;
  promotionsRequested: number;
  promotionsCompleted: number;
  promotionsRejected: number;
  leadTimeP50Hours: number | null;
  teamRequestsMade: number;
  teamRequestsApproved: number;
  teamRequestsRejected: number;
}

export interface TeamInsights {
  team: string;
  modelsRegistered: number;
  versionsRegistered: number;
  promotionsCompleted: number;
  promotionsRejected: number;
  leadTimeP50Hours: number | null;
  productionModels: number;
  byTier: TierCount[];
  atRisk: number;
}

/** Figures that came from history imported from before Cairn, per source. */
export interface ImportedHistoryShare {
  source: string;
  versions: number;
  promotions: number;
}

export interface Insights {
  importedHistory: ImportedHistoryShare[];
  from: string;
  to: string;
  team: string | null;
  teams: string[];
  adoption: {
    teamsRegistered: number;
    modelsRegistered: number;
    versionsRegistered: number;
    productionModels: number;
    completeProvenance: ProductionShare;
    modelCard: ProductionShare;
    signature: ProductionShare;
    approvedPromotion: ProductionShare;
    allFour: ProductionShare;
  };
  leadTime: {
    registrationToRequest: DurationStats;
    requestToApproval: DurationStats;
    approvalToLive: DurationStats;
    registrationToLive: DurationStats;
    distribution: { label: string; minDays: number; maxDays: number | null; count: number }[];
  };
  approvals: {
    approvalLatency: DurationStats;
    completed: number;
    rejected: number;
    rejectionRate: number | null;
    rejectionReasons: { reason: string; count: number }[];
    hiddenRejections: number;
  };
  riskPosture: {
    productionModels: number;
    byTier: TierCount[];
    withoutModelCard: number;
    unsigned: number;
    incompleteProvenance: number;
    failingEvaluations: number;
    staleEvaluations: number;
    openDriftAlarms: number;
    underLegalHold: number;
    topRisks: RiskItem[];
    hiddenRisks: number;
  };
  /** Self-service team requests: counts only, whoever asks. */
  teamRequests: {
    made: number;
    approved: number;
    rejected: number;
    /** Waiting for a decision now. */
    open: number;
    /** Request to decision, over those decided in the range. */
    timeToDecide: DurationStats;
  };
  weeks: InsightsWeek[];
  byTeam: TeamInsights[];
}

export interface InsightsData {
  insights: Insights;
  scope?: { teams: string[] } | null;
}
