import { governanceSubgraph } from '@cairn/governance';
import { type Principal, SCOPES } from '@cairn/identity';
import { lineageSubgraph } from '@cairn/lineage';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  type GraphQLResponse,
  migrateSubgraphs,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { metricsSubgraph } from '../src/module';
import { appendEvents, FIXTURE } from './insights-fixture';

/**
 * History imported from before Cairn, through the subgraph with its own consumers, against figures
 * worked out by hand. Week A is Monday 2025-06-02, week B Monday 2025-06-09 (UTC).
 *
 * alpha/churn-model (INTERNAL), registered 06-02:
 *   v1 reg 06-03 00:00; PRODUCTION asked 06-04 00:00, approved 06-05 00:00, live 06-05 12:00
 *      → registration to live 60 h
 *   v2 reg 06-10 00:00; PRODUCTION asked 06-11 00:00, rejected 06-11 06:00 ("AUC regressed");
 *      PRODUCTION asked 06-12 00:00, first approval 06-12 12:00, approved 06-13 00:00, live 06-13 00:00
 *      → registration to live 72 h
 * beta/ranker (PRIVATE), registered 06-09:
 *   v1 reg 06-09 00:00; STAGING asked 06-10 00:00, approved 06-10 01:00, live 06-10 02:00;
 *      PRODUCTION asked 06-10 06:00, rejected 06-11 00:00 (a private reason);
 *      PRODUCTION asked 06-11 00:00, withdrawn 06-12 00:00
 */
const { executive, admin, auditor } = testPrincipals;
const alphaMember: Principal = {
  subject: 'user-alpha',
  kind: 'user',
  email: 'alpha@demo.cairn',
  orgRoles: [],
  memberships: [{ team: 'alpha', role: 'maintainer', approver: true }],
  scopes: [...SCOPES],
};
const readOnlyAdmin: Principal = { ...admin, subject: 'token-admin-read', scopes: ['read'] };
const SOURCE = 'mlflow-legacy';
const PRIVATE_REASON = 'ranker leaks the private feature set';

const history = () => [
  {
    team: 'alpha',
    name: 'churn-model',
    registeredAt: '2025-06-02T00:00:00Z',
    versions: [
      {
        version: 1,
        registeredAt: '2025-06-03T00:00:00Z',
        promotions: [
          {
            targetStage: 'PRODUCTION',
            requestedAt: '2025-06-04T00:00:00Z',
            decidedAt: '2025-06-05T00:00:00Z',
            outcome: 'COMPLETED',
            liveAt: '2025-06-05T12:00:00Z',
          },
        ],
      },
      {
        version: 2,
        registeredAt: '2025-06-10T00:00:00Z',
        promotions: [
          {
            targetStage: 'PRODUCTION',
            requestedAt: '2025-06-11T00:00:00Z',
            decidedAt: '2025-06-11T06:00:00Z',
            outcome: 'REJECTED',
            rejectionReason: 'AUC regressed',
          },
          {
            targetStage: 'PRODUCTION',
            requestedAt: '2025-06-12T00:00:00Z',
            firstApprovedAt: '2025-06-12T12:00:00Z',
            decidedAt: '2025-06-13T00:00:00Z',
            outcome: 'COMPLETED',
            liveAt: '2025-06-13T00:00:00Z',
          },
        ],
      },
    ],
  },
  {
    team: 'beta',
    name: 'ranker',
    visibility: 'PRIVATE',
    registeredAt: '2025-06-09T00:00:00Z',
    versions: [
      {
        version: 1,
        registeredAt: '2025-06-09T00:00:00Z',
        promotions: [
          {
            targetStage: 'STAGING',
            requestedAt: '2025-06-10T00:00:00Z',
            decidedAt: '2025-06-10T01:00:00Z',
            outcome: 'COMPLETED',
            liveAt: '2025-06-10T02:00:00Z',
          },
          {
            targetStage: 'PRODUCTION',
            requestedAt: '2025-06-10T06:00:00Z',
            decidedAt: '2025-06-11T00:00:00Z',
            outcome: 'REJECTED',
            rejectionReason: PRIVATE_REASON,
          },
          {
            targetStage: 'PRODUCTION',
            requestedAt: '2025-06-11T00:00:00Z',
            decidedAt: '2025-06-12T00:00:00Z',
            outcome: 'WITHDRAWN',
          },
        ],
      },
    ],
  },
];

const IMPORT = /* GraphQL */ `
  mutation($source: String!, $models: [HistoricalModelInput!]!) {
    importInsightsHistory(source: $source, models: $models) {
      id source importedBy models versions promotions earliest latest
    }
  }`;

