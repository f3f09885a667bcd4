import type { EventConsumer } from '@cairn/event-log';
import { governanceSubgraph } from '@cairn/governance';
import type { Principal } from '@cairn/identity';
import { lineageSubgraph } from '@cairn/lineage';
import { registrySubgraph } from '@cairn/registry';
import { createTestDatabase, migrateSubgraphs, testPrincipals } from '@cairn/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsDataSource } from '../src/data-source';
import { metricsSubgraph } from '../src/module';
import { InsightsService } from '../src/services/insights/insights.service';
import { createInsightsConsumers } from '../src/services/insights/insights-projection';
import { appendEvents, at, FIXTURE, MALFORMED } from './insights-fixture';

/**
 * Every figure below was worked out by hand from `insights-fixture.ts`; the comments show the
 * arithmetic. Percentiles are PostgreSQL's `percentile_cont` (linear between ranks): p90 of
 * [a, b, c] is b + 0.8 (c − b).
 */
const { admin } = testPrincipals;
const range = { from: at(0), to: at(14) };

let owner: DataSource;
let service: DataSource;
let consumers: EventConsumer[];
let insights: InsightsService;
const query = (principal: Principal, args: Record<string, unknown> = range) =>
  insights.insights(principal, args);

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateSubgraphs(db.url, [registrySubgraph, lineageSubgraph, governanceSubgraph, metricsSubgraph]);
  owner = await createMetricsDataSource(db.url, 2).initialize();
  service = await createMetricsDataSource(db.serviceUrl, 2).initialize();
  const registryEvents = FIXTURE.filter((e) => e.log === 'registry');
  await appendEvents(owner, [...registryEvents.slice(0, 4), MALFORMED, ...registryEvents.slice(4)]);
  await appendEvents(
    owner,
    FIXTURE.filter((e) => e.log !== 'registry'),
  );
  // The consumers were down while all of that was written (an outage), and the registry's is the
  // last to come back: governance's facts arrive before the versions they are about.
  consumers = createInsightsConsumers(service, { maxAttempts: 1 }).reverse();
  for (const consumer of consumers) await consumer.catchUp();
  insights = new InsightsService(service);
});

afterAll(async () => {
  await service?.destroy();
  await owner?.destroy();
});

describe('the insights consumers', () => {
  it('quarantine the event that breaks its contract and apply the rest', async () => {
    const rows = await owner.query('SELECT consumer, type, subject_id FROM metrics.event_quarantine');
    expect(rows).toEqual([
      {
        consumer: 'insights:registry',
        type: 'registry.ModelVersionCreated',
        subject_id: MALFORMED.subjectId,
      },
    ]);
    const health = await Promise.all(consumers.map((c) => c.health()));
    expect(health.map((h) => [h.name, h.lag, h.quarantined])).toEqual([
      ['insights:metrics', 0, 0],
      ['insights:lineage', 0, 0],
      ['insights:governance', 0, 0],
      ['insights:registry', 0, 1],
    ]);
  });

  it('count each event once: catching up again changes nothing', async () => {
    const before = await query(admin);
    for (const consumer of consumers) expect(await consumer.catchUp()).toBe(0);
    expect(await query(admin)).toEqual(before);
  });
});

