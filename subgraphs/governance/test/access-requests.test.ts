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

const { maintainer, engineer, admin, recommender } = testPrincipals;
const gateway: Principal = {
  subject: 'cairn-gateway',
  kind: 'gateway',
  orgRoles: [],
  memberships: [],
  scopes: ['read'],
};

let governance: TestSubgraph;
let registry: TestSubgraph;

const FIELDS =
  'id team requesterSubject role modelId modelName justification status decidedBy decisionComment';
const REQUEST = `mutation($i: RequestAccessInput!) { requestAccess(input: $i) { ${FIELDS} } }`;
const DECIDE = `mutation($i: DecideAccessRequestInput!) { decideAccessRequest(input: $i) { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawAccessRequest(id: $id) { ${FIELDS} } }`;
const MINE = `query { myAccessRequests { ${FIELDS} } }`;
const INBOX = `query($t: String) { accessRequestInbox(team: $t) { ${FIELDS} } }`;
const MEMBERS = `query($t: String!) { teamMembers(team: $t, first: 100) { edges { node { subject role approver } } } }`;
const RESOLVE_CALLER = `mutation($c: GatewayCallerClaimsInput!) { resolveCaller(claims: $c) { memberships { team role approver } } }`;

// biome-ignore lint/suspicious/noExplicitAny: answers are checked with expect, field by field
type Answer = { data?: any; errors?: { extensions?: { code?: string } }[] };
const run = (query: string, variables: Record<string, unknown>, principal: Principal) =>
  governance.execute(query, variables, principal) as Promise<Answer>;
const code = (result: Answer) => result.errors?.[0]?.extensions?.code;

let people = 0;
async function newPerson(): Promise<Principal> {
  const n = ++people;
  const person: Principal = {
    subject: `asker-${n}`,
    kind: 'user',
    email: `asker-${n}@demo.cairn`,
    orgRoles: [],
    memberships: [],
    scopes: ['read', 'write', 'promote', 'admin'],
  };
  const signedIn = await run(
    RESOLVE_CALLER,
    { c: { subject: person.subject, kind: 'user', email: person.email, orgRoles: [], memberships: [] } },
    gateway,
  );
  expect(signedIn.errors).toBeUndefined();
  return person;
}

async function ask(person: Principal, input: Record<string, unknown> = {}): Promise<Answer> {
  return run(
    REQUEST,
    { i: { team: 'fraud-detection', role: 'CONTRIBUTOR', justification: 'I build the features', ...input } },
    person,
  );
}

const events = (type: string, requestId: string) =>
  countRows(governance.owner, `governance.event_log WHERE type = $1 AND subject_id = $2`, [
    `governance.${type}`,
    requestId,
  ]);

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ registry, subgraph: governance } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(governanceSubgraph, db.url, engineer),
  ));
}, 60_000);

