import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyExport } from '@cairn/audit-chain';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { createTestDatabase, postGraphQL } from '@cairn/testing';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The access log through the gateway: a mutation, a FORBIDDEN and an UNAUTHENTICATED attempt are
 * recorded with who, what, the client and the request id; admins and auditors read them back,
 * page by page or as JSON Lines. Access requests go from asking to a membership that works.
 */
let stack: RunningStack;
let jwks: Server;
let issuer: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

async function oidcToken(subject: string, groups: string[], clientId = 'cairn-portal'): Promise<string> {
  return new SignJWT({ groups, email: `${subject}@demo.cairn`, client_id: clientId })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(issuer)
    .setAudience('cairn-api')
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(signingKey);
}

// biome-ignore lint/suspicious/noExplicitAny: answers are checked with expect, field by field
type Answer = Awaited<ReturnType<typeof postGraphQL<Record<string, any>>>>;
function call(
  credential: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  requestId?: string,
): Promise<Answer> {
  return postGraphQL(
    stack.gatewayUrl,
    { query, variables },
    {
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      'user-agent': 'cairn-test/1.0',
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
  );
}
const code = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

const LOG = `query($f: AccessLogFilter) { accessLog(filter: $f, first: 100) { totalCount edges { node {
  requestId subject email principalKind clientKind clientId operationType operationName rootFields outcome
  errorCodes remoteAddress userAgent } } } }`;
const REGISTER = `mutation Register($i: RegisterModelInput!) { registerModel(input: $i) { id } }`;

let admin: string;
let auditor: string;
let maintainer: string;
let engineer: string;
const exportUrl = () => new URL('/access-log.jsonl', stack.gatewayUrl);

/** Entries reach governance within a flush interval; wait for the one with this request id. */
async function entryFor(requestId: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const log = await call(auditor, LOG, { f: { from: new Date(Date.now() - 600_000).toISOString() } });
    expect(log.errors).toBeUndefined();
    const found = log.data!.accessLog.edges.find(
      (e: { node: { requestId: string } }) => e.node.requestId === requestId,
    );
    if (found) return found.node;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no access-log entry for ${requestId}`);
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;

  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer,
    env: {
      NODE_ENV: 'test',
      EVENT_POLL_INTERVAL_MS: '100',
      OIDC_JWKS_URI: `${issuer}/jwks`,
      CALLER_CACHE_TTL_MS: '0',
      ACCESS_LOG_FLUSH_INTERVAL_MS: '50',
    },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  admin = await oidcToken('root', ['cairn-platform-admins']);
  auditor = await oidcToken('audrey', ['cairn-auditors'], 'audit-tool');
  maintainer = await oidcToken('mia', ['cairn-fraud-detection-maintainers']);
  engineer = await oidcToken('eli', ['cairn-fraud-detection-contributors']);
  const team = await call(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
    i: { slug: 'fraud-detection', name: 'Fraud detection' },
  });
  expect(team.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => jwks.close(() => resolve()));
});

describe('the access log', () => {
  it('records a mutation with who, what, the client and the request id', async () => {
    const done = await call(
      engineer,
      REGISTER,
      { i: { team: 'fraud-detection', name: 'logged' } },
      'req-mutation-1',
    );
    expect(done.errors).toBeUndefined();
    expect(await entryFor('req-mutation-1')).toEqual({
      requestId: 'req-mutation-1',
      subject: 'eli',
      email: 'eli@demo.cairn',
      principalKind: 'user',
      clientKind: 'oidc',
      clientId: 'cairn-portal',
      operationType: 'MUTATION',
      operationName: 'Register',
      rootFields: ['registerModel'],
      outcome: 'OK',
      errorCodes: [],
      remoteAddress: expect.any(String),
      userAgent: 'cairn-test/1.0',
    });
  });

  it('records a FORBIDDEN attempt, a query included', async () => {
    const refused = await call(engineer, LOG, {}, 'req-forbidden-1');
    expect(code(refused)).toBe('FORBIDDEN');
    expect(await entryFor('req-forbidden-1')).toMatchObject({
      subject: 'eli',
      operationType: 'QUERY',
      rootFields: ['accessLog'],
      outcome: 'FORBIDDEN',
      errorCodes: ['FORBIDDEN'],
    });
  });

  it('records an UNAUTHENTICATED attempt, refused before GraphQL ran', async () => {
    const refused = await call(
      'not-a-token',
      REGISTER,
      { i: { team: 'fraud-detection', name: 'x' } },
      'req-anon-1',
    );
    expect(refused.status).toBe(401);
    expect(await entryFor('req-anon-1')).toMatchObject({
      subject: null,
      clientKind: null,
      operationType: 'MUTATION',
      operationName: 'Register',
      rootFields: ['registerModel'],
      outcome: 'UNAUTHENTICATED',
      errorCodes: ['UNAUTHENTICATED'],
    });
  });

  it('does not record plain reads', async () => {
    await call(engineer, '{ me { subject } }', {}, 'req-read-1');
    await entryFor('req-anon-1');
    const log = await call(auditor, LOG, { f: { subject: 'eli', operationType: 'QUERY', outcome: 'OK' } });
    expect(log.data!.accessLog.totalCount).toBe(0);
  });

  it('exports JSON Lines to admins and auditors, authenticated like /graphql and bounded', async () => {
    await entryFor('req-forbidden-1');
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const url = exportUrl();
    url.searchParams.set('from', from);
    const response = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.requestId)).toEqual(
      expect.arrayContaining(['req-mutation-1', 'req-forbidden-1', 'req-anon-1']),
    );
    expect(lines.find((l) => l.requestId === 'req-mutation-1')).toMatchObject({
      subject: 'eli',
      outcome: 'OK',
    });

    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    const forbidden = await fetch(url, { headers: { authorization: `Bearer ${engineer}` } });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as Answer).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooWide = exportUrl();
    tooWide.searchParams.set('from', '2020-01-01T00:00:00Z');
    const wide = await fetch(tooWide, { headers: { authorization: `Bearer ${auditor}` } });
    expect(wide.status).toBe(400);
    expect(((await wide.json()) as Answer).errors?.[0]?.message).toMatch(/at most 31 days/);
    const noFrom = await fetch(exportUrl(), { headers: { authorization: `Bearer ${auditor}` } });
    expect(noFrom.status).toBe(400);
  });
});

describe('the audit chain through the gateway', () => {
  it('chains refused attempts, and exports a file that verifies offline to auditors only', async () => {
    await entryFor('req-forbidden-1');
    const AUDIT = '{ auditLog(source: ACCESS_LOG, first: 100) { edges { node { subject type } } } }';
    let chained = false;
    for (let attempt = 0; attempt < 100 && !chained; attempt++) {
      const answer = await call(auditor, AUDIT);
      expect(answer.errors).toBeUndefined();
      chained = answer.data!.auditLog.edges.some(
        (e: { node: { subject: string } }) => e.node.subject === 'Request:req-forbidden-1',
      );
      if (!chained) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(chained).toBe(true);
    const verified = await call(auditor, '{ verifyAuditChain { valid checkedEntries } }');
    expect(verified.data!.verifyAuditChain).toMatchObject({ valid: true });

    const url = new URL('/audit/export', stack.gatewayUrl);
    const response = await fetch(url, { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const report = await verifyExport((await response.text()).split('\n'));
    expect(report).toMatchObject({ valid: true });
    expect(report.checkedEntries).toBeGreaterThan(0);

    const forbidden = await fetch(url, { headers: { authorization: `Bearer ${engineer}` } });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as Answer).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await fetch(url)).status).toBe(401);
    url.searchParams.set('from', 'x');
    expect((await fetch(url, { headers: { authorization: `Bearer ${auditor}` } })).status).toBe(400);
  });
});

describe('access requests through the gateway', () => {
  it('a person asks, a maintainer grants, and the role works on the next request', async () => {
    const newcomer = await oidcToken('nico', []);
    const asked = await call(
      newcomer,
      `mutation($i: RequestAccessInput!) { requestAccess(input: $i) { id status } }`,
      {
        i: { team: 'fraud-detection', role: 'CONTRIBUTOR', justification: 'I join the fraud squad' },
      },
    );
    expect(asked.errors).toBeUndefined();
    expect(code(await call(newcomer, REGISTER, { i: { team: 'fraud-detection', name: 'nico-1' } }))).toBe(
      'FORBIDDEN',
    );
    const inbox = await call(maintainer, '{ accessRequestInbox { id requesterEmail status } }');
    expect(inbox.data!.accessRequestInbox).toContainEqual({
      id: asked.data!.requestAccess.id,
      requesterEmail: 'nico@demo.cairn',
      status: 'OPEN',
    });
    const decided = await call(
      maintainer,
      `mutation($i: DecideAccessRequestInput!) { decideAccessRequest(input: $i) { status decisionComment } }`,
      { i: { id: asked.data!.requestAccess.id, decision: 'GRANT', comment: 'Welcome' } },
    );
    expect(decided.data!.decideAccessRequest).toEqual({ status: 'GRANTED', decisionComment: 'Welcome' });
    expect(
      (await call(newcomer, REGISTER, { i: { team: 'fraud-detection', name: 'nico-2' } })).errors,
    ).toBeUndefined();
    const mine = await call(newcomer, '{ myAccessRequests { status decisionComment } }');
    expect(mine.data!.myAccessRequests).toEqual([{ status: 'GRANTED', decisionComment: 'Welcome' }]);
  });
});
