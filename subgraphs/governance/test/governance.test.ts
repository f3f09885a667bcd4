import { randomUUID } from 'node:crypto';
import { type Principal, SYSTEM_PRINCIPAL } from '@cairn/identity';
import { registrySubgraph, TeamService } from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  migrateSubgraphs,
  promoteVersion,
  startTestSubgraph,
  TEAMS,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import type { Logger } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';

const { engineer, admin } = testPrincipals;

const TRANSITION = /* GraphQL */ `
  mutation Transition($input: TransitionStageInput!) {
    transitionStage(input: $input) { id stage stageHistory { edges { node { from to reason actor occurredAt } } } }
  }`;
const STAGES = /* GraphQL */ `
  query Stages($r: [_Any!]!) {
    _entities(representations: $r) { ... on ModelVersion { id stage stageHistory { edges { node { from to } } } } }
  }`;

type Transitioned = {
  transitionStage: {
    id: string;
    stage: string;
    stageHistory: Edges<{
      from: string;
      to: string;
      reason: string | null;
      actor: string;
      occurredAt: string;
    }>;
  };
};
type Edges<T> = { edges: { node: T }[] };
type Entities = {
  _entities: { id: string; stage: string; stageHistory: Edges<{ from: string; to: string }> }[];
};
const nodes = <T>(connection: Edges<T>) => connection.edges.map((edge) => edge.node);

let registry: TestSubgraph;
let governance: TestSubgraph;

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await governance.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return row.n;
}

/** Everything a transition of `id` may write: current stage, history and events. */
async function writesFor(id: string) {
  return {
    stage: await count('governance.model_version_stage WHERE model_version_id = $1', [id]),
    history: await count('governance.stage_transition WHERE model_version_id = $1', [id]),
    events: await count(`governance.event_log WHERE subject_id = $1`, [id]),
  };
}

/** A training pipeline that contributes to every test team; it registers the versions under test. */
const pipeline: Principal = {
  ...engineer,
  subject: 'pipeline',
  email: 'pipeline@demo.cairn',
  memberships: TEAMS.map((team) => ({ team, role: 'contributor', approver: false })),
};

/** Registers a fresh model in `team` through the registry and creates versions of it. */
const newVersions = (n: number, team = 'fraud-detection') => createVersions(registry, n, team, pipeline);

async function newVersion(team?: string): Promise<string> {
  const [id] = await newVersions(1, team);
  return id!;
}

function transition(modelVersionId: string, to: string, principal: Principal = engineer, reason?: string) {
  return governance.execute<Transitioned>(TRANSITION, { input: { modelVersionId, to, reason } }, principal);
}

async function stageOf(id: string) {
  const result = await governance.execute<Entities>(STAGES, { r: [{ __typename: 'ModelVersion', id }] });
  expect(result.errors).toBeUndefined();
  const entity = result.data!._entities[0]!;
  return { ...entity, stageHistory: nodes(entity.stageHistory) };
}

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateSubgraphs(db.url, [registrySubgraph]);
  registry = await startTestSubgraph(registrySubgraph, db.url, engineer);
  governance = await startTestSubgraph(governanceSubgraph, db.url, engineer);
  const teams = new TeamService(registry.dataSource);
  for (const slug of ['fraud-detection', 'recommendations', 'search-ranking']) {
    await teams.create(SYSTEM_PRINCIPAL, { slug, name: slug });
  }
});

