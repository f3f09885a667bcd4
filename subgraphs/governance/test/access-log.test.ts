import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';

const { maintainer, engineer, admin, auditor, executive } = testPrincipals;
const gateway: Principal = {
  subject: 'cairn-gateway',
  kind: 'gateway',
  orgRoles: [],
  memberships: [],
  scopes: ['read'],
};

let governance: TestSubgraph;

const RECORD = `mutation($e: [AccessEntryInput!]!) { recordAccess(entries: $e) }`;
const LOG = `query($f: AccessLogFilter, $first: Int, $after: String) {
  accessLog(filter: $f, first: $first, after: $after) {
    edges { cursor node { id occurredAt requestId subject email principalKind clientKind clientId operationType
      operationName rootFields outcome errorCodes remoteAddress userAgent } }
    pageInfo { hasNextPage endCursor } } }`;
const code = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;

let requests = 0;
function entry(overrides: Record<string, unknown> = {}) {
  return {
    occurredAt: new Date().toISOString(),
    requestId: `req-${++requests}`,
    subject: 'user-engineer',
    email: 'engineer@demo.cairn',
    principalKind: 'user',
    clientKind: 'oidc',
    clientId: 'cairn-portal',
    operationType: 'mutation',
    operationName: 'Register',
    rootFields: ['registerModel'],
    outcome: 'OK',
    errorCodes: [],
    remoteAddress: '10.0.0.1',
    userAgent: 'curl/8',
    ...overrides,
  };
}

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ subgraph: governance } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(governanceSubgraph, db.url, engineer),
  ));
}, 60_000);

describe('recording access', () => {
  it('takes entries from the gateway only', async () => {
    for (const principal of [admin, auditor, maintainer]) {
      expect(code(await governance.execute(RECORD, { e: [entry()] }, principal))).toBe('FORBIDDEN');
    }
    const recorded = await governance.execute<{ recordAccess: number }>(
      RECORD,
      {
        e: [
          entry(),
          entry({
            subject: null,
            email: null,
            principalKind: null,
            clientKind: null,
            clientId: null,
            outcome: 'UNAUTHENTICATED',
            errorCodes: ['UNAUTHENTICATED'],
          }),
        ],
      },
      gateway,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordAccess).toBe(2);
  });

  it('refuses malformed entries with BAD_USER_INPUT and bounds header text', async () => {
    expect(code(await governance.execute(RECORD, { e: [entry({ outcome: 'not a code' })] }, gateway))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await governance.execute(RECORD, { e: [entry({ occurredAt: 'yesterday' })] }, gateway))).toBe(
      'BAD_USER_INPUT',
    );
    const agent = `evil\u0000agent${'x'.repeat(1000)}`;
    const requestId = `req-${++requests}`;
    const rootFields = ['x'.repeat(500), ...Array.from({ length: 60 }, (_, i) => `f${i}`)];
    const recorded = await governance.execute(
      RECORD,
      { e: [entry({ requestId, userAgent: agent, rootFields })] },
      gateway,
    );
    expect(recorded.errors).toBeUndefined();
    const [row] = await governance.owner.query(
      'SELECT user_agent, root_fields FROM governance.access_log WHERE request_id = $1',
      [requestId],
    );
    expect(row.root_fields).toHaveLength(50);
    expect(row.root_fields[0]).toHaveLength(200);
    expect(row.user_agent).toHaveLength(256);
    expect(row.user_agent.startsWith('evil agent')).toBe(true);
  });

  it('is append-only, for the owner too', async () => {
    await expect(governance.owner.query(`UPDATE governance.access_log SET outcome = 'OK'`)).rejects.toThrow(
      /refused/,
    );
    await expect(governance.owner.query('DELETE FROM governance.access_log')).rejects.toThrow(/refused/);
    await expect(governance.owner.query('TRUNCATE governance.access_log')).rejects.toThrow(/refused/);
  });
});

describe('reading the access log', () => {
  it('answers platform admins and auditors only', async () => {
    for (const principal of [engineer, maintainer, executive]) {
      expect(code(await governance.execute(LOG, {}, principal))).toBe('FORBIDDEN');
    }
    for (const principal of [admin, auditor]) {
      const result = await governance.execute(LOG, { first: 5 }, principal);
      expect(result.errors).toBeUndefined();
    }
  });

  it('pages newest first and filters by subject, outcome, operation type and time', async () => {
    const subject = `user-pager-${Date.now()}`;
    const base = Date.now() - 60_000;
    const entries = Array.from({ length: 5 }, (_, i) =>
      entry({
        subject,
        occurredAt: new Date(base + i * 1000).toISOString(),
        outcome: i % 2 ? 'FORBIDDEN' : 'OK',
        errorCodes: i % 2 ? ['FORBIDDEN'] : [],
        operationType: i === 4 ? 'query' : 'mutation',
      }),
    );
    expect((await governance.execute(RECORD, { e: entries }, gateway)).errors).toBeUndefined();

    type Page = {
      accessLog: {
        edges: { cursor: string; node: { requestId: string; outcome: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof governance.execute<Page>>> = await governance.execute<Page>(
        LOG,
        { f: { subject }, first: 2, after },
        auditor,
      );
      expect(page.errors).toBeUndefined();
      seen.push(...page.data!.accessLog.edges.map((e) => e.node.requestId));
      after = page.data!.accessLog.pageInfo.hasNextPage ? page.data!.accessLog.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(entries.map((e) => e.requestId).reverse());

    const forbidden = await governance.execute<Page>(LOG, { f: { subject, outcome: 'FORBIDDEN' } }, admin);
    expect(forbidden.data!.accessLog.edges.map((e) => e.node.requestId)).toEqual([
      entries[3]!.requestId,
      entries[1]!.requestId,
    ]);
    const queries = await governance.execute<Page>(LOG, { f: { subject, operationType: 'QUERY' } }, admin);
    expect(queries.data!.accessLog.edges.map((e) => e.node.requestId)).toEqual([entries[4]!.requestId]);
    const window = await governance.execute<Page>(
      LOG,
      { f: { subject, from: entries[1]!.occurredAt, to: entries[3]!.occurredAt } },
      admin,
    );
    expect(window.data!.accessLog.edges.map((e) => e.node.requestId)).toEqual([
      entries[2]!.requestId,
      entries[1]!.requestId,
    ]);
  });

  it('refuses a bad page size or cursor with BAD_USER_INPUT', async () => {
    expect(code(await governance.execute(LOG, { first: 0 }, admin))).toBe('BAD_USER_INPUT');
    expect(code(await governance.execute(LOG, { first: 101 }, admin))).toBe('BAD_USER_INPUT');
    expect(code(await governance.execute(LOG, { after: 'bm90IGEgY3Vyc29y' }, admin))).toBe('BAD_USER_INPUT');
    expect(code(await governance.execute(LOG, { f: { from: 'soon' } }, admin))).toBe('BAD_USER_INPUT');
  });
});