describe('asking for access', () => {
  it('records the request and its event; one open request per person and team', async () => {
    const person = await newPerson();
    const asked = await ask(person);
    expect(asked.errors).toBeUndefined();
    expect(asked.data.requestAccess).toMatchObject({
      team: 'fraud-detection',
      requesterSubject: person.subject,
      role: 'CONTRIBUTOR',
      status: 'OPEN',
    });
    expect(await events('AccessRequested', asked.data.requestAccess.id)).toBe(1);
    expect(code(await ask(person, { role: 'VIEWER' }))).toBe('CONFLICT');
    expect((await ask(person, { team: 'recommendations' })).errors).toBeUndefined();
    const mine = await run(MINE, {}, person);
    expect(mine.data.myAccessRequests.map((r: { team: string }) => r.team)).toEqual([
      'recommendations',
      'fraud-detection',
    ]);
  });

  it('refuses unknown teams, roles already held, bad input, and callers that are not people', async () => {
    const person = await newPerson();
    expect(code(await ask(person, { team: 'no-such-team' }))).toBe('NOT_FOUND');
    expect(code(await ask(engineer, { role: 'VIEWER' }))).toBe('FAILED_PRECONDITION');
    expect(code(await ask(person, { justification: '' }))).toBe('BAD_USER_INPUT');
    expect(code(await ask(person, { justification: 'x'.repeat(1001) }))).toBe('BAD_USER_INPUT');
    expect(code(await ask(person, { team: 'Not A Slug' }))).toBe('BAD_USER_INPUT');
    expect(code(await ask({ ...person, kind: 'service' }))).toBe('FORBIDDEN');
    expect(code(await ask({ ...person, scopes: ['read'] }))).toBe('FORBIDDEN');
  });

  it('names a model only the caller can see; a private one they cannot is not found', async () => {
    const person = await newPerson();
    const internal = await registry.execute<{ registerModel: { id: string } }>(
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { team: 'fraud-detection', name: `asked-about-${people}`, visibility: 'INTERNAL' } },
      admin,
    );
    const hidden = await registry.execute<{ registerModel: { id: string } }>(
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { team: 'fraud-detection', name: `hidden-${people}`, visibility: 'PRIVATE' } },
      admin,
    );
    for (const model of [internal, hidden]) {
      expect(model.errors).toBeUndefined();
      const version = await registry.execute(
        'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
        { i: { modelId: model.data!.registerModel.id } },
        admin,
      );
      expect(version.errors).toBeUndefined();
    }
    const hiddenAnswer = await ask(person, { modelId: hidden.data!.registerModel.id });
    const unknownAnswer = await ask(person, { modelId: '7b2e4c1e-4a0e-4b7c-9d43-2f4b8c6a1e90' });
    expect(code(hiddenAnswer)).toBe('NOT_FOUND');
    expect(code(unknownAnswer)).toBe('NOT_FOUND');
    expect(
      code(await ask(person, { team: 'recommendations', modelId: internal.data!.registerModel.id })),
    ).toBe('NOT_FOUND');
    const named = await ask(person, { modelId: internal.data!.registerModel.id });
    expect(named.errors).toBeUndefined();
    expect(named.data.requestAccess).toMatchObject({
      modelId: internal.data!.registerModel.id,
      modelName: `asked-about-${people}`,
    });
  });
});