describe('stages', () => {
  it('starts every version in DEVELOPMENT with no history', async () => {
    const id = await newVersion();
    expect(await stageOf(id)).toEqual({ id, stage: 'DEVELOPMENT', stageHistory: [] });
  });

  it('walks the whole chain forward, recording actor and reason, oldest first', async () => {
    const id = await newVersion();
    await promoteVersion(governance, id, 'STAGING');
    await promoteVersion(governance, id, 'PRODUCTION');
    for (const [to, reason] of [
      ['DEPRECATED', undefined],
      ['ARCHIVED', '  superseded by v2  '],
    ] as const) {
      const result = await transition(id, to, engineer, reason);
      expect(result.errors).toBeUndefined();
      expect(result.data!.transitionStage.stage).toBe(to);
    }
    for (const to of ['ARCHIVED', 'DEVELOPMENT']) {
      const final = await transition(id, to, admin);
      expect(final.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
      expect(final.errors?.[0]?.message).toMatch(/ARCHIVED, which is final/);
    }

    const { stageHistory } = await stageOf(id);
    expect(stageHistory).toEqual([
      { from: 'DEVELOPMENT', to: 'STAGING' },
      { from: 'STAGING', to: 'PRODUCTION' },
      { from: 'PRODUCTION', to: 'DEPRECATED' },
      { from: 'DEPRECATED', to: 'ARCHIVED' },
    ]);
    const rows = await governance.dataSource.query(
      `SELECT actor, reason FROM governance.stage_transition WHERE model_version_id = $1 ORDER BY occurred_at, id`,
      [id],
    );
    // A promotion is made by the approval that met the policy, with the request's justification.
    expect(rows).toEqual([
      { actor: 'test-approver-fraud-detection-1', reason: 'promote to STAGING for a test' },
      { actor: 'test-approver-fraud-detection-2', reason: 'promote to PRODUCTION for a test' },
      { actor: engineer.email, reason: null },
      { actor: engineer.email, reason: 'superseded by v2' },
    ]);
  });

  it('publishes each move in the same transaction with the agreed payload', async () => {
    const id = await newVersion();
    const requestId = await promoteVersion(governance, id, 'STAGING');
    const [known] = await governance.dataSource.query(
      'SELECT model_id FROM governance.known_model_version WHERE model_version_id = $1',
      [id],
    );
    const events = await governance.dataSource.query(
      `SELECT type, subject_type, actor, payload FROM governance.event_log WHERE subject_id = $1`,
      [id],
    );
    expect(events).toEqual([
      {
        type: 'governance.StageTransitioned',
        subject_type: 'ModelVersion',
        actor: 'test-approver-fraud-detection-1',
        payload: {
          modelVersionId: id,
          modelId: known.model_id,
          teamSlug: 'fraud-detection',
          from: 'DEVELOPMENT',
          to: 'STAGING',
          reason: 'promote to STAGING for a test',
          promotionRequestId: requestId,
        },
      },
    ]);
  });

  it.each([
    ['skipping a step', [], 'DEPRECATED', admin, /DEVELOPMENT.*STAGING/],
    ['skipping to production', [], 'PRODUCTION', admin, /only through an approved promotion request/],
    ['going backwards', ['STAGING'], 'DEVELOPMENT', engineer, /STAGING.*PRODUCTION/],
    ['moving to STAGING directly', [], 'STAGING', engineer, /only through an approved promotion request/],
  ] as const)(
    'refuses %s as FAILED_PRECONDITION and writes nothing',
    async (_case, before, to, principal, message) => {
      const id = await newVersion();
      for (const stage of before) await promoteVersion(governance, id, stage);
      const written = await writesFor(id);
      const result = await transition(id, to, principal);
      expect(result.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(await writesFor(id)).toEqual(written);
      expect((await stageOf(id)).stage).toBe(before.at(-1) ?? 'DEVELOPMENT');
    },
  );

  it('answers NOT_FOUND for unknown and malformed ids, writing nothing', async () => {
    const stages = await count('governance.model_version_stage');
    const events = await count('governance.event_log');
    for (const modelVersionId of [randomUUID(), 'not-a-uuid', '']) {
      const result = await transition(modelVersionId, 'DEPRECATED', admin);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await count('governance.model_version_stage')).toBe(stages);
    expect(await count('governance.event_log')).toBe(events);
  });

  it('rejects a reason over 1000 characters as BAD_USER_INPUT naming the field', async () => {
    const id = await newVersion();
    await promoteVersion(governance, id, 'STAGING');
    await promoteVersion(governance, id, 'PRODUCTION');
    const written = await writesFor(id);
    const result = await transition(id, 'DEPRECATED', engineer, 'x'.repeat(1001));
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.problems).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect(await writesFor(id)).toEqual(written);
    expect((await transition(id, 'DEPRECATED', engineer, 'x'.repeat(1000))).errors).toBeUndefined();
  });

  it('rejects an unknown stage through GraphQL enum coercion', async () => {
    const id = await newVersion();
    const result = await transition(id, 'LIVE');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await writesFor(id)).toEqual({ stage: 0, history: 0, events: 0 });
  });

  it('lets a version created a moment ago be promoted at once', async () => {
    const id = await newVersion();
    await promoteVersion(governance, id, 'STAGING');
    expect((await stageOf(id)).stage).toBe('STAGING');
  });
});

