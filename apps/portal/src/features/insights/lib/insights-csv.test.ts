import { describe, expect, it } from 'vitest';
import { insightsCsvRows, toCsv } from './insights-csv';
import { insightsFixture } from './insights-fixture';

const filter = { from: '2026-09-01', to: '2026-09-30', team: null };

describe('insightsCsvRows', () => {
  const rows = insightsCsvRows(insightsFixture(), filter);
  const find = (section: string, subject: string, measure: string) =>
    rows.find((r) => r[0] === section && r[1] === subject && r[2] === measure)?.[3];

  it('starts with the filter it was taken under', () => {
    expect(rows.slice(0, 4)).toEqual([
      ['filter', 'range', 'from', '2026-09-01'],
      ['filter', 'range', 'to', '2026-09-30'],
      ['filter', 'team', 'team', 'all'],
      ['filter', 'teams', 'covered', 'fraud-detection platform'],
    ]);
  });

  it('holds every section the dashboard shows', () => {
    expect(find('adoption', 'all', 'versionsRegistered')).toBe(7);
    expect(find('production_share', 'allFour', 'share')).toBe(0.5);
    expect(find('lead_time', 'requestToApproval', 'p90Hours')).toBe(30);
    expect(find('lead_time_distribution', '1-3d', 'count')).toBe(2);
    expect(find('approvals', 'all', 'rejectionRate')).toBe(0.25);
    expect(find('team_requests', 'all', 'open')).toBe(1);
    expect(find('team_requests', 'all', 'made')).toBe(2);
    expect(find('team_requests', 'timeToDecide', 'p90Hours')).toBe(30);
    expect(find('week', '2026-09-07', 'teamRequestsApproved')).toBe(1);
    expect(find('risk_posture', 'all', 'hiddenRisks')).toBe(1);
    expect(find('risk_tier', 'HIGH', 'productionModels')).toBe(0);
    expect(find('top_risk', 'fraud-detection/card-fraud', 'flags')).toBe('INCOMPLETE_PROVENANCE LEGAL_HOLD');
    expect(find('team', 'fraud-detection', 'atRisk')).toBe(1);
    expect(find('team', 'fraud-detection', 'productionModelsMEDIUM')).toBe(2);
    expect(find('week', '2026-09-07', 'versionsRegistered')).toBe(7);
    expect(find('week', '2026-09-07', 'leadTimeP50Hours')).toBeNull();
  });

  it('says how much came from imported history, per source', () => {
    const imported = insightsCsvRows(
      insightsFixture({ importedHistory: [{ source: 'legacy-mlflow', versions: 12, promotions: 30 }] }),
      filter,
    );
    expect(imported.filter((r) => r[0] === 'imported_history')).toEqual([
      ['imported_history', 'legacy-mlflow', 'versions', 12],
      ['imported_history', 'legacy-mlflow', 'promotions', 30],
    ]);
    expect(rows.some((r) => r[0] === 'imported_history')).toBe(false);
  });
});

describe('toCsv', () => {
  it('writes the header, quotes what needs it and defuses formulas', () => {
    const csv = toCsv([
      ['rejection_reason', '=HYPERLINK("x"), "quoted"', 'count', 1],
      ['approvals', 'all', 'rejectionRate', null],
      ['week', '2026-09-07', 'versionsRegistered', -1],
    ]);
    expect(csv.split('\r\n')).toEqual([
      'section,subject,measure,value',
      `rejection_reason,"'=HYPERLINK(""x""), ""quoted""",count,1`,
      'approvals,all,rejectionRate,',
      'week,2026-09-07,versionsRegistered,-1',
      '',
    ]);
  });
});
