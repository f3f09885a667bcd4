import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyExport } from '@cairn/audit-chain';
import { DEV_IDENTITY_PRIVATE_KEY } from '@cairn/config';
import { governanceEvents, TypedEventLog } from '@cairn/events';
import { INTERNAL_IDENTITY_HEADER, InternalTokenSigner, type Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';
import { appendToChain } from '../src/services/audit/audit-store';

const { engineer, auditor, admin } = testPrincipals;
const gateway: Principal = {
  subject: 'cairn-gateway',
  kind: 'gateway',
  orgRoles: [],
  memberships: [],
  scopes: ['read'],
};

let governance: TestSubgraph;
let registry: TestSubgraph;

const LOG = `query($first: Int, $source: AuditSource, $type: String, $subject: String, $actor: String, $after: String) {
  auditLog(first: $first, source: $source, type: $type, subject: $subject, actor: $actor, after: $after) {
    edges { cursor node { seq source sourceId type subject actor occurredAt payload prevHash hash } }
    pageInfo { hasNextPage endCursor } } }`;
const VERIFY = `query($from: Int, $to: Int) { verifyAuditChain(from: $from, to: $to) {
  valid checkedEntries firstBrokenSeq reason lastCheckpoint { seq hash keyId signatureValid } } }`;
const CHECKPOINTS = '{ auditCheckpoints(first: 5) { seq hash keyId signatureValid } }';
const code = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;

interface Node {
  seq: number;
  source: string;
  sourceId: string;
  type: string;
  subject: string;
  actor: string | null;
  payload: Record<string, unknown>;
}

async function entries(variables: Record<string, unknown> = {}): Promise<Node[]> {
  const result = await governance.execute<{ auditLog: { edges: { node: Node }[] } }>(
    LOG,
    { first: 100, ...variables },
    auditor,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.auditLog.edges.map((e) => e.node);
}

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function verify(variables: Record<string, unknown> = {}) {
  const result = await governance.execute<{ verifyAuditChain: Record<string, unknown> }>(
    VERIFY,
    variables,
    auditor,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.verifyAuditChain;
}

async function exportText(principal: Principal, query = ''): Promise<Response> {
  const signer = new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60);
  return fetch(governance.url.replace(/\/graphql$/, `/audit/export${query}`), {
    headers: { [INTERNAL_IDENTITY_HEADER]: await signer.sign(principal, 'governance') },
  });
}

beforeAll(async () => {
  const db = await createTestDatabase();
  const keyDir = mkdtempSync(path.join(tmpdir(), 'cairn-audit-'));
  ({ registry, subgraph: governance } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(governanceSubgraph, db.url, engineer, {
      SIGNING_KEY_FILE: path.join(keyDir, 'signing.pem'),
      AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
    }),
  ));
}, 60_000);

describe('the audit chain', () => {
  it('chains events of several subgraphs and refused attempts from the access log', async () => {
    const [versionId] = await createVersions(registry, 1);
    await new TypedEventLog(governanceEvents).publish(governance.owner.manager, {
      type: 'governance.UserProvisioned',
      subjectId: randomUUID(),
      actor: 'user-newcomer',
      payload: { subject: 'user-newcomer', kind: 'user', email: 'newcomer@demo.cairn' },
    });
    const recorded = await governance.execute(
      'mutation($e: [AccessEntryInput!]!) { recordAccess(entries: $e) }',
      {
        e: ['OK', 'FORBIDDEN'].map((outcome, i) => ({
          occurredAt: new Date().toISOString(),
          requestId: `audit-req-${i}`,
          subject: 'user-engineer',
          operationType: 'mutation',
          operationName: 'Promote',
          rootFields: ['approvePromotion'],
          outcome,
          errorCodes: outcome === 'OK' ? [] : [outcome],
        })),
      },
      gateway,
    );
    expect(recorded.errors).toBeUndefined();

    const refused = await eventually(async () => {
      const found = await entries({ source: 'ACCESS_LOG' });
      return found.length > 0 && found;
    }, 'the refused attempt');
    expect(refused).toEqual([
      expect.objectContaining({
        type: 'access-log.AccessRefused',
        subject: 'Request:audit-req-1',
        actor: 'user-engineer',
        payload: expect.objectContaining({ outcome: 'FORBIDDEN', rootFields: ['approvePromotion'] }),
      }),
    ]);
    await eventually(
      async () => (await entries({ subject: `ModelVersion:${versionId}` })).length > 0,
      'registry',
    );
    await eventually(
      async () => (await entries({ type: 'governance.UserProvisioned' })).length > 0,
      'governance',
    );
    const all = await entries();
    expect(all.map((e) => e.seq)).toEqual([...Array(all.length).keys()].map((i) => all.length - i));
    expect(new Set(all.map((e) => e.source))).toEqual(new Set(['REGISTRY', 'GOVERNANCE', 'ACCESS_LOG']));
    expect(await verify()).toMatchObject({ valid: true, checkedEntries: all.length, firstBrokenSeq: null });
  });

  it('never forks under concurrent appends, and skips what it already chained', async () => {
    const drafts = Array.from({ length: 8 }, () =>
      Array.from({ length: 5 }, () => ({
        source: 'metrics',
        sourceId: randomUUID(),
        type: 'metrics.MetricLogged',
        subject: `ModelVersion:${randomUUID()}`,
        actor: 'user-engineer',
        occurredAt: new Date(),
        payload: { name: 'auc', value: Math.random() },
      })),
    );
    const counts = await Promise.all(
      drafts.map((batch) => governance.dataSource.transaction((manager) => appendToChain(manager, batch))),
    );
    expect(counts).toEqual(drafts.map(() => 5));
    const again = await governance.dataSource.transaction((manager) => appendToChain(manager, drafts[0]!));
    expect(again).toBe(0);
    const [{ n, max }] = await governance.owner.query(
      'SELECT count(*)::int AS n, max(seq)::int AS max FROM governance.audit_entry',
    );
    expect(n).toBe(max);
    expect(await verify()).toMatchObject({ valid: true, checkedEntries: n });
  });

  it('reports exactly the entry the database owner changed', async () => {
    const [target] = await entries({ type: 'governance.UserProvisioned' });
    const [{ payload }] = await governance.owner.query(
      'SELECT payload FROM governance.audit_entry WHERE seq = $1',
      [target!.seq],
    );
    const rewrite = async (text: string) => {
      await governance.owner.query(
        'ALTER TABLE governance.audit_entry DISABLE TRIGGER audit_entry_no_rewrite',
      );
      await governance.owner.query('UPDATE governance.audit_entry SET payload = $2 WHERE seq = $1', [
        target!.seq,
        text,
      ]);
      await governance.owner.query(
        'ALTER TABLE governance.audit_entry ENABLE TRIGGER audit_entry_no_rewrite',
      );
    };
    await expect(
      governance.dataSource.query('UPDATE governance.audit_entry SET actor = $1', ['x']),
    ).rejects.toThrow(/permission denied|refused/);
    await rewrite(payload.replace('newcomer@demo.cairn', 'someone@else'));
    try {
      expect(await verify()).toMatchObject({ valid: false, firstBrokenSeq: target!.seq, reason: /changed/ });
      expect(await verify({ from: target!.seq + 1 })).toMatchObject({ valid: true });
    } finally {
      await rewrite(payload);
    }
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('signs checkpoints of the head periodically; they verify', async () => {
    const checkpoints = await eventually(async () => {
      const result = await governance.execute<{ auditCheckpoints: Record<string, unknown>[] }>(
        CHECKPOINTS,
        {},
        admin,
      );
      expect(result.errors).toBeUndefined();
      return result.data!.auditCheckpoints.length > 0 && result.data!.auditCheckpoints;
    }, 'a checkpoint');
    expect(checkpoints[0]).toMatchObject({
      signatureValid: true,
      keyId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await verify()).lastCheckpoint).toMatchObject({ signatureValid: true });
  });

  it('exports JSON Lines that verify offline, and fail once a line is edited', async () => {
    const response = await exportText(auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await response.text()).trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      format: 'cairn-audit-export',
      version: 1,
      hashAlgorithm: 'sha256',
    });
    const report = await verifyExport(lines);
    expect(report).toMatchObject({ valid: true, firstBrokenSeq: null });
    expect(report.checkpoints.length).toBeGreaterThan(0);
    const edited = [...lines];
    edited[2] = edited[2]!.replace(/"actor":"[^"]*"/, '"actor":"mallory"');
    expect(edited[2]).not.toBe(lines[2]);
    expect(await verifyExport(edited)).toMatchObject({ valid: false, firstBrokenSeq: 2 });

    const slice = (await (await exportText(auditor, '?from=3&to=4')).text()).trimEnd().split('\n');
    expect(slice.filter((l) => l.includes('"kind":"entry"'))).toHaveLength(2);
    expect((await verifyExport(slice)).valid).toBe(true);
    const bad = await exportText(auditor, '?from=abc');
    expect(bad.status).toBe(400);
  });

  it('is for auditors and platform admins only', async () => {
    for (const query of [LOG, VERIFY, CHECKPOINTS]) {
      expect(code(await governance.execute(query, {}, engineer))).toBe('FORBIDDEN');
    }
    const refused = await exportText(engineer);
    expect(refused.status).toBe(403);
    expect(
      ((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('FORBIDDEN');
    expect((await governance.execute(VERIFY, {}, admin)).errors).toBeUndefined();
  });

  it('fails verification when a checkpoint is forged', async () => {
    const [head] = await entries({ first: 1 });
    const [real] = await governance.owner.query(
      'SELECT public_key_pem, key_id FROM governance.audit_checkpoint ORDER BY id DESC LIMIT 1',
    );
    await governance.owner.query(
      `INSERT INTO governance.audit_checkpoint (seq, hash, signed_at, signature, key_id, public_key_pem)
       SELECT seq, hash, now(), $2, 'forged-key', $3 FROM governance.audit_entry WHERE seq = $1`,
      [head!.seq, Buffer.from('not a signature').toString('base64'), real.public_key_pem],
    );
    const report = await verify();
    expect(report).toMatchObject({ valid: false, reason: /invalid signature/ });
    expect(report.lastCheckpoint).toMatchObject({ seq: head!.seq, signatureValid: false });
  });
});
