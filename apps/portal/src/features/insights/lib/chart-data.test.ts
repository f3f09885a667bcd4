import { describe, expect, it } from 'vitest';
import {
  flagWords,
  hasTeamRequests,
  hasTeamRequestTrend,
  hasTrend,
  isEmpty,
  leadTimeRows,
  riskFlagRows,
  shareRows,
  teamRiskRows,
  tierRows,
  trendRows,
} from './chart-data';
import { insightsFixture } from './insights-fixture';

describe('chart data', () => {
  const insights = insightsFixture();

  it('labels each week and keeps its counts', () => {
    expect(trendRows(insights.weeks)[1]).toMatchObject({
      week: '7 Sept',
      versions: 7,
      models: 1,
      activeTeams: 1,
    });
    expect(hasTrend(insights.weeks)).toBe(true);
    expect(hasTrend([insights.weeks[0]!])).toBe(false);
  });

  it('keeps the team requests of each week, and says whether there are any', () => {
    expect(trendRows(insights.weeks)[1]).toMatchObject({ teamRequestsMade: 2, teamRequestsApproved: 1 });
    expect(hasTeamRequestTrend(insights.weeks)).toBe(true);
    expect(hasTeamRequestTrend([insights.weeks[0]!])).toBe(false);
    expect(hasTeamRequests(insights)).toBe(true);
  });

  it('turns shares into percentages, a missing share into 0', () => {
    const rows = shareRows(insights.adoption);
    expect(rows.map((r) => [r.label, r.percent, r.count])).toEqual([
      ['Complete provenance', 75, 3],
      ['Model card', 100, 4],
      ['Signature', 100, 4],
      ['Approved promotion', 50, 2],
      ['All four', 50, 2],
    ]);
    const none = shareRows({ ...insights.adoption, allFour: { count: 0, share: null } });
    expect(none.at(-1)).toMatchObject({ percent: 0, share: null });
  });

  it('lists the lead-time steps in pipeline order', () => {
    expect(leadTimeRows(insights.leadTime).map((r) => [r.key, r.p50, r.p90])).toEqual([
      ['registrationToRequest', 1.5, 20],
      ['requestToApproval', 4, 30],
      ['approvalToLive', 0.5, 1],
      ['registrationToLive', 50, 60],
    ]);
  });

  it('fills in missing tiers and spreads them per team', () => {
    expect(tierRows([{ tier: 'HIGH', count: 2 }])).toEqual([
      { tier: 'CRITICAL', count: 0 },
      { tier: 'HIGH', count: 2 },
      { tier: 'MEDIUM', count: 0 },
      { tier: 'LOW', count: 0 },
      { tier: 'UNASSIGNED', count: 0 },
    ]);
    expect(teamRiskRows(insights.byTeam)).toEqual([
      {
        team: 'fraud-detection',
        atRisk: 1,
        productionModels: 3,
        CRITICAL: 1,
        HIGH: 0,
        MEDIUM: 2,
        LOW: 0,
        UNASSIGNED: 0,
      },
    ]);
  });

  it('names risk flags in words', () => {
    expect(riskFlagRows(insights.riskPosture).find((r) => r.key === 'underLegalHold')).toEqual({
      key: 'underLegalHold',
      label: 'Legal hold',
      count: 1,
    });
    expect(flagWords('NO_MODEL_CARD')).toBe('No model card');
    expect(flagWords('SOMETHING_NEW')).toBe('something new');
  });

  it('knows an empty range', () => {
    expect(isEmpty(insights)).toBe(false);
    const zero = insightsFixture({
      adoption: { ...insights.adoption, modelsRegistered: 0, versionsRegistered: 0, teamsRegistered: 0 },
      approvals: { ...insights.approvals, completed: 0, rejected: 0 },
      riskPosture: { ...insights.riskPosture, productionModels: 0 },
      teamRequests: { ...insights.teamRequests, made: 0, approved: 0, rejected: 0, open: 0 },
      weeks: [insights.weeks[0]!],
    });
    expect(isEmpty(zero)).toBe(true);
    // A team request waiting now is something to show, whatever the range.
    expect(isEmpty({ ...zero, teamRequests: { ...zero.teamRequests, open: 1 } })).toBe(false);
  });
});
