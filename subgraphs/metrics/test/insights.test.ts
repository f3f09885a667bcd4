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
import { applyGovernanceEvent } from '../src/services/insights/governance-facts';
import { InsightsService } from '../src/services/insights/insights.service';
import { createInsightsConsumers } from '../src/services/insights/insights-projection';
import {
  appendEvents,
  at,
  FIXTURE,
  MALFORMED,
  MALFORMED_TEAM_REQUEST,
  teamRequest,
} from './insights-fixture';

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
  await appendEvents(owner, [MALFORMED_TEAM_REQUEST, ...FIXTURE.filter((e) => e.log !== 'registry')]);
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
    const rows = await owner.query(
      'SELECT consumer, type, subject_id FROM metrics.event_quarantine ORDER BY consumer',
    );
    expect(rows).toEqual([
      {
        consumer: 'insights:governance',
        type: 'governance.TeamRequested',
        subject_id: MALFORMED_TEAM_REQUEST.subjectId,
      },
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
      ['insights:governance', 0, 1],
      ['insights:registry', 0, 1],
    ]);
  });

  it('count each event once: catching up again changes nothing', async () => {
    const before = await query(admin);
    for (const consumer of consumers) expect(await consumer.catchUp()).toBe(0);
    expect(await query(admin)).toEqual(before);
  });

  it('take a team request’s decision before the request, and either again, counting each once', async () => {
    // A request of its own, far after the fixture's range: its decision comes first, as when the
    // request was quarantined and replayed later, and then both come again.
    const [asked, approved] = teamRequest('00000000-0000-4000-8000-000000000097', 'replayed', [100, 0], {
      approved: true,
      day: 101,
      hour: 0,
    }).map((e, n) => ({
      type: e.type,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      payload: e.payload,
      actor: 'fixture',
      eventId: `replay-${n}`,
      position: { txId: '1', id: String(n + 1) },
      occurredAt: e.at,
    }));
    await service.transaction(async (manager) => {
      for (const e of [approved!, asked!, approved!, asked!]) await applyGovernanceEvent(manager, e);
    });
    const { teamRequests, weeks } = await query(admin, { from: at(98), to: at(105) });
    expect(teamRequests).toEqual({
      made: 1,
      approved: 1,
      rejected: 0,
      // orbit, from the fixture: open whatever the range
      open: 1,
      timeToDecide: { count: 1, p50Hours: 24, p90Hours: 24 },
    });
    // Day 98 is a Monday: one week, both counted in it once.
    expect(weeks.map((w) => [w.teamRequestsMade, w.teamRequestsApproved])).toEqual([[1, 1]]);
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
        // delta and nova-lab asked; delta approved; quasar rejected
        teamRequestsMade: 2,
        teamRequestsApproved: 1,
        teamRequestsRejected: 1,
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
        // gamma, orbit and rivet asked; gamma approved (rivet's approval is next week); nova-lab rejected
        teamRequestsMade: 3,
        teamRequestsApproved: 1,
        teamRequestsRejected: 1,
      },
    ]);
  });

  it('team requests: made and decided in the range, open now, and the time to decide', async () => {
    const { teamRequests } = await query(admin);
    expect(teamRequests).toEqual({
      // delta, nova-lab, gamma, orbit, rivet (quasar was asked before the range)
      made: 5,
      // delta, gamma (rivet on day 14, the range's exclusive end)
      approved: 2,
      // quasar, nova-lab
      rejected: 2,
      // orbit
      open: 1,
      // decided in the range: gamma 6, delta 36, quasar 96, nova-lab 120 h
      // p50 = 36 + 0.5 (96 − 36) = 66; p90 at rank 2.7: 96 + 0.7 (120 − 96) = 112.8
      timeToDecide: { count: 4, p50Hours: 66, p90Hours: 112.8 },
    });
    // rivet's approval falls in a range that ends later; orbit stays open whatever the range.
    const later = await query(admin, { from: at(0), to: at(15) });
    expect(later.teamRequests).toMatchObject({ made: 5, approved: 3, open: 1 });
    // rivet 24 h joins: [6, 24, 36, 96, 120]; p90 at rank 3.6: 96 + 0.6 (120 − 96) = 110.4
    expect(later.teamRequests.timeToDecide).toEqual({ count: 5, p50Hours: 36, p90Hours: 110.4 });
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
    // No request asked for alpha.
    expect(alpha.teamRequests).toEqual({
      made: 0,
      approved: 0,
      rejected: 0,
      open: 0,
      timeToDecide: { count: 0, p50Hours: null, p90Hours: null },
    });
    // gamma's team came from a request: its own figures show it.
    expect((await query(admin, { ...range, team: 'gamma' })).teamRequests).toEqual({
      made: 1,
      approved: 1,
      rejected: 0,
      open: 0,
      timeToDecide: { count: 1, p50Hours: 6, p90Hours: 6 },
    });
    expect(alpha.riskPosture.byTier.filter((t) => t.count > 0)).toEqual([
      { tier: 'CRITICAL', count: 1 },
      { tier: 'HIGH', count: 1 },
    ]);
  });
});