describe('answering a request', () => {
  it("lets the team's maintainers grant it, creating the membership in the same step", async () => {
    const person = await newPerson();
    const { id } = (await ask(person)).data.requestAccess;

    expect(code(await run(DECIDE, { i: { id, decision: 'GRANT', comment: 'ok' } }, recommender))).toBe(
      'FORBIDDEN',
    );
    expect(code(await run(DECIDE, { i: { id, decision: 'GRANT', comment: 'ok' } }, engineer))).toBe(
      'FORBIDDEN',
    );
    const inbox = await run(INBOX, { t: 'fraud-detection' }, maintainer);
    expect(inbox.data.accessRequestInbox.map((r: { id: string }) => r.id)).toContain(id);
    expect(code(await run(INBOX, { t: 'fraud-detection' }, recommender))).toBe('FORBIDDEN');

    const granted = await run(
      DECIDE,
      { i: { id, decision: 'GRANT', comment: 'Welcome aboard' } },
      maintainer,
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data.decideAccessRequest).toMatchObject({
      status: 'GRANTED',
      decidedBy: maintainer.email,
      decisionComment: 'Welcome aboard',
    });
    const members = await run(MEMBERS, { t: 'fraud-detection' }, maintainer);
    expect(members.data.teamMembers.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      subject: person.subject,
      role: 'CONTRIBUTOR',
      approver: false,
    });
    expect(await events('AccessRequestGranted', id)).toBe(1);
    expect(
      await countRows(
        governance.owner,
        `governance.event_log WHERE type = 'governance.TeamMembershipGranted' AND payload->>'subject' = $1`,
        [person.subject],
      ),
    ).toBe(1);
    // Answered once.
    expect(code(await run(DECIDE, { i: { id, decision: 'DENY', comment: 'no' } }, maintainer))).toBe(
      'FAILED_PRECONDITION',
    );
  });

  it('never lets a maintainer answer their own request', async () => {
    const lead: Principal = {
      ...(await newPerson()),
      memberships: [{ team: 'recommendations', role: 'maintainer', approver: false }],
    };
    const { id } = (await ask(lead)).data.requestAccess;
    const ownDecision = await run(
      DECIDE,
      { i: { id, decision: 'GRANT', comment: 'me' } },
      {
        ...lead,
        memberships: [...lead.memberships, { team: 'fraud-detection', role: 'maintainer', approver: false }],
      },
    );
    expect(code(ownDecision)).toBe('FORBIDDEN');
    expect(await events('AccessRequestGranted', id)).toBe(0);
  });

  it('records a denial with its comment; the requester sees it and no membership appears', async () => {
    const person = await newPerson();
    const { id } = (await ask(person)).data.requestAccess;
    const denied = await run(DECIDE, { i: { id, decision: 'DENY', comment: 'Ask your lead first' } }, admin);
    expect(denied.errors).toBeUndefined();
    const mine = await run(MINE, {}, person);
    expect(mine.data.myAccessRequests[0]).toMatchObject({
      id,
      status: 'DENIED',
      decisionComment: 'Ask your lead first',
    });
    expect(await events('AccessRequestDenied', id)).toBe(1);
    const members = await run(MEMBERS, { t: 'fraud-detection' }, maintainer);
    expect(
      members.data.teamMembers.edges.map((e: { node: { subject: string } }) => e.node.subject),
    ).not.toContain(person.subject);
  });

  it('does not demote: granting viewer to a managed contributor keeps contributor', async () => {
    const person = await newPerson();
    const first = (await ask(person, { role: 'CONTRIBUTOR' })).data.requestAccess.id;
    await run(DECIDE, { i: { id: first, decision: 'GRANT', comment: 'ok' } }, maintainer);
    // The gateway would merge the managed role into the caller's rights; here we ask as before.
    const second = (await ask(person, { role: 'VIEWER' })).data.requestAccess.id;
    const granted = await run(DECIDE, { i: { id: second, decision: 'GRANT', comment: 'ok' } }, maintainer);
    expect(granted.errors).toBeUndefined();
    const members = await run(MEMBERS, { t: 'fraud-detection' }, maintainer);
    expect(members.data.teamMembers.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      subject: person.subject,
      role: 'CONTRIBUTOR',
      approver: false,
    });
  });
});

describe('withdrawing a request', () => {
  it('is for the requester only, while it is open', async () => {
    const person = await newPerson();
    const other = await newPerson();
    const { id } = (await ask(person)).data.requestAccess;
    expect(code(await run(WITHDRAW, { id }, other))).toBe('NOT_FOUND');
    expect(code(await run(WITHDRAW, { id: 'not-a-uuid' }, person))).toBe('NOT_FOUND');
    const withdrawn = await run(WITHDRAW, { id }, person);
    expect(withdrawn.data.withdrawAccessRequest.status).toBe('WITHDRAWN');
    expect(await events('AccessRequestWithdrawn', id)).toBe(1);
    expect(code(await run(WITHDRAW, { id }, person))).toBe('FAILED_PRECONDITION');
    // Withdrawn, a new request may be made.
    expect((await ask(person)).errors).toBeUndefined();
  });

  it('keeps requests as records: no deletes, no rewrites of an answered one', async () => {
    await expect(governance.owner.query('DELETE FROM governance.access_request')).rejects.toThrow(/refused/);
    await expect(
      governance.owner.query(`UPDATE governance.access_request SET status = 'open' WHERE status <> 'open'`),
    ).rejects.toThrow(/refused/);
  });
});