const INSIGHTS = /* GraphQL */ `
  query($team: String) {
    insights(from: "2025-06-02T00:00:00Z", to: "2025-06-16T00:00:00Z", team: $team) {
      adoption { modelsRegistered versionsRegistered productionModels }
      leadTime {
        registrationToRequest { count p50Hours }
        registrationToLive { count p50Hours p90Hours }
      }
      approvals { completed rejected rejectionRate approvalLatency { count p50Hours } rejectionReasons { reason count } hiddenRejections }
      riskPosture { productionModels }
      weeks { week modelsRegistered versionsRegistered promotionsRequested promotionsCompleted promotionsRejected activeTeams }
      importedHistory { source versions promotions }
    }
  }`;

interface Figures {
  insights: {
    adoption: { modelsRegistered: number; versionsRegistered: number; productionModels: number };
    leadTime: Record<string, { count: number; p50Hours: number | null; p90Hours?: number | null }>;
    approvals: {
      completed: number;
      rejected: number;
      rejectionRate: number | null;
      approvalLatency: { count: number; p50Hours: number | null };
      rejectionReasons: { reason: string; count: number }[];
      hiddenRejections: number;
    };
    riskPosture: { productionModels: number };
    weeks: Record<string, unknown>[];
    importedHistory: { source: string; versions: number; promotions: number }[];
  };
}

let metrics: TestSubgraph;
const codes = (answer: GraphQLResponse<unknown>) => answer.errors?.map((e) => e.extensions?.code);
const importAs = (principal: Principal, models: unknown, source = SOURCE) =>
  metrics.execute<{ importInsightsHistory: Record<string, unknown> }>(IMPORT, { source, models }, principal);
const figures = async (principal: Principal, team?: string) => {
  const answer = await metrics.execute<Figures>(INSIGHTS, { team }, principal);
  expect(answer.errors).toBeUndefined();
  return answer.data!.insights;
};

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateSubgraphs(db.url, [registrySubgraph, lineageSubgraph, governanceSubgraph]);
  metrics = await startTestSubgraph(metricsSubgraph, db.url, admin);
  await appendEvents(
    metrics.owner,
    FIXTURE.filter((e) => e.type === 'registry.TeamCreated'),
  );
  const answer = await importAs(admin, history());
  expect(answer.errors).toBeUndefined();
  await vi.waitFor(async () => expect((await figures(admin)).adoption.versionsRegistered).toBe(3), {
    timeout: 20_000,
    interval: 100,
  });
});

