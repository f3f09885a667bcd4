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
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';

const { engineer, approver, admin, viewer, outsider } = testPrincipals;
/** A serving system's token: read and serving:report, nothing else. */
const serving: Principal = {
  ...engineer,
  subject: 'serving-bot',
  email: undefined,
  scopes: ['read', 'serving:report'],
};
const readOnly: Principal = { ...engineer, subject: 'read-only', email: undefined, scopes: ['read'] };

const ROLLOUT_FIELDS = `id status trafficPercent stepIndex candidateVersionId baselineVersionId endReason rollbackRequestId
  strategy { steps windowMinutes rules { maxErrorRateRatio maxLatencyP99Ms minRequests } }
  windows { verdict findings trafficPercent candidate { requests errorRate } }
  decisions { kind automatic fromPercent toPercent reason decidedBy windowId }`;
const START = /* GraphQL */ `
  mutation($input: StartRolloutInput!) { startRollout(input: $input) { ${ROLLOUT_FIELDS} } }`;
const REPORT = /* GraphQL */ `
  mutation($input: ReportServingMetricsInput!) {
    reportServingMetrics(input: $input) { decision window { verdict findings } rollout { ${ROLLOUT_FIELDS} } }
  }`;
const GET = /* GraphQL */ `query($id: ID!) { rollout(id: $id) { ${ROLLOUT_FIELDS} } }`;
const LIST = /* GraphQL */ `query($m: ID!) { rollouts(modelId: $m) { id status } }`;
const ADVANCE = /* GraphQL */ `mutation($id: ID!) { advanceRollout(id: $id) { id status trafficPercent } }`;
const ABORT = /* GraphQL */ `
  mutation($id: ID!, $reason: String!) { abortRollout(id: $id, reason: $reason) { id status trafficPercent rollbackRequestId } }`;
const STAGE = /* GraphQL */ `
  query($r: [_Any!]!) { _entities(representations: $r) { ... on ModelVersion { stage } } }`;
const MODEL = /* GraphQL */ `
  query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { currentRollout { id trafficPercent } rollouts { id } } } }`;

interface Rollout {
  id: string;
  status: string;
  trafficPercent: number;
  stepIndex: number;
  endReason: string | null;
  rollbackRequestId: string | null;
  windows: { verdict: string; findings: string[] }[];
  decisions: {
    kind: string;
    automatic: boolean;
    fromPercent: number;
    toPercent: number;
    decidedBy: string;
  }[];
}
type Result<T> = {
  data?: T | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
};

let registry: TestSubgraph;
let governance: TestSubgraph;
let ownerUrl: string;

const run = <T>(query: string, variables: Record<string, unknown>, principal: Principal) =>
  governance.execute<T>(query, variables, principal) as Promise<Result<T>>;
const code = (result: Result<unknown>) => result.errors?.[0]?.extensions?.code;

const pipeline: Principal = {
  ...engineer,
  subject: 'pipeline',
  memberships: TEAMS.map((team) => ({ team, role: 'contributor', approver: false })),
};

/** Two versions of a new model, the second in PRODUCTION after an approved promotion replaced the first. */
async function replaced() {
  const [first, second] = await createVersions(registry, 2, 'fraud-detection', pipeline);
  for (const id of [first!, second!]) await promoteVersion(governance, id, 'STAGING');
  await promoteVersion(governance, first!, 'PRODUCTION');
  await promoteVersion(governance, second!, 'PRODUCTION');
  const [row] = await registry.dataSource.query('SELECT model_id FROM registry.model_version WHERE id = $1', [
    first,
  ]);
  return { first: first!, second: second!, modelId: row.model_id as string };
}

const STRATEGY = {
  steps: [5, 25, 50, 100],
  windowMinutes: 5,
  rules: { maxErrorRateRatio: 1.2, maxLatencyP99Ms: 250, minRequests: 100 },
};

async function start(versionId: string, principal: Principal = engineer, strategy: unknown = STRATEGY) {
  return run<{ startRollout: Rollout }>(START, { input: { modelVersionId: versionId, strategy } }, principal);
}

/** Consecutive 5-minute windows ending in the past, one per call. */
function windows() {
  let next = Date.now() - 60 * 60_000;
  return () => {
    const window = { start: new Date(next).toISOString(), end: new Date(next + 5 * 60_000).toISOString() };
    next += 5 * 60_000;
    return window;
  };
}

