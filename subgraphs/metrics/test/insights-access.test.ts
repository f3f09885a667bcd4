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
import {
  appendEvents,
  at,
  FIXTURE,
  PRIVATE_NAMES,
  PRIVATE_REASON,
  REQUESTED_SLUGS,
  REQUESTER,
} from './insights-fixture';

/** Who sees which figures through `insights`, served by the subgraph with its own consumers. */
const { executive, admin, auditor } = testPrincipals;
const person = (name: string, teams: string[]): Principal => ({
  subject: `user-${name}`,
  kind: 'user',
  email: `${name}@demo.cairn`,
  orgRoles: [],
  memberships: teams.map((team) => ({ team, role: 'viewer', approver: false })),
  scopes: [...SCOPES],
});
const alphaMember = person('alpha', ['alpha']);
const betaMember = person('beta', ['beta']);
const stranger = person('stranger', ['delta']);

const INSIGHTS = /* GraphQL */ `
  query($from: DateTimeISO, $to: DateTimeISO, $team: String) {
    insights(from: $from, to: $to, team: $team) {
      teams
      adoption { productionModels }
      approvals { rejected rejectionReasons { reason count } hiddenRejections }
      riskPosture { productionModels topRisks { modelName team flags } hiddenRisks }
      byTeam { team productionModels }
      teamRequests { made approved rejected open timeToDecide { count p50Hours } }
    }
  }`;

interface Answer {
  insights: {
    teams: string[];
    adoption: { productionModels: number };
    approvals: {
      rejected: number;
      rejectionReasons: { reason: string; count: number }[];
      hiddenRejections: number;
    };
    riskPosture: { productionModels: number; topRisks: { modelName: string }[]; hiddenRisks: number };
    byTeam: { team: string; productionModels: number }[];
    teamRequests: {
      made: number;
      approved: number;
      rejected: number;
      open: number;
      timeToDecide: { count: number; p50Hours: number | null };
    };
  };
}

let metrics: TestSubgraph;
const ask = (principal: Principal, variables: Record<string, unknown> = {}) =>
  metrics.execute<Answer>(
    INSIGHTS,
    { from: at(0).toISOString(), to: at(14).toISOString(), ...variables },
    principal,
  );
const codes = (answer: GraphQLResponse<unknown>) => answer.errors?.map((e) => e.extensions?.code);
const names = (answer: GraphQLResponse<Answer>) =>
  answer.data!.insights.riskPosture.topRisks.map((r) => r.modelName);

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateSubgraphs(db.url, [registrySubgraph, lineageSubgraph, governanceSubgraph]);
  metrics = await startTestSubgraph(metricsSubgraph, db.url, admin);
  // Written while the subgraph runs: its own consumers pick the events up.
  await appendEvents(metrics.owner, FIXTURE);
  await vi.waitFor(
    async () => {
      const answer = await ask(admin);
      expect(answer.data?.insights.riskPosture.productionModels).toBe(4);
      expect(answer.data?.insights.teamRequests.made).toBe(5);
    },
    { timeout: 20_000, interval: 100 },
  );
});

describe('insights through the subgraph', () => {
  it.each([
    ['an executive', executive],
    ['a platform admin', admin],
    ['an auditor', auditor],
  ])('%s sees every team', async (_who, principal) => {
    const answer = await ask(principal);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.insights.teams).toEqual(['alpha', 'beta', 'gamma']);
    expect(answer.data!.insights.byTeam.map((t) => [t.team, t.productionModels])).toEqual([
      ['alpha', 2],
      ['beta', 2],
      ['gamma', 0],
    ]);
  });

  it('an executive gets every count, but no private model’s name, nor a reason naming it', async () => {
    const answer = await ask(executive);
    expect(names(answer)).toEqual(['recommender', 'fraud-scorer']);
    expect(answer.data!.insights.riskPosture.hiddenRisks).toBe(2);
    expect(answer.data!.insights.approvals).toEqual({
      rejected: 2,
      rejectionReasons: [{ reason: 'accuracy below threshold', count: 1 }],
      hiddenRejections: 1,
    });
    const text = JSON.stringify(answer);
    for (const secret of [...PRIVATE_NAMES, PRIVATE_REASON]) expect(text).not.toContain(secret);
  });

  it('a platform admin gets every name', async () => {
    expect(names(await ask(admin))).toEqual(['price-model', 'secret-graph', 'recommender', 'fraud-scorer']);
  });

  it('a team member sees their team only, its private models named', async () => {
    const answer = await ask(alphaMember);
    expect(answer.data!.insights.teams).toEqual(['alpha']);
    expect(names(answer)).toEqual(['secret-graph', 'fraud-scorer']);
    expect(answer.data!.insights.riskPosture.hiddenRisks).toBe(0);
    expect(JSON.stringify(answer)).not.toContain('price-model');
    expect(names(await ask(betaMember, { team: 'beta' }))).toEqual(['price-model', 'recommender']);
  });

  it('another team answers NOT_FOUND to a member, exactly as an unknown team', async () => {
    const other = await ask(alphaMember, { team: 'beta' });
    const unknown = await ask(alphaMember, { team: 'no-such-team' });
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(other.errors![0]!.message.replace('beta', 'X')).toBe(
      unknown.errors![0]!.message.replace('no-such-team', 'X'),
    );
    expect(codes(await ask(executive, { team: 'no-such-team' }))).toEqual(['NOT_FOUND']);
  });

  it('team requests: every one counted for whoever sees every team, never a slug or a requester', async () => {
    for (const principal of [executive, admin, auditor]) {
      const answer = await ask(principal);
      expect(answer.data!.insights.teamRequests).toEqual({
        made: 5,
        approved: 2,
        rejected: 2,
        open: 1,
        timeToDecide: { count: 4, p50Hours: 66 },
      });
      const text = JSON.stringify(answer);
      for (const secret of [...REQUESTED_SLUGS, REQUESTER]) expect(text).not.toContain(secret);
    }
  });

  it('team requests: a member counts only those for their own teams', async () => {
    const zero = { made: 0, approved: 0, rejected: 0, open: 0, timeToDecide: { count: 0, p50Hours: null } };
    expect((await ask(alphaMember)).data!.insights.teamRequests).toEqual(zero);
    // delta's request, approved on day 3, made the team `stranger` is a member of.
    expect((await ask(stranger)).data!.insights.teamRequests).toEqual({
      made: 1,
      approved: 1,
      rejected: 0,
      open: 0,
      timeToDecide: { count: 1, p50Hours: 36 },
    });
  });

  it('a member of a team with no activity gets zeros, and nothing of other teams', async () => {
    const answer = await ask(stranger);
    expect(answer.data!.insights).toMatchObject({
      teams: ['delta'],
      adoption: { productionModels: 0 },
      riskPosture: { topRisks: [], hiddenRisks: 0 },
    });
  });

  it.each([
    ['`from` after `to`', { from: at(5).toISOString(), to: at(1).toISOString() }, 'from'],
    ['a range over 731 days', { from: at(0).toISOString(), to: at(800).toISOString() }, 'to'],
    ['a team that is not a slug', { team: 'Fraud Detection' }, 'team'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, variables, field) => {
    const answer = await ask(executive, variables);
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(answer.errors)).toContain(field);
  });

  it('refuses a date that is not one', async () => {
    expect(codes(await ask(executive, { from: 'yesterday' }))).toEqual(['BAD_USER_INPUT']);
  });
});