describe('importInsightsHistory', () => {
  it('answers the import’s record and lists it for who sees every team', async () => {
    const listed = await metrics.execute<{ insightsHistoryImports: Record<string, unknown>[] }>(
      '{ insightsHistoryImports { source importedBy models versions promotions earliest latest } }',
      {},
      executive,
    );
    expect(listed.data?.insightsHistoryImports).toEqual([
      {
        source: SOURCE,
        importedBy: admin.email,
        models: 2,
        versions: 3,
        promotions: 6,
        earliest: '2025-06-02T00:00:00.000Z',
        latest: '2025-06-13T00:00:00.000Z',
      },
    ]);
    const row = await metrics.owner.query(
      `SELECT actor, payload->>'source' AS source FROM metrics.event_log WHERE type = 'metrics.InsightsHistoryImported'`,
    );
    expect(row).toEqual([{ actor: admin.email, source: SOURCE }]);
  });

  it('adds the facts at the times they happened: counts, lead times and decisions by hand', async () => {
    const f = await figures(admin);
    expect(f.adoption).toEqual({ modelsRegistered: 2, versionsRegistered: 3, productionModels: 0 });
    expect(f.riskPosture.productionModels).toBe(0);
    // PRODUCTION promotions that went live: 60 h and 72 h from registration; asked 24 h and 48 h after.
    expect(f.leadTime.registrationToLive).toEqual({ count: 2, p50Hours: 66, p90Hours: 70.8 });
    expect(f.leadTime.registrationToRequest).toEqual({ count: 2, p50Hours: 36 });
    // Completed: two PRODUCTION and one STAGING; rejected: two; the withdrawal is neither.
    expect(f.approvals).toMatchObject({ completed: 3, rejected: 2, rejectionRate: 0.4 });
    // First approvals: 24 h (v1, at its decision), 12 h (v2), 1 h (ranker's STAGING).
    expect(f.approvals.approvalLatency).toEqual({ count: 3, p50Hours: 12 });
    expect(f.weeks).toEqual([
      {
        week: '2025-06-02T00:00:00.000Z',
        modelsRegistered: 1,
        versionsRegistered: 1,
        promotionsRequested: 1,
        promotionsCompleted: 1,
        promotionsRejected: 0,
        activeTeams: 1,
      },
      {
        week: '2025-06-09T00:00:00.000Z',
        modelsRegistered: 1,
        versionsRegistered: 2,
        promotionsRequested: 5,
        promotionsCompleted: 2,
        promotionsRejected: 2,
        activeTeams: 2,
      },
    ]);
    expect(f.importedHistory).toEqual([{ source: SOURCE, versions: 3, promotions: 6 }]);
  });

  it('keeps a private model’s reasons from whoever may not see it, and scopes members to their team', async () => {
    const seen = await figures(executive);
    expect(seen.approvals.rejectionReasons).toEqual([{ reason: 'AUC regressed', count: 1 }]);
    expect(seen.approvals.hiddenRejections).toBe(1);
    expect(JSON.stringify(seen)).not.toContain(PRIVATE_REASON);
    expect((await figures(auditor)).approvals.rejectionReasons).toHaveLength(2);
    const alpha = await figures(alphaMember);
    expect(alpha.adoption.versionsRegistered).toBe(2);
    expect(alpha.importedHistory).toEqual([{ source: SOURCE, versions: 2, promotions: 3 }]);
    expect(JSON.stringify(alpha)).not.toContain('ranker');
  });

  it('refuses a version imported before with CONFLICT, and writes nothing of that call', async () => {
    const again = history();
    again[0]!.versions.push({ version: 3, registeredAt: '2025-06-14T00:00:00Z', promotions: [] });
    const answer = await importAs(admin, again);
    expect(codes(answer)).toEqual(['CONFLICT']);
    expect(answer.errors![0]!.message).toContain('Version 1 of alpha/churn-model');
    const [{ n }] = await metrics.owner.query(
      'SELECT count(*)::int AS n FROM metrics.insights_history_import',
    );
    expect(n).toBe(1);
  });

  it('adds later versions of a model imported before without counting the model again', async () => {
    const more = [
      {
        team: 'alpha',
        name: 'churn-model',
        registeredAt: '2025-06-02T00:00:00Z',
        versions: [{ version: 3, registeredAt: '2025-06-14T00:00:00Z' }],
      },
    ];
    expect((await importAs(admin, more)).errors).toBeUndefined();
    await vi.waitFor(async () => expect((await figures(admin)).adoption.versionsRegistered).toBe(4), {
      timeout: 20_000,
      interval: 100,
    });
    expect((await figures(admin)).adoption.modelsRegistered).toBe(2);
  });

  it('checks a history as an import would, and writes nothing', async () => {
    const CHECK = `query($source: String!, $models: [HistoricalModelInput!]!) {
      checkInsightsHistory(source: $source, models: $models) { models versions promotions earliest latest } }`;
    const check = (principal: Principal, models: unknown, source = SOURCE) =>
      metrics.execute<{ checkInsightsHistory: Record<string, unknown> }>(
        CHECK,
        { source, models },
        principal,
      );
    const fresh = await check(readOnlyAdmin, history(), 'another-registry');
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data?.checkInsightsHistory).toEqual({
      models: 2,
      versions: 3,
      promotions: 6,
      earliest: '2025-06-02T00:00:00.000Z',
      latest: '2025-06-13T00:00:00.000Z',
    });
    const again = await check(admin, history());
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0]!.message).toContain('Version 1 of alpha/churn-model');
    const bad = history();
    bad[1]!.versions[0]!.promotions[0]!.liveAt = '2025-06-10T00:30:00Z';
    const early = await check(admin, bad, 'another-registry');
    expect(codes(early)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(early.errors)).toContain('models.1.versions.0.promotions.0.liveAt');
    expect(codes(await check(executive, history(), 'another-registry'))).toEqual(['FORBIDDEN']);
    const [{ n }] = await metrics.owner.query(
      `SELECT count(*)::int AS n FROM metrics.insights_history_import WHERE source = 'another-registry'`,
    );
    expect(n).toBe(0);
    const [{ events }] = await metrics.owner.query(
      `SELECT count(*)::int AS events FROM metrics.event_log WHERE payload->>'source' = 'another-registry'`,
    );
    expect(events).toBe(0);
  });

  it.each([
    ['an executive', executive],
    ['an auditor', auditor],
    ['a team maintainer', alphaMember],
    ['a platform admin’s read-only token', readOnlyAdmin],
  ])('refuses %s with FORBIDDEN', async (_who, principal) => {
    expect(codes(await importAs(principal, history(), 'other-source'))).toEqual(['FORBIDDEN']);
  });

  it('answers NOT_FOUND for a team Cairn does not have', async () => {
    const models = [{ ...history()[0]!, team: 'no-such-team' }];
    expect(codes(await importAs(admin, models, 'other-source'))).toEqual(['NOT_FOUND']);
  });

  it('refuses times out of order with BAD_USER_INPUT naming the field', async () => {
    const models = history();
    models[0]!.versions[0]!.promotions[0]!.decidedAt = '2025-06-03T12:00:00Z';
    const answer = await importAs(admin, models, 'other-source');
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(answer.errors)).toContain('models.0.versions.0.promotions.0.decidedAt');
  });
});
