import { historyImportRules } from '@cairn/metrics';
import { describe, expect, it } from 'vitest';
import { DEMO_TEAMS } from '../src/demo-catalog';
import { demoHistory } from '../src/demo-history';

const NOW = new Date('2026-11-28T10:00:00Z');
const DAY = 86_400_000;

describe('the demo’s imported history', () => {
  const models = demoHistory(NOW);
  const promotions = models.flatMap((m) => m.versions.flatMap((v) => v.promotions));

  it.each(DEMO_TEAMS.map((t) => t.slug))('%s’s is one import the API accepts as it is', (team) => {
    const mine = models.filter((m) => m.team === team);
    const parsed = historyImportRules(NOW).safeParse({ source: 'legacy-mlflow', models: mine });
    expect(parsed.error?.issues).toBeUndefined();
    // Sent to the metrics subgraph directly, under its request size limit (MAX_REQUEST_BYTES).
    expect(JSON.stringify(mine).length).toBeLessThan(200 * 1024);
  });

  it('covers months of every demo team, and ends a week before the seed', () => {
    expect(new Set(models.map((m) => m.team))).toEqual(new Set(DEMO_TEAMS.map((t) => t.slug)));
    const times = models
      .flatMap((m) => [m.registeredAt, ...m.versions.map((v) => v.registeredAt)])
      .map(Date.parse);
    expect(NOW.getTime() - Math.min(...times)).toBeGreaterThan(150 * DAY);
    const ends = promotions.map((p) => Date.parse(p.liveAt ?? p.decidedAt));
    expect(NOW.getTime() - Math.max(...ends, ...times)).toBeGreaterThanOrEqual(7 * DAY);
  });

  it('has every outcome the dashboards show, and is the same on every start', () => {
    const outcomes = new Set(promotions.map((p) => `${p.targetStage} ${p.outcome}`));
    for (const o of [
      'STAGING COMPLETED',
      'STAGING WITHDRAWN',
      'PRODUCTION COMPLETED',
      'PRODUCTION REJECTED',
    ]) {
      expect(outcomes).toContain(o);
    }
    expect(models.reduce((n, m) => n + m.versions.length, 0)).toBeGreaterThan(100);
    expect(demoHistory(NOW)).toEqual(models);
  });
});
