import type { Insights } from '../graphql/insights';

const stats = (count: number, p50Hours: number | null, p90Hours: number | null) => ({
  count,
  p50Hours,
  p90Hours,
});
const week = (week: string, versions: number) => ({
  week,
  teamsRegistered: 0,
  activeTeams: versions > 0 ? 1 : 0,
  modelsRegistered: versions > 0 ? 1 : 0,
  versionsRegistered: versions,
  promotionsRequested: 0,
  promotionsCompleted: 0,
  promotionsRejected: 0,
  leadTimeP50Hours: null,
  teamRequestsMade: versions > 0 ? 2 : 0,
  teamRequestsApproved: versions > 0 ? 1 : 0,
  teamRequestsRejected: 0,
});

/** Figures as the API answers them, for the unit tests of the dashboard's pure logic. */
export function insightsFixture(overrides: Partial<Insights> = {}): Insights {
  return {
    importedHistory: [],
    from: '2026-09-01T00:00:00.000Z',
    to: '2026-10-01T00:00:00.000Z',
    team: null,
    teams: ['fraud-detection', 'platform'],
    adoption: {
      teamsRegistered: 1,
      modelsRegistered: 3,
      versionsRegistered: 7,
      productionModels: 4,
      completeProvenance: { count: 3, share: 0.75 },
      modelCard: { count: 4, share: 1 },
      signature: { count: 4, share: 1 },
      approvedPromotion: { count: 2, share: 0.5 },
      allFour: { count: 2, share: 0.5 },
    },
    leadTime: {
      registrationToRequest: stats(2, 1.5, 20),
      requestToApproval: stats(2, 4, 30),
      approvalToLive: stats(2, 0.5, 1),
      registrationToLive: stats(2, 50, 60),
      distribution: [
        { label: '<1d', minDays: 0, maxDays: 1, count: 0 },
        { label: '1-3d', minDays: 1, maxDays: 3, count: 2 },
      ],
    },
    approvals: {
      approvalLatency: stats(3, 2, 10),
      completed: 3,
      rejected: 1,
      rejectionRate: 0.25,
      rejectionReasons: [{ reason: '=HYPERLINK("x"), "quoted"', count: 1 }],
      hiddenRejections: 2,
    },
    riskPosture: {
      productionModels: 4,
      byTier: [
        { tier: 'CRITICAL', count: 1 },
        { tier: 'HIGH', count: 0 },
        { tier: 'MEDIUM', count: 2 },
        { tier: 'LOW', count: 1 },
        { tier: 'UNASSIGNED', count: 0 },
      ],
      withoutModelCard: 0,
      unsigned: 0,
      incompleteProvenance: 1,
      failingEvaluations: 0,
      staleEvaluations: 0,
      openDriftAlarms: 0,
      underLegalHold: 1,
      topRisks: [
        {
          modelId: 'm-1',
          modelName: 'card-fraud',
          team: 'fraud-detection',
          modelVersionId: 'v-1',
          version: 3,
          riskTier: 'CRITICAL',
          flags: ['INCOMPLETE_PROVENANCE', 'LEGAL_HOLD'],
        },
      ],
      hiddenRisks: 1,
    },
    teamRequests: {
      made: 2,
      approved: 1,
      rejected: 0,
      open: 1,
      timeToDecide: stats(1, 30, 30),
    },
    weeks: [week('2026-08-31T00:00:00.000Z', 0), week('2026-09-07T00:00:00.000Z', 7)],
    byTeam: [
      {
        team: 'fraud-detection',
        modelsRegistered: 3,
        versionsRegistered: 7,
        promotionsCompleted: 3,
        promotionsRejected: 1,
        leadTimeP50Hours: 50,
        productionModels: 3,
        byTier: [
          { tier: 'CRITICAL', count: 1 },
          { tier: 'MEDIUM', count: 2 },
        ],
        atRisk: 1,
      },
    ],
    ...overrides,
  };
}