describe('authorization of the moves no approval guards', () => {
  it.each([
    ['engineer', true],
    ['admin', true],
    ['approver', false],
    ['executive', false],
    ['outsider', false],
  ] as const)('to DEPRECATED as %s', async (name, allowed) => {
    const id = await newVersion();
    await promoteVersion(governance, id, 'STAGING');
    await promoteVersion(governance, id, 'PRODUCTION');
    const written = await writesFor(id);
    const result = await transition(id, 'DEPRECATED', testPrincipals[name]);
    if (allowed) {
      expect(result.errors).toBeUndefined();
    } else {
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await writesFor(id)).toEqual(written);
    }
  });

  it('refuses a request that does not carry the gateway’s signed identity', async () => {
    const id = await newVersion();
    const result = await governance.execute(
      TRANSITION,
      { input: { modelVersionId: id, to: 'DEPRECATED' } },
      null,
    );
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await writesFor(id)).toEqual({ stage: 0, history: 0, events: 0 });
  });

  it('refuses stage reads without identity too', async () => {
    const result = await governance.execute(
      STAGES,
      { r: [{ __typename: 'ModelVersion', id: randomUUID() }] },
      null,
    );
    expect(result.status).toBe(401);
  });
});

describe('concurrency and batching', () => {
  // The first move queues on the stage row's primary key; later moves queue on its row lock.
  it('lets exactly one of five concurrent moves of a version succeed', async () => {
    const id = await newVersion();
    await promoteVersion(governance, id, 'STAGING');
    await promoteVersion(governance, id, 'PRODUCTION');
    const results = await Promise.all(Array.from({ length: 5 }, () => transition(id, 'DEPRECATED')));
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'FAILED_PRECONDITION')).toHaveLength(4);
    expect(await writesFor(id)).toMatchObject({ stage: 1, history: 3 });
  });

  it('resolves stage and history for 30 versions with a constant number of queries', async () => {
    const ids = await newVersions(30);
    for (const id of ids.slice(0, 10)) await promoteVersion(governance, id, 'STAGING');
    const statements: string[] = [];
    const logger = governance.dataSource.logger;
    const counting: Logger = {
      logQuery: (query) => {
        statements.push(query);
      },
      logQueryError: () => {},
      logQuerySlow: () => {},
      logSchemaBuild: () => {},
      logMigration: () => {},
      log: () => {},
    };
    Object.defineProperty(governance.dataSource, 'logger', { value: counting, configurable: true });
    let result: Awaited<ReturnType<typeof governance.execute<Entities>>>;
    try {
      result = await governance.execute<Entities>(STAGES, {
        r: ids.map((id) => ({ __typename: 'ModelVersion', id })),
      });
    } finally {
      Object.defineProperty(governance.dataSource, 'logger', { value: logger, configurable: true });
    }
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((v) => v.stage)).toEqual(
      ids.map((_, i) => (i < 10 ? 'STAGING' : 'DEVELOPMENT')),
    );
    expect(nodes(result.data!._entities[0]!.stageHistory)).toEqual([{ from: 'DEVELOPMENT', to: 'STAGING' }]);
    // The model directory's background consumer shares the data source; count only the reads of
    // governance's own stage tables: one batched load for stages, and for the history pages one
    // query for the pages and one for their totals.
    const stageReads = statements.filter((q) => /model_version_stage|stage_transition/.test(q));
    expect(stageReads).toHaveLength(3);
  });
});
