import { describe, expect, it } from 'vitest';
import {
  insightsCsvName,
  insightsHref,
  insightsVariables,
  lastDays,
  parseInsightsFilter,
  rangeDays,
} from './insights-filter';

const today = new Date('2026-11-26T15:30:00Z');

describe('parseInsightsFilter', () => {
  it('reads the range and the team from the search params', () => {
    expect(
      parseInsightsFilter({ from: '2026-09-01', to: '2026-09-30', team: ' Fraud-Detection ' }, today),
    ).toEqual({ from: '2026-09-01', to: '2026-09-30', team: 'fraud-detection', problem: null });
  });

  it('defaults to the last 90 days, today included, and every team', () => {
    const filter = parseInsightsFilter({}, today);
    expect(filter).toEqual({ from: '2026-08-29', to: '2026-11-26', team: null, problem: null });
    expect(rangeDays(filter)).toBe(90);
  });

  it('counts 90 days back from an explicit end when the start is missing', () => {
    expect(parseInsightsFilter({ to: '2026-03-31' }, today).from).toBe('2026-01-01');
  });

  it('ignores days that do not exist, repeated params past the first and teams that are not slugs', () => {
    const filter = parseInsightsFilter(
      { from: '2026-02-31', to: ['2026-10-01', '2026-10-05'], team: 'drop table;' },
      today,
    );
    expect(filter).toEqual({ from: '2026-07-04', to: '2026-10-01', team: null, problem: null });
  });

  it('falls back to the default range, saying why, for a reversed or too long range', () => {
    const reversed = parseInsightsFilter({ from: '2026-10-02', to: '2026-10-01', team: 'platform' }, today);
    expect(reversed).toMatchObject({ from: '2026-08-29', to: '2026-11-26', team: 'platform' });
    expect(reversed.problem).toMatch(/start of the range was after its end/);
    expect(parseInsightsFilter({ from: '2024-01-01', to: '2026-01-01' }, today).problem).toMatch(
      /longer than 731 days/,
    );
    expect(parseInsightsFilter({ from: '2024-01-01', to: '2025-12-31' }, today).problem).toBeNull();
  });
});

describe('insightsVariables', () => {
  it('turns whole days into the API’s half-open range', () => {
    expect(insightsVariables({ from: '2026-09-01', to: '2026-09-30', team: null, problem: null })).toEqual({
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-10-01T00:00:00.000Z',
      team: null,
      filtered: false,
    });
    expect(
      insightsVariables({ from: '2026-09-01', to: '2026-09-30', team: 'platform', problem: null }).filtered,
    ).toBe(true);
  });
});

describe('links and file names', () => {
  it('puts the range and the team in the URL', () => {
    expect(insightsHref({ from: '2026-09-01', to: '2026-09-30', team: null })).toBe(
      '/insights?from=2026-09-01&to=2026-09-30',
    );
    expect(insightsHref({ from: '2026-09-01', to: '2026-09-30', team: 'platform' })).toBe(
      '/insights?from=2026-09-01&to=2026-09-30&team=platform',
    );
  });

  it('names the CSV by range and team', () => {
    expect(insightsCsvName({ from: '2026-09-01', to: '2026-09-30', team: null })).toBe(
      'cairn-insights_2026-09-01_2026-09-30_all-teams.csv',
    );
    expect(insightsCsvName({ from: '2026-09-01', to: '2026-09-30', team: 'platform' })).toBe(
      'cairn-insights_2026-09-01_2026-09-30_platform.csv',
    );
  });

  it('offers presets ending today', () => {
    expect(lastDays(30, today)).toEqual({ from: '2026-10-28', to: '2026-11-26' });
  });
});