describe('figures for a platform admin, every team', () => {
  it('adoption: what was registered in the range, and the production models’ shares', async () => {
    const { adoption, teams } = await query(admin);
    expect(teams).toEqual(['alpha', 'beta', 'gamma']);
    expect(adoption).toEqual({
      teamsRegistered: 3,
      modelsRegistered: 4,
      versionsRegistered: 5,
      // fraud-scorer, secret-graph, recommender and price-model are in PRODUCTION.
      productionModels: 4,
      // fraud-scorer and recommender; secret-graph lacks a container digest, price-model evidence.
      completeProvenance: { count: 2, share: 0.5 },
      modelCard: { count: 2, share: 0.5 },
      // fraud-scorer and secret-graph.
      signature: { count: 2, share: 0.5 },
      // all but price-model, moved without a request.
      approvedPromotion: { count: 3, share: 0.75 },
      allFour: { count: 1, share: 0.25 },
    });
  });

  it('lead time of the three PRODUCTION promotions live in the range (R1, R2, R4)', async () => {
    const { leadTime } = await query(admin);
    // registration → request: 24, 24, 72 h
    expect(leadTime.registrationToRequest).toEqual({ count: 3, p50Hours: 24, p90Hours: 62.4 });
    // request → policy met: 24, 48, 168 h
    expect(leadTime.requestToApproval).toEqual({ count: 3, p50Hours: 48, p90Hours: 144 });
    expect(leadTime.approvalToLive).toEqual({ count: 3, p50Hours: 0, p90Hours: 0 });
    // registration → live: 48, 72, 240 h (2, 3 and 10 days)
    expect(leadTime.registrationToLive).toEqual({ count: 3, p50Hours: 72, p90Hours: 206.4 });
    expect(leadTime.distribution.map((b) => [b.label, b.count])).toEqual([
      ['<1d', 0],
      ['1-3d', 1],
      ['3-7d', 1],
      ['7-14d', 1],
      ['14-30d', 0],
      ['30d+', 0],
    ]);
  });

  it('approvals: latency to a first approval, rejection rate and reasons', async () => {
    const { approvals } = await query(admin);
    expect(approvals).toEqual({
      // R1 6 h, R4 12 h, R2 24 h (its second approval does not count)
      approvalLatency: { count: 3, p50Hours: 12, p90Hours: 21.6 },
      completed: 3,
      rejected: 2,
      rejectionRate: 0.4,
      rejectionReasons: [
        { reason: 'accuracy below threshold', count: 1 },
        { reason: 'secret-graph leaks PII', count: 1 },
      ],
      hiddenRejections: 0,
    });
  });

  it('risk posture of the production models now', async () => {
    const { riskPosture } = await query(admin);
    expect(riskPosture).toMatchObject({
      productionModels: 4,
      byTier: [
        { tier: 'CRITICAL', count: 1 },
        { tier: 'HIGH', count: 1 },
        { tier: 'MEDIUM', count: 0 },
        { tier: 'LOW', count: 0 },
        { tier: 'UNASSIGNED', count: 2 },
      ],
      withoutModelCard: 2,
      unsigned: 2,
      incompleteProvenance: 2,
      failingEvaluations: 1,
      // secret-graph and price-model were never evaluated
      staleEvaluations: 2,
      openDriftAlarms: 0,
      underLegalHold: 1,
      hiddenRisks: 0,
    });
    expect(riskPosture.topRisks.map((r) => [r.modelName, r.riskTier, r.flags])).toEqual([
      [
        'price-model',
        'UNASSIGNED',
        ['NO_MODEL_CARD', 'UNSIGNED', 'INCOMPLETE_PROVENANCE', 'NOT_APPROVED', 'STALE_EVALUATION'],
      ],
      ['secret-graph', 'CRITICAL', ['NO_MODEL_CARD', 'INCOMPLETE_PROVENANCE', 'STALE_EVALUATION']],
      ['recommender', 'UNASSIGNED', ['UNSIGNED', 'LEGAL_HOLD']],
      ['fraud-scorer', 'HIGH', ['FAILING_EVALUATION']],
    ]);
  });

  it('evaluations go stale 90 days before `to`', async () => {
    const later = await query(admin, { from: at(0), to: at(14 + 95) });
    // fraud-scorer (day 3) and recommender (day 12) are now stale too.
    expect(later.riskPosture.staleEvaluations).toBe(4);
  });

  it('week by week', async () => {
    const { weeks } = await query(admin);
    expect(weeks).toEqual([
      {
        week: at(0),
        teamsRegistered: 2,
        activeTeams: 2,
        modelsRegistered: 3,
        versionsRegistered: 3,
        promotionsRequested: 5,
        promotionsCompleted: 2,
        promotionsRejected: 2,
        // R1 48 h, R2 72 h
        leadTimeP50Hours: 60,
      },
      {
        week: at(7),
        teamsRegistered: 1,
        activeTeams: 1,
        modelsRegistered: 1,
        versionsRegistered: 2,
        promotionsRequested: 1,
        promotionsCompleted: 1,
        promotionsRejected: 0,
        leadTimeP50Hours: 240,
      },
    ]);
  });

  it('team by team', async () => {
    const { byTeam } = await query(admin);
    expect(byTeam.map(({ byTier, ...rest }) => rest)).toEqual([
      {
        team: 'alpha',
        modelsRegistered: 2,
        versionsRegistered: 2,
        promotionsCompleted: 2,
        promotionsRejected: 1,
        leadTimeP50Hours: 60,
        productionModels: 2,
        atRisk: 2,
      },
      {
        team: 'beta',
        modelsRegistered: 2,
        versionsRegistered: 3,
        promotionsCompleted: 1,
        promotionsRejected: 1,
        leadTimeP50Hours: 240,
        productionModels: 2,
        atRisk: 2,
      },
      {
        team: 'gamma',
        modelsRegistered: 0,
        versionsRegistered: 0,
        promotionsCompleted: 0,
        promotionsRejected: 0,
        leadTimeP50Hours: null,
        productionModels: 0,
        atRisk: 0,
      },
    ]);
  });

  it('one team: the same figures restricted to it', async () => {
    const alpha = await query(admin, { ...range, team: 'alpha' });
    expect(alpha.teams).toEqual(['alpha']);
    expect(alpha.adoption).toMatchObject({ teamsRegistered: 1, modelsRegistered: 2, productionModels: 2 });
    expect(alpha.approvals).toMatchObject({ completed: 2, rejected: 1 });
    expect(alpha.leadTime.registrationToLive).toEqual({ count: 2, p50Hours: 60, p90Hours: 69.6 });
    expect(alpha.riskPosture.byTier.filter((t) => t.count > 0)).toEqual([
      { tier: 'CRITICAL', count: 1 },
      { tier: 'HIGH', count: 1 },
    ]);
  });
});