const healthy = {
  candidate: { requests: 500, errors: 2, latencyP99Ms: 180 },
  baseline: { requests: 9500, errors: 40, latencyP99Ms: 170 },
};
const failing = {
  candidate: { requests: 2500, errors: 75, latencyP99Ms: 190 },
  baseline: { requests: 7500, errors: 30, latencyP99Ms: 170 },
};

function report(rolloutId: string, window: unknown, observed: object, principal: Principal = serving) {
  return run<{
    reportServingMetrics: {
      decision: string | null;
      window: { verdict: string; findings: string[] };
      rollout: Rollout;
    };
  }>(REPORT, { input: { rolloutId, window, ...observed } }, principal);
}

async function stageOf(id: string): Promise<string> {
  const result = await run<{ _entities: { stage: string }[] }>(
    STAGE,
    { r: [{ __typename: 'ModelVersion', id }] },
    admin,
  );
  return result.data!._entities[0]!.stage;
}

const eventsOf = async (subjectId: string) =>
  (
    await governance.dataSource.query(
      'SELECT type, actor, payload FROM governance.event_log WHERE subject_id = $1 ORDER BY id',
      [subjectId],
    )
  ).map((e: { type: string; actor: string; payload: Record<string, unknown> }) => ({
    ...e,
    type: e.type.slice(11),
  }));

beforeAll(async () => {
  const db = await createTestDatabase();
  ownerUrl = db.url;
  await migrateSubgraphs(db.url, [registrySubgraph]);
  registry = await startTestSubgraph(registrySubgraph, db.url, engineer);
  governance = await startTestSubgraph(governanceSubgraph, db.url, engineer);
  const teams = new TeamService(registry.dataSource);
  for (const slug of TEAMS) await teams.create(SYSTEM_PRINCIPAL, { slug, name: slug });
});

