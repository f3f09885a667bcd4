import { gatewaySchema } from '@cairn/config';
import { startGateway } from '@cairn/gateway';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { createTestDatabase, postGraphQL, startTestIssuer, type TestIssuer } from '@cairn/testing';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * API tokens and managed memberships through the gateway, with real credentials: an OIDC issuer
 * of the test's own (so it can sign in any person with any groups), real `cairn_` tokens, and
 * no caller cache (`CALLER_CACHE_TTL_MS=0`), so each request sees the rights of the moment.
 */
let stack: RunningStack;
let owner: DataSource;
let testIssuer: TestIssuer;

const oidcToken = (subject: string, groups: string[]) => testIssuer.token(subject, groups);

// biome-ignore lint/suspicious/noExplicitAny: answers are checked with expect, field by field
type Answer = Awaited<ReturnType<typeof postGraphQL<Record<string, any>>>>;
function call(
  credential: string,
  query: string,
  variables: Record<string, unknown> = {},
  url?: string,
): Promise<Answer> {
  return postGraphQL(
    url ?? stack.gatewayUrl,
    { query, variables },
    {
      authorization: `Bearer ${credential}`,
      'user-agent': 'cairn-test/1.0',
    },
  );
}
const code = (answer: Answer) => answer.errors?.[0]?.extensions?.code;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const REGISTER = `mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }`;
const CREATE_TOKEN = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret token { id } } }`;
const GRANT = `mutation($i: GrantTeamMembershipInput!) { grantTeamMembership(input: $i) { subject role } }`;
let models = 0;
const register = (credential: string, team = 'fraud-detection') =>
  call(credential, REGISTER, { i: { team, name: `tokens-model-${++models}` } });

let admin: string;
let maintainer: string;

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
    },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  admin = await oidcToken('root', ['cairn-platform-admins']);
  maintainer = await oidcToken('mia', ['cairn-fraud-detection-maintainers']);
  for (const slug of ['fraud-detection', 'recommendations']) {
    const team = await call(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug, name: slug },
    });
    expect(team.errors).toBeUndefined();
  }
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await owner?.destroy();
  await testIssuer?.close();
});

describe('managed memberships through the gateway', () => {
  it('provisions a person at first sign-in; a maintainer grants them a role they can use at once', async () => {
    const newcomer = await oidcToken('nico', []);
    const me = await call(
      newcomer,
      '{ me { subject email memberships { team role } scopes client { kind id } } }',
    );
    expect(me.data!.me).toEqual({
      subject: 'nico',
      email: 'nico@demo.cairn',
      memberships: [],
      scopes: ['READ', 'WRITE', 'PROMOTE', 'ADMIN', 'SERVING_REPORT'],
      client: { kind: 'oidc', id: 'cairn-portal' },
    });
    const [account] = await owner.query('SELECT email FROM governance.user_account WHERE subject = $1', [
      'nico',
    ]);
    expect(account).toEqual({ email: 'nico@demo.cairn' });
    expect(code(await register(newcomer))).toBe('FORBIDDEN');

    const grant = { team: 'fraud-detection', email: 'nico@demo.cairn', role: 'CONTRIBUTOR' };
    expect(code(await call(newcomer, GRANT, { i: grant }))).toBe('FORBIDDEN');
    expect((await call(maintainer, GRANT, { i: grant })).errors).toBeUndefined();
    expect((await register(newcomer)).errors).toBeUndefined();
  });
});

describe('API tokens through the gateway', () => {
  it('acts with the token’s scopes: a read-only token reads and cannot write', async () => {
    const created = await call(maintainer, CREATE_TOKEN, {
      i: { name: 'dashboards', scopes: ['READ'], expiresAt: inDays(7) },
    });
    expect(created.errors).toBeUndefined();
    const { secret, token } = created.data!.createApiToken;
    const me = await call(secret, '{ me { subject scopes client { kind id } memberships { team role } } }');
    expect(me.status).toBe(200);
    expect(me.data!.me).toEqual({
      subject: 'mia',
      scopes: ['READ'],
      client: { kind: 'api-token', id: token.id },
      memberships: [{ team: 'fraud-detection', role: 'MAINTAINER' }],
    });
    expect(code(await register(secret))).toBe('FORBIDDEN');
    expect(
      code(await call(secret, CREATE_TOKEN, { i: { name: 'x', scopes: ['READ'], expiresAt: inDays(1) } })),
    ).toBe('FORBIDDEN');
    const [row] = await owner.query(
      'SELECT last_used_at, last_used_client FROM governance.api_token WHERE id = $1',
      [token.id],
    );
    expect(row.last_used_at).toBeInstanceOf(Date);
    expect(row.last_used_client).toMatch(/cairn-test\/1\.0/);
  });

  it('refuses a revoked token on the very next request, and an expired one, with 401', async () => {
    const created = await call(maintainer, CREATE_TOKEN, {
      i: { name: 'ci', scopes: ['READ', 'WRITE'], expiresAt: inDays(7) },
    });
    const { secret, token } = created.data!.createApiToken;
    expect((await register(secret)).errors).toBeUndefined();
    const revoked = await call(maintainer, 'mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', {
      id: token.id,
    });
    expect(revoked.errors).toBeUndefined();
    const refused = await call(secret, '{ teams { edges { node { slug } } } }');
    expect(refused.status).toBe(401);
    expect(code(refused)).toBe('UNAUTHENTICATED');

    const expiring = await owner.query(
      `INSERT INTO governance.api_token (name, owner_subject, scopes, secret_sha256, last_four, created_by, expires_at)
       VALUES ('old', 'mia', '{read}', sha256(convert_to($1, 'UTF8')), 'xxxx', 'test', now() + interval '300 milliseconds')
       RETURNING id`,
      [`cairn_pat_${'x'.repeat(43)}`],
    );
    expect(expiring).toHaveLength(1);
    expect((await call(`cairn_pat_${'x'.repeat(43)}`, '{ teams { edges { node { slug } } } }')).status).toBe(
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    const expired = await call(`cairn_pat_${'x'.repeat(43)}`, '{ teams { edges { node { slug } } } }');
    expect(expired.status).toBe(401);
    expect(code(expired)).toBe('UNAUTHENTICATED');
  });

  it('loses what its owner loses', async () => {
    const person = await oidcToken('pat', []);
    await call(person, '{ me { subject } }');
    await call(maintainer, GRANT, { i: { team: 'fraud-detection', subject: 'pat', role: 'CONTRIBUTOR' } });
    const { secret } = (
      await call(person, CREATE_TOKEN, {
        i: { name: 'laptop', scopes: ['READ', 'WRITE'], expiresAt: inDays(1) },
      })
    ).data!.createApiToken;
    expect((await register(secret)).errors).toBeUndefined();
    const revoke = await call(
      maintainer,
      'mutation($i: RevokeTeamMembershipInput!) { revokeTeamMembership(input: $i) { subject } }',
      { i: { team: 'fraud-detection', subject: 'pat' } },
    );
    expect(revoke.errors).toBeUndefined();
    expect(code(await register(secret))).toBe('FORBIDDEN');
  });

  it('acts as a service account with its team role, and is recorded as it', async () => {
    const account = await call(
      maintainer,
      'mutation($i: CreateServiceAccountInput!) { createServiceAccount(input: $i) { id subject } }',
      { i: { team: 'fraud-detection', name: 'nightly-training', role: 'CONTRIBUTOR' } },
    );
    expect(account.errors).toBeUndefined();
    const { id, subject } = account.data!.createServiceAccount;
    const { secret } = (
      await call(maintainer, CREATE_TOKEN, {
        i: { name: 'nightly', scopes: ['READ', 'WRITE'], expiresAt: inDays(30), serviceAccountId: id },
      })
    ).data!.createApiToken;
    expect(secret).toMatch(/^cairn_sat_[A-Za-z0-9_-]{43}$/);
    const registered = await register(secret);
    expect(registered.errors).toBeUndefined();
    const [event] = await owner.query(
      `SELECT actor FROM registry.event_log WHERE type = 'registry.ModelRegistered' AND subject_id = $1`,
      [registered.data!.registerModel.id],
    );
    expect(event.actor).toBe(subject);
    expect(code(await register(secret, 'recommendations'))).toBe('FORBIDDEN');
  });

  it('answers 503 for a token while governance is away, and serves OIDC callers with their claims', async () => {
    const config = gatewaySchema.parse({
      NODE_ENV: 'test',
      GATEWAY_PORT: '0',
      OIDC_ISSUER: testIssuer.issuer,
      OIDC_JWKS_URI: testIssuer.jwksUri,
      REGISTRY_URL: stack.subgraphUrls.registry,
      LINEAGE_URL: stack.subgraphUrls.lineage,
      GOVERNANCE_URL: 'http://127.0.0.1:9/graphql',
      METRICS_URL: stack.subgraphUrls.metrics,
    });
    const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
    try {
      const token = await call(
        `cairn_pat_${'z'.repeat(43)}`,
        '{ teams { edges { node { slug } } } }',
        {},
        gateway.url,
      );
      expect(token.status).toBe(503);
      expect(code(token)).toBe('SUBGRAPH_UNAVAILABLE');
      const person = await call(maintainer, '{ teams { edges { node { slug } } } }', {}, gateway.url);
      expect(person.status).toBe(200);
      expect(person.errors).toBeUndefined();
    } finally {
      await gateway.close();
    }
  });
});
