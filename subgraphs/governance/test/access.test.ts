import { createHash } from 'node:crypto';
import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  countRows,
  createTestDatabase,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';

const { maintainer, engineer, admin, auditor, outsider } = testPrincipals;
const gateway: Principal = {
  subject: 'cairn-gateway',
  kind: 'gateway',
  orgRoles: [],
  memberships: [],
  scopes: ['read'],
};

let governance: TestSubgraph;

const GRANT = `mutation($i: GrantTeamMembershipInput!) { grantTeamMembership(input: $i) { id team subject email role approver grantedBy } }`;
const REVOKE = `mutation($i: RevokeTeamMembershipInput!) { revokeTeamMembership(input: $i) { subject role } }`;
const MEMBERS = `query($t: String!) { teamMembers(team: $t, first: 100) { edges { node { subject role approver } } } }`;
const RESOLVE_CALLER = `mutation($c: GatewayCallerClaimsInput!) { resolveCaller(claims: $c) { memberships { team role approver } } }`;
const RESOLVE_TOKEN = `mutation($t: GatewayApiTokenInput!) { resolveApiToken(token: $t) { kind subject email orgRoles memberships { team role approver } scopes tokenId } }`;
const CREATE_TOKEN = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret token { id name hint scopes ownerSubject serviceAccountId expiresAt lastUsedAt lastUsedClient revokedAt } } }`;
const REVOKE_TOKEN = `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt revokedBy } }`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const code = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;

let people = 0;
/** Someone who signed in through the gateway once, with no rights from the identity provider. */
async function newPerson(): Promise<Principal> {
  const n = ++people;
  const person: Principal = {
    subject: `person-${n}`,
    kind: 'user',
    email: `person-${n}@demo.cairn`,
    orgRoles: [],
    memberships: [],
    scopes: ['read', 'write', 'promote', 'admin'],
  };
  await signIn(person);
  return person;
}

async function signIn(person: Principal) {
  const claims = {
    subject: person.subject,
    kind: person.kind,
    email: person.email,
    orgRoles: person.orgRoles,
    memberships: person.memberships,
  };
  const result = await governance.execute<{ resolveCaller: { memberships: Principal['memberships'] } }>(
    RESOLVE_CALLER,
    { c: claims },
    gateway,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.resolveCaller.memberships;
}

async function createToken(owner: Principal, input: Record<string, unknown> = {}) {
  const result = await governance.execute<{
    createApiToken: { secret: string; token: Record<string, unknown> & { id: string } };
  }>(CREATE_TOKEN, { i: { name: 'ci', scopes: ['READ'], expiresAt: inDays(30), ...input } }, owner);
  expect(result.errors).toBeUndefined();
  return result.data!.createApiToken;
}

function resolveToken(secret: string, client = '10.0.0.1 curl/8') {
  return governance.execute<{ resolveApiToken: Record<string, unknown> }>(
    RESOLVE_TOKEN,
    { t: { secret, client } },
    gateway,
  );
}

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ subgraph: governance } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(governanceSubgraph, db.url, engineer),
  ));
}, 60_000);

describe('first sign-in and the gateway-only fields', () => {
  it('provisions the account once, with the rights the identity provider gave', async () => {
    const person = await newPerson();
    await signIn(person);
    const [account] = await governance.owner.query(
      'SELECT kind, email, claim_rights FROM governance.user_account WHERE subject = $1',
      [person.subject],
    );
    expect(account).toMatchObject({ kind: 'user', email: person.email });
    expect(
      await countRows(
        governance.owner,
        `governance.event_log WHERE type = 'governance.UserProvisioned' AND subject_id = $1`,
        [person.subject],
      ),
    ).toBe(1);
  });

  it('answers resolveCaller and resolveApiToken only to the gateway', async () => {
    for (const principal of [admin, maintainer]) {
      const caller = await governance.execute(
        RESOLVE_CALLER,
        { c: { subject: 'x', kind: 'user', orgRoles: ['platform-admin'], memberships: [] } },
        principal,
      );
      expect(code(caller)).toBe('FORBIDDEN');
      expect(code(await governance.execute(RESOLVE_TOKEN, { t: { secret: 'cairn_pat_x' } }, principal))).toBe(
        'FORBIDDEN',
      );
    }
  });
});

describe('memberships managed in Cairn', () => {
  it('lets a maintainer grant a membership by email; the member gains it at the next resolution', async () => {
    const member = await newPerson();
    const granted = await governance.execute(
      GRANT,
      { i: { team: 'fraud-detection', email: member.email, role: 'CONTRIBUTOR', approver: false } },
      maintainer,
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantTeamMembership).toMatchObject({ subject: member.subject, role: 'CONTRIBUTOR' });
    expect(await signIn(member)).toEqual([{ team: 'fraud-detection', role: 'contributor', approver: false }]);
    const members = await governance.execute<{ teamMembers: { edges: { node: { subject: string } }[] } }>(
      MEMBERS,
      { t: 'fraud-detection' },
      engineer,
    );
    expect(members.data!.teamMembers.edges.map((e) => e.node.subject)).toContain(member.subject);
    expect(code(await governance.execute(MEMBERS, { t: 'fraud-detection' }, outsider))).toBe('FORBIDDEN');
    expect(code(await governance.execute(MEMBERS, { t: 'fraud-detection' }, auditor))).toBeUndefined();
  });

  it('refuses non-maintainers, maintainers of other teams, read-only credentials and self-grants', async () => {
    const member = await newPerson();
    const input = { team: 'fraud-detection', subject: member.subject, role: 'MAINTAINER' };
    expect(code(await governance.execute(GRANT, { i: input }, engineer))).toBe('FORBIDDEN');
    expect(
      code(await governance.execute(GRANT, { i: { ...input, team: 'search-ranking' } }, maintainer)),
    ).toBe('FORBIDDEN');
    const readOnly = { ...maintainer, scopes: ['read' as const] };
    expect(code(await governance.execute(GRANT, { i: input }, readOnly))).toBe('FORBIDDEN');
    const self = { ...input, subject: maintainer.subject, approver: true };
    expect(code(await governance.execute(GRANT, { i: self }, maintainer))).toBe('FORBIDDEN');
    expect(code(await governance.execute(GRANT, { i: { ...input, team: 'no-such-team' } }, admin))).toBe(
      'NOT_FOUND',
    );
    expect(code(await governance.execute(GRANT, { i: { ...input, email: 'a@b.c' } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('keeps the history of a changed membership and refuses to rewrite it, even as the owner', async () => {
    const member = await newPerson();
    for (const role of ['VIEWER', 'CONTRIBUTOR']) {
      const result = await governance.execute(
        GRANT,
        { i: { team: 'recommendations', subject: member.subject, role } },
        maintainer,
      );
      expect(result.errors).toBeUndefined();
    }
    const rows = await governance.owner.query(
      'SELECT role, revoked_by FROM governance.team_membership WHERE subject = $1 ORDER BY granted_at',
      [member.subject],
    );
    expect(rows).toEqual([
      { role: 'viewer', revoked_by: maintainer.email },
      { role: 'contributor', revoked_by: null },
    ]);
    await expect(
      governance.owner.query('DELETE FROM governance.team_membership WHERE subject = $1', [member.subject]),
    ).rejects.toThrow(/refused/);
    await expect(
      governance.owner.query(`UPDATE governance.team_membership SET role = 'maintainer' WHERE subject = $1`, [
        member.subject,
      ]),
    ).rejects.toThrow(/refused/);
  });

  it('never leaves a team without a managed maintainer, unless a platform admin says so', async () => {
    const lead = await newPerson();
    const grant = await governance.execute(
      GRANT,
      { i: { team: 'search-ranking', subject: lead.subject, role: 'MAINTAINER' } },
      admin,
    );
    expect(grant.errors).toBeUndefined();
    const byMaintainer = {
      ...outsider,
      memberships: [{ team: 'search-ranking', role: 'maintainer' as const, approver: false }],
    };
    const refused = await governance.execute(
      REVOKE,
      { i: { team: 'search-ranking', subject: lead.subject } },
      byMaintainer,
    );
    expect(code(refused)).toBe('FAILED_PRECONDITION');
    const revoked = await governance.execute(
      REVOKE,
      { i: { team: 'search-ranking', subject: lead.subject } },
      admin,
    );
    expect(revoked.errors).toBeUndefined();
    expect(await signIn(lead)).toEqual([]);
  });
});

describe('API tokens', () => {
  it('shows the secret once and stores only its SHA-256', async () => {
    const owner = await newPerson();
    const { secret, token } = await createToken(owner);
    expect(secret).toMatch(/^cairn_pat_[A-Za-z0-9_-]{43}$/);
    expect(token.hint).toBe(`cairn_pat_…${secret.slice(-4)}`);
    const listed = await governance.execute<{ apiTokens: { edges: { node: unknown }[] } }>(
      '{ apiTokens(first: 10) { edges { node { id hint } } } }',
      {},
      owner,
    );
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.data!.apiTokens.edges.map((e) => e.node)).toEqual([{ id: token.id, hint: token.hint }]);
    const [row] = await governance.owner.query('SELECT * FROM governance.api_token WHERE id = $1', [
      token.id,
    ]);
    expect(JSON.stringify(row)).not.toContain(secret.slice(10));
    expect(row.secret_sha256.equals(createHash('sha256').update(secret).digest())).toBe(true);
    const others = await governance.execute<{ apiTokens: { edges: unknown[] } }>(
      '{ apiTokens(first: 10) { edges { node { id } } } }',
      {},
      await newPerson(),
    );
    expect(others.data!.apiTokens.edges).toEqual([]);
  });

  it('resolves a token to its owner with its scopes, and records its last use', async () => {
    const owner = await newPerson();
    await governance.execute(
      GRANT,
      { i: { team: 'fraud-detection', subject: owner.subject, role: 'CONTRIBUTOR' } },
      maintainer,
    );
    const { secret, token } = await createToken(owner, { scopes: ['READ', 'WRITE'] });
    const resolved = await resolveToken(secret);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data!.resolveApiToken).toMatchObject({
      kind: 'user',
      subject: owner.subject,
      scopes: ['read', 'write'],
      tokenId: token.id,
      memberships: [{ team: 'fraud-detection', role: 'contributor', approver: false }],
    });
    const [row] = await governance.owner.query(
      'SELECT last_used_at, last_used_client FROM governance.api_token WHERE id = $1',
      [token.id],
    );
    expect(row.last_used_at).not.toBeNull();
    expect(row.last_used_client).toBe('10.0.0.1 curl/8');
  });

  it('refuses unknown, expired and revoked tokens alike, from the very next call', async () => {
    const owner = await newPerson();
    const { secret, token } = await createToken(owner);
    expect((await resolveToken(secret)).errors).toBeUndefined();
    const revoked = await governance.execute(REVOKE_TOKEN, { id: token.id }, owner);
    expect(revoked.errors).toBeUndefined();
    const expiredSecret = `cairn_pat_${'e'.repeat(43)}`;
    await governance.owner.query(
      `INSERT INTO governance.api_token (name, owner_subject, scopes, secret_sha256, last_four, created_by, expires_at)
       VALUES ('old', $1, '{read}', $2, 'eeee', 'test', now() - interval '1 second')`,
      [owner.subject, createHash('sha256').update(expiredSecret).digest()],
    );
    for (const refused of [secret, expiredSecret, `cairn_pat_${'u'.repeat(43)}`, 'cairn_pat_short']) {
      const result = await resolveToken(refused);
      expect(code(result)).toBe('UNAUTHENTICATED');
      expect(result.errors![0]!.message).toBe('The API token is invalid, expired or revoked');
    }
    expect(code(await governance.execute(REVOKE_TOKEN, { id: token.id }, await newPerson()))).toBe(
      'NOT_FOUND',
    );
  });

  it('never gives a token more than its creator holds, nor a lifetime over a year', async () => {
    const owner = await newPerson();
    const readOnly = { ...owner, scopes: ['read' as const, 'admin' as const] };
    const wider = await governance.execute(
      CREATE_TOKEN,
      { i: { name: 'x', scopes: ['WRITE'], expiresAt: inDays(1) } },
      readOnly,
    );
    expect(code(wider)).toBe('FORBIDDEN');
    const noAdmin = { ...owner, scopes: ['read' as const] };
    expect(
      code(
        await governance.execute(
          CREATE_TOKEN,
          { i: { name: 'x', scopes: ['READ'], expiresAt: inDays(1) } },
          noAdmin,
        ),
      ),
    ).toBe('FORBIDDEN');
    for (const expiresAt of [inDays(366), inDays(-1), 'tomorrow']) {
      const result = await governance.execute(
        CREATE_TOKEN,
        { i: { name: 'x', scopes: ['READ'], expiresAt } },
        owner,
      );
      expect(code(result)).toBe('BAD_USER_INPUT');
    }
  });

  it('drops a membership from the token when its owner loses it', async () => {
    const owner = await newPerson();
    await governance.execute(
      GRANT,
      { i: { team: 'fraud-detection', subject: owner.subject, role: 'CONTRIBUTOR' } },
      maintainer,
    );
    const { secret } = await createToken(owner, { scopes: ['READ', 'WRITE'] });
    await governance.execute(REVOKE, { i: { team: 'fraud-detection', subject: owner.subject } }, maintainer);
    const resolved = await resolveToken(secret);
    expect(resolved.data!.resolveApiToken.memberships).toEqual([]);
  });

  it('acts as a service account with its team role', async () => {
    const created = await governance.execute<{ createServiceAccount: { id: string; subject: string } }>(
      'mutation($i: CreateServiceAccountInput!) { createServiceAccount(input: $i) { id subject team name } }',
      { i: { team: 'fraud-detection', name: 'training-pipeline', role: 'CONTRIBUTOR' } },
      maintainer,
    );
    expect(created.errors).toBeUndefined();
    const account = created.data!.createServiceAccount;
    const again = await governance.execute(
      'mutation($i: CreateServiceAccountInput!) { createServiceAccount(input: $i) { id } }',
      { i: { team: 'fraud-detection', name: 'Training-Pipeline', role: 'VIEWER' } },
      maintainer,
    );
    expect(code(again)).toBe('CONFLICT');
    const forOtherTeam = await governance.execute(
      CREATE_TOKEN,
      { i: { name: 'x', scopes: ['READ'], expiresAt: inDays(1), serviceAccountId: account.id } },
      { ...outsider, memberships: [{ team: 'search-ranking', role: 'maintainer', approver: false }] },
    );
    expect(code(forOtherTeam)).toBe('FORBIDDEN');
    const { secret, token } = await createToken(maintainer, {
      scopes: ['READ', 'WRITE'],
      serviceAccountId: account.id,
    });
    expect(secret).toMatch(/^cairn_sat_/);
    expect(token.ownerSubject).toBeNull();
    const resolved = await resolveToken(secret);
    expect(resolved.data!.resolveApiToken).toMatchObject({
      kind: 'service',
      subject: account.subject,
      memberships: [{ team: 'fraud-detection', role: 'contributor', approver: false }],
    });
    const listed = await governance.execute<{ apiTokens: { edges: { node: { id: string } }[] } }>(
      '{ apiTokens(first: 100) { edges { node { id } } } }',
      {},
      maintainer,
    );
    expect(listed.data!.apiTokens.edges.map((e) => e.node.id)).toContain(token.id);
  });
});