describe('a rollout', () => {
  it('advances through every step on passing windows and completes at 100 %', async () => {
    const { first, second, modelId } = await replaced();
    const started = await start(second);
    expect(started.errors).toBeUndefined();
    const rollout = started.data!.startRollout;
    expect(rollout).toMatchObject({
      status: 'IN_PROGRESS',
      trafficPercent: 5,
      stepIndex: 0,
      baselineVersionId: first,
    });
    const model = await run<{
      _entities: { currentRollout: { id: string; trafficPercent: number } | null }[];
    }>(MODEL, { r: [{ __typename: 'Model', id: modelId }] }, engineer);
    expect(model.data!._entities[0]!.currentRollout).toEqual({ id: rollout.id, trafficPercent: 5 });

    const next = windows();
    const seen: [string | null, number, string][] = [];
    for (let i = 0; i < 3; i++) {
      const reported = await report(rollout.id, next(), healthy);
      expect(reported.errors).toBeUndefined();
      const { decision, rollout: after } = reported.data!.reportServingMetrics;
      seen.push([decision, after.trafficPercent, after.status]);
    }
    expect(seen).toEqual([
      ['ADVANCE', 25, 'IN_PROGRESS'],
      ['ADVANCE', 50, 'IN_PROGRESS'],
      ['COMPLETE', 100, 'COMPLETED'],
    ]);
    const done = (await run<{ rollout: Rollout }>(GET, { id: rollout.id }, viewer)).data!.rollout;
    expect(done.decisions.map((d) => [d.kind, d.automatic, d.fromPercent, d.toPercent, d.decidedBy])).toEqual(
      [
        ['ADVANCE', true, 5, 25, 'cairn'],
        ['ADVANCE', true, 25, 50, 'cairn'],
        ['COMPLETE', true, 50, 100, 'cairn'],
      ],
    );
    expect(done.windows.map((w) => w.verdict)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(await stageOf(second)).toBe('PRODUCTION');
    expect((await eventsOf(rollout.id)).map((e: { type: string }) => e.type)).toEqual([
      'RolloutStarted',
      'RolloutWindowReported',
      'RolloutStepAdvanced',
      'RolloutWindowReported',
      'RolloutStepAdvanced',
      'RolloutWindowReported',
      'RolloutCompleted',
    ]);
    expect(code(await report(rollout.id, next(), healthy))).toBe('FAILED_PRECONDITION');
    expect(code(await start(second))).toBe('FAILED_PRECONDITION');
    const listed = await run<{ rollouts: { id: string }[] }>(LIST, { m: modelId }, viewer);
    expect(listed.data!.rollouts.map((r) => r.id)).toEqual([rollout.id]);
  });

  it('rolls PRODUCTION back to the baseline automatically when a window fails, signed and announced', async () => {
    const { first, second } = await replaced();
    const rollout = (await start(second)).data!.startRollout;
    const next = windows();
    expect((await report(rollout.id, next(), healthy)).data!.reportServingMetrics.decision).toBe('ADVANCE');
    const failed = await report(rollout.id, next(), failing);
    expect(failed.errors).toBeUndefined();
    const { decision, window, rollout: after } = failed.data!.reportServingMetrics;
    expect(decision).toBe('ROLLBACK');
    expect(window.verdict).toBe('FAIL');
    expect(window.findings[0]).toMatch(/error rate 3\.00 % exceeds 1\.2 × the baseline's 0\.40 %/);
    expect(after).toMatchObject({ status: 'ROLLED_BACK', trafficPercent: 0 });
    expect(after.rollbackRequestId).toBeTruthy();
    expect(after.decisions.at(-1)).toMatchObject({
      kind: 'ROLLBACK',
      automatic: true,
      fromPercent: 25,
      toPercent: 0,
    });
    expect(await stageOf(first)).toBe('PRODUCTION');
    expect(await stageOf(second)).toBe('DEPRECATED');

    const events = await eventsOf(rollout.id);
    const rolledBack = events.find((e: { type: string }) => e.type === 'RolloutRolledBack');
    expect(rolledBack).toMatchObject({
      actor: 'cairn',
      payload: {
        automatic: true,
        fromPercent: 25,
        trafficPercent: 0,
        rollbackRequestId: after.rollbackRequestId,
        window: {
          verdict: 'FAIL',
          candidate: { requests: 2500, errors: 75 },
          baseline: { requests: 7500, errors: 30 },
        },
      },
    });
    // The same path as a manual rollback: a ROLLBACK request, ProductionRolledBack, a signed record.
    const requestEvents = (await eventsOf(after.rollbackRequestId!)).map((e: { type: string }) => e.type);
    expect(requestEvents).toEqual(['PromotionRequested', 'ProductionRolledBack']);
    const [record] = await governance.dataSource.query(
      'SELECT record FROM governance.promotion_decision_record WHERE request_id = $1',
      [after.rollbackRequestId],
    );
    expect(JSON.parse(record.record)).toMatchObject({ kind: 'ROLLBACK', decidedBy: 'cairn' });
  });

  it('decides nothing on a window with too few requests, and keeps windows in order', async () => {
    const { second } = await replaced();
    const rollout = (await start(second)).data!.startRollout;
    const next = windows();
    const first = next();
    const thin = await report(rollout.id, first, {
      ...healthy,
      candidate: { requests: 40, errors: 0, latencyP99Ms: 100 },
    });
    expect(thin.errors).toBeUndefined();
    expect(thin.data!.reportServingMetrics).toMatchObject({
      decision: null,
      window: { verdict: 'INSUFFICIENT' },
      rollout: { status: 'IN_PROGRESS', trafficPercent: 5 },
    });
    expect(thin.data!.reportServingMetrics.window.findings[0]).toMatch(
      /40 requests, fewer than the 100 needed/,
    );
    expect(code(await report(rollout.id, first, healthy))).toBe('BAD_USER_INPUT');
    const short = { start: new Date(Date.now() - 60_000).toISOString(), end: new Date().toISOString() };
    expect(code(await report(rollout.id, short, healthy))).toBe('BAD_USER_INPUT');
    const future = {
      start: new Date(Date.now() + 3_600_000).toISOString(),
      end: new Date(Date.now() + 4_000_000).toISOString(),
    };
    expect(code(await report(rollout.id, future, healthy))).toBe('BAD_USER_INPUT');
    const noLatency = { ...healthy, candidate: { requests: 500, errors: 0 } };
    expect((await report(rollout.id, next(), noLatency)).data!.reportServingMetrics.window.verdict).toBe(
      'INSUFFICIENT',
    );
  });

  it('is advanced by hand and aborted back to the baseline by approvers and maintainers', async () => {
    const { first, second } = await replaced();
    const rollout = (await start(second)).data!.startRollout;
    const advanced = await run<{ advanceRollout: Rollout }>(ADVANCE, { id: rollout.id }, engineer);
    expect(advanced.data!.advanceRollout).toMatchObject({ status: 'IN_PROGRESS', trafficPercent: 25 });
    expect(code(await run(ABORT, { id: rollout.id, reason: 'x' }, engineer))).toBe('FORBIDDEN');
    expect(code(await run(ABORT, { id: rollout.id, reason: '' }, approver))).toBe('BAD_USER_INPUT');
    const aborted = await run<{ abortRollout: Rollout }>(
      ABORT,
      { id: rollout.id, reason: 'pager noise' },
      approver,
    );
    expect(aborted.errors).toBeUndefined();
    expect(aborted.data!.abortRollout).toMatchObject({ status: 'ROLLED_BACK', trafficPercent: 0 });
    expect(await stageOf(first)).toBe('PRODUCTION');
    const done = (await run<{ rollout: Rollout }>(GET, { id: rollout.id }, engineer)).data!.rollout;
    expect(done.decisions.at(-1)).toMatchObject({
      kind: 'ROLLBACK',
      automatic: false,
      decidedBy: 'approver@demo.cairn',
    });
    expect(code(await run(ADVANCE, { id: rollout.id }, engineer))).toBe('FAILED_PRECONDITION');
  });
});

describe('rollout rules and rights', () => {
  it('refuses callers without the rights, and bad input, with typed errors', async () => {
    const { first, second } = await replaced();
    expect(code(await start(second, viewer))).toBe('FORBIDDEN');
    expect(code(await start(second, serving))).toBe('FORBIDDEN');
    expect(String(code(await start(second, outsider)))).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(code(await start(first))).toBe('FAILED_PRECONDITION');
    expect(code(await start(randomUUID()))).toBe('NOT_FOUND');
    expect(code(await start(second, engineer, { ...STRATEGY, steps: [5, 50] }))).toBe('BAD_USER_INPUT');
    expect(code(await start(second, engineer, { ...STRATEGY, steps: [50, 25, 100] }))).toBe('BAD_USER_INPUT');
    expect(code(await start(second, engineer, { ...STRATEGY, rules: { maxErrorRateRatio: 0.5 } }))).toBe(
      'BAD_USER_INPUT',
    );
    const rollout = (await start(second, engineer, null)).data!.startRollout;
    expect(rollout.trafficPercent).toBe(5);
    expect(code(await start(second))).toBe('CONFLICT');

    const next = windows();
    expect(code(await report(rollout.id, next(), healthy, readOnly))).toBe('FORBIDDEN');
    expect(code(await report(rollout.id, next(), healthy, viewer))).toBe('FORBIDDEN');
    const bad = { ...healthy, candidate: { requests: 10, errors: 11 } };
    expect(code(await report(rollout.id, next(), bad))).toBe('BAD_USER_INPUT');
    expect(code(await report(randomUUID(), next(), healthy))).toBe('NOT_FOUND');
    expect(code(await report('not-an-id', next(), healthy))).toBe('NOT_FOUND');
    expect(code(await run(GET, { id: randomUUID() }, engineer))).toBe('NOT_FOUND');
    expect(code(await run(LIST, { m: randomUUID() }, engineer))).toBe('NOT_FOUND');
  });

  it('keeps the strategy and records fixed in the database', async () => {
    const { second } = await replaced();
    const rollout = (await start(second)).data!.startRollout;
    await report(rollout.id, windows()(), healthy);
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      for (const statement of [
        `UPDATE governance.rollout SET steps = '{10,100}' WHERE id = $1`,
        `UPDATE governance.rollout SET step_index = step_index + 2 WHERE id = $1`,
        `UPDATE governance.rollout_window SET verdict = 'FAIL' WHERE rollout_id = $1`,
        `DELETE FROM governance.rollout_decision WHERE rollout_id = $1`,
        `DELETE FROM governance.rollout WHERE id = $1`,
      ]) {
        await expect(owner.query(statement, [rollout.id])).rejects.toThrow();
      }
    } finally {
      await owner.end();
    }
  });
});
