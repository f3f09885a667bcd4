import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { createTestDatabase, postGraphQL, startTestIssuer, type TestIssuer } from '@cairn/testing';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Self-service onboarding through the gateway: a person asks for a team, a platform admin
 * approves it, the registry creates it from governance's log and the requester maintains it.
 * Real OIDC tokens from the test's own issuer, and no caller cache, so new rights apply at once.
 */
let stack: RunningStack;
let owner: DataSource;
let testIssuer: TestIssuer;

// biome-ignore lint/suspicious/noExplicitAny: answers are checked with expect, field by field
type Answer = Awaited<ReturnType<typeof postGraphQL<Record<string, any>>>>;
const call = (credential: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> =>
  postGraphQL(stack.gatewayUrl, { query, variables }, { authorization: `Bearer ${credential}` });
const code = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

const REQUEST = `mutation($i: RequestTeamInput!) {
  requestTeam(input: $i) { id slug name status requesterSubject } }`;
const APPROVE = `mutation($id: ID!) { approveTeamRequest(id: $id) { id status decidedBy } }`;
const REJECT = `mutation($i: RejectTeamRequestInput!) { rejectTeamRequest(input: $i) { id status reason } }`;
const LIST = `query($s: TeamRequestStatus) { teamRequests(status: $s) { id slug status requesterSubject reason } }`;
const TEAM = `query($slug: String!) { team(slug: $slug) { slug name defaultVisibility } }`;
const REGISTER = `mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }`;

async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let admin: string;
let otherAdmin: string;
let requests = 0;
const ask = (credential: string, slug: string) =>
  call(credential, REQUEST, { i: { slug, name: `Team ${slug}`, justification: `Team ${++requests}` } });

beforeAll(async () => {
  testIssuer = await startTestIssuer();
  const db = await createTestDatabase();
  await migrateAll(db.url);
  owner = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: testIssuer.issuer,
    env: {
      NODE_ENV: 'test',
      EVENT_POLL_INTERVAL_MS: '100',
      OIDC_JWKS_URI: testIssuer.jwksUri,
      CALLER_CACHE_TTL_MS: '0',
      LOG_LEVEL: 'silent',
    },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  admin = await testIssuer.token('root', ['cairn-platform-admins']);
  otherAdmin = await testIssuer.token('rooty', ['cairn-platform-admins']);
  const team = await call(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
    i: { slug: 'fraud-detection', name: 'Fraud detection' },
  });
  expect(team.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await owner?.destroy();
  await testIssuer?.close();
});

describe('self-service onboarding', () => {
  it('a person asks, an admin approves: the registry creates the team and the requester maintains it', async () => {
    const olga = await testIssuer.token('olga', []);
    const asked = await ask(olga, 'payments-risk');
    expect(asked.errors).toBeUndefined();
    const request = asked.data!.requestTeam;
    expect(request).toMatchObject({ slug: 'payments-risk', status: 'OPEN', requesterSubject: 'olga' });
    expect((await call(olga, LIST)).data!.teamRequests.map((r: { id: string }) => r.id)).toEqual([
      request.id,
    ]);

    // Not a platform admin: refused. The requester sees nothing of others' requests.
    expect(code(await call(olga, APPROVE, { id: request.id }))).toBe('FORBIDDEN');
    const approved = await call(admin, APPROVE, { id: request.id });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveTeamRequest).toMatchObject({
      status: 'APPROVED',
      decidedBy: 'root@demo.cairn',
    });
    expect(code(await call(otherAdmin, APPROVE, { id: request.id }))).toBe('FAILED_PRECONDITION');

    const team = await eventually(async () => {
      const answer = await call(olga, TEAM, { slug: 'payments-risk' });
      expect(answer.errors).toBeUndefined();
      return answer.data!.team;
    });
    expect(team).toEqual({
      slug: 'payments-risk',
      name: 'Team payments-risk',
      defaultVisibility: 'INTERNAL',
    });
    const me = await call(olga, '{ me { memberships { team role } } }');
    expect(me.data!.me.memberships).toContainEqual({ team: 'payments-risk', role: 'MAINTAINER' });
    const registered = await call(olga, REGISTER, { i: { team: 'payments-risk', name: 'first-model' } });
    expect(registered.errors).toBeUndefined();

    const events = await owner.query(
      `SELECT type FROM governance.event_log WHERE subject_id = $1 ORDER BY id`,
      [request.id],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'governance.TeamRequested',
      'governance.TeamRequestApproved',
    ]);
    // The slug is a team now: asking for it again is a conflict.
    expect(code(await ask(await testIssuer.token('pete', []), 'payments-risk'))).toBe('CONFLICT');
  });

  it('an admin rejects with a reason; the slug may be asked for again', async () => {
    const rita = await testIssuer.token('rita', []);
    const { id } = (await ask(rita, 'shadow-ai')).data!.requestTeam;
    expect(code(await call(admin, REJECT, { i: { id, reason: '' } }))).toBe('BAD_USER_INPUT');
    const rejected = await call(admin, REJECT, { i: { id, reason: 'Use the ml-platform team' } });
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data!.rejectTeamRequest).toEqual({
      id,
      status: 'REJECTED',
      reason: 'Use the ml-platform team',
    });
    const mine = (await call(rita, LIST, { s: 'REJECTED' })).data!.teamRequests;
    expect(mine).toEqual([
      {
        id,
        slug: 'shadow-ai',
        status: 'REJECTED',
        requesterSubject: 'rita',
        reason: 'Use the ml-platform team',
      },
    ]);
    expect(code(await call(rita, TEAM, { slug: 'shadow-ai' }))).toBe('NOT_FOUND');
    expect((await ask(rita, 'shadow-ai')).errors).toBeUndefined();
  });

  it('refuses self-approval, bad slugs and taken slugs', async () => {
    const own = await ask(admin, 'admins-own');
    expect(own.errors).toBeUndefined();
    const ownId = own.data!.requestTeam.id;
    expect(code(await call(admin, APPROVE, { id: ownId }))).toBe('FORBIDDEN');
    expect(code(await call(admin, REJECT, { i: { id: ownId, reason: 'no' } }))).toBe('FORBIDDEN');
    // Another admin sees every request, the requester's included.
    const all = (await call(otherAdmin, LIST, { s: 'OPEN' })).data!.teamRequests;
    expect(all.map((r: { id: string }) => r.id)).toContain(ownId);

    const sam = await testIssuer.token('sam', []);
    for (const slug of ['A', 'x', 'two--hyphens', '-edge', 'a'.repeat(51), 'spaces here']) {
      expect(code(await ask(sam, slug))).toBe('BAD_USER_INPUT');
    }
    expect(code(await ask(sam, 'fraud-detection'))).toBe('CONFLICT');
    // An open request holds its slug.
    expect(code(await ask(sam, 'admins-own'))).toBe('CONFLICT');
    expect(code(await call(admin, APPROVE, { id: 'not-a-request' }))).toBe('NOT_FOUND');
  });

  it('refuses a service: a pipeline cannot ask for a team, even one in the admins group', async () => {
    // A token without an e-mail is a service's (client credentials), whatever groups it carries.
    const pipeline = await testIssuer.token('ci-pipeline', ['cairn-platform-admins'], { email: undefined });
    const asked = await ask(pipeline, 'pipeline-made');
    expect(code(asked)).toBe('FORBIDDEN');
    const open = await call(admin, LIST, { s: 'OPEN' });
    expect(open.data!.teamRequests.map((r: { slug: string }) => r.slug)).not.toContain('pipeline-made');
  });
});
