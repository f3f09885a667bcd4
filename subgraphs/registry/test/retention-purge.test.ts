import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ArtifactStore, createArtifactStore } from '@cairn/artifact-store';
import { DEV_IDENTITY_PRIVATE_KEY } from '@cairn/config';
import { governanceSubgraph } from '@cairn/governance';
import { INTERNAL_IDENTITY_HEADER, InternalTokenSigner, type Principal } from '@cairn/identity';
import { RetentionService, registrySubgraph, VersionStageProjection } from '@cairn/registry';
import {
  COMPLETE_CARD,
  COMPLETE_PROVENANCE,
  createTestDatabase,
  type GraphQLResponse,
  migrateSubgraphs,
  promoteVersion,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Retention policies and the purge: only artifacts referenced solely by versions of models
 * archived past their team's policy go, never one held, aliased, in PRODUCTION or still used;
 * each purge is recorded and announced, and a purged file's download says it is gone. Stages
 * come from a governance subgraph on the same database, through its event log.
 */
const { admin, auditor, engineer, maintainer, viewer } = testPrincipals;
const signer = new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60);
const DAY = 86_400_000;
const SET_POLICY = `mutation($t: String!, $d: Int) {
  setRetentionPolicy(team: $t, policy: { purgeArchivedArtifactsAfterDays: $d }) {
    slug retentionPolicy { purgeArchivedArtifactsAfterDays updatedBy } } }`;

let registry: TestSubgraph;
let governance: TestSubgraph;
let retention: RetentionService;
let store: ArtifactStore;
let artifactDir: string;
let base: string;
let models = 0;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code ?? 'OK';
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const stored = async (digest: string) => (await store.stat(digest)) !== null;

// biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the answers
async function ok<T = Record<string, any>>(principal: Principal, query: string, variables = {}) {
  const result = await registry.execute<T>(query, variables, principal);
  expect(result.errors, query).toBeUndefined();
  return result.data!;
}

async function http(principal: Principal, method: string, url: string, body?: Buffer) {
  return fetch(`${base}${url}`, {
    method,
    body,
    headers: { [INTERNAL_IDENTITY_HEADER]: await signer.sign(principal, 'registry') },
  });
}

async function upload(modelId: string, bytes: Buffer) {
  const { beginArtifactUpload } = await ok(
    admin,
    `mutation($i: BeginArtifactUploadInput!) {
      beginArtifactUpload(input: $i) { alreadyStored upload { id parts { url } } } }`,
    { i: { modelId, sha256: sha256(bytes), size: bytes.length } },
  );
  if (beginArtifactUpload.alreadyStored) return sha256(bytes);
  const { id, parts } = beginArtifactUpload.upload;
  expect((await http(admin, 'PUT', parts[0].url, bytes)).status).toBe(200);
  await ok(admin, 'mutation($id: ID!) { completeArtifactUpload(id: $id) { sha256 } }', { id });
  return sha256(bytes);
}

async function model(team = 'fraud-detection') {
  const { registerModel } = await ok(
    admin,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team, name: `retained-${++models}`, license: 'MIT' },
    },
  );
  return registerModel.id as string;
}

/** A version whose one file holds `bytes`. */
async function versionWith(modelId: string, bytes: Buffer) {
  const digest = await upload(modelId, bytes);
  const { createModelVersion } = await ok(
    admin,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    {
      i: {
        modelId,
        files: [{ path: 'weights.bin', sha256: digest }],
        card: COMPLETE_CARD,
        provenance: COMPLETE_PROVENANCE,
      },
    },
  );
  return { versionId: createModelVersion.id as string, digest };
}

/** DEVELOPMENT → STAGING → PRODUCTION through governance's promotion requests. */
async function promote(versionId: string) {
  await promoteVersion(governance, versionId, 'STAGING');
  await promoteVersion(governance, versionId, 'PRODUCTION');
}

const archive = (modelId: string) =>
  ok(maintainer, 'mutation($m: ID!) { archiveModel(modelId: $m, reason: "retired") { id } }', { m: modelId });

async function recorded() {
  const [row] = await registry.owner.query(
    `SELECT (SELECT count(*)::int FROM registry.artifact_purge) AS purges,
            (SELECT count(*)::int FROM registry.retention_policy) AS policies,
            (SELECT count(*)::int FROM registry.housekeeping_history) AS history,
            (SELECT count(*)::int FROM registry.event_log) AS events`,
  );
  return row as Record<string, number>;
}

beforeAll(async () => {
  artifactDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-retention-'));
  const db = await createTestDatabase();
  // Governance's migrations read the registry's log, so the registry's go first.
  await migrateSubgraphs(db.url, [registrySubgraph, governanceSubgraph]);
  registry = await startTestSubgraph(registrySubgraph, db.url, admin, {
    ARTIFACT_DIR: artifactDir,
    SEARCH_ENGINE: 'postgres',
  });
  governance = await startTestSubgraph(governanceSubgraph, db.url, admin);
  base = new URL(registry.url).origin;
  store = createArtifactStore(registry.config);
  retention = new RetentionService(
    registry.dataSource,
    store,
    new VersionStageProjection(registry.dataSource),
  );
  for (const slug of ['fraud-detection', 'recommendations']) {
    await ok(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug, name: slug },
    });
  }
});

afterAll(async () => {
  await registry?.close();
  rmSync(artifactDir, { recursive: true, force: true });
});

describe('retention policies', () => {
  it('are set by the team’s maintainers, recorded and announced; bad input writes nothing', async () => {
    for (const who of [engineer, viewer, auditor]) {
      expect(codeOf(await registry.execute(SET_POLICY, { t: 'fraud-detection', d: 30 }, who))).toBe(
        'FORBIDDEN',
      );
    }
    const before = await recorded();
    for (const d of [0, -1, 36_501]) {
      const result = await registry.execute(SET_POLICY, { t: 'fraud-detection', d }, maintainer);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('purgeArchivedArtifactsAfterDays');
    }
    expect(codeOf(await registry.execute(SET_POLICY, { t: 'Not A Slug', d: 3 }, maintainer))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await registry.execute(SET_POLICY, { t: 'no-such-team', d: 3 }, admin))).toBe('NOT_FOUND');
    expect(await recorded()).toEqual(before);

    const set = await ok(maintainer, SET_POLICY, { t: 'recommendations', d: 30 });
    expect(set.setRetentionPolicy.retentionPolicy).toEqual({
      purgeArchivedArtifactsAfterDays: 30,
      updatedBy: 'maintainer@demo.cairn',
    });
    const dropped = await ok(maintainer, SET_POLICY, { t: 'recommendations', d: null });
    expect(dropped.setRetentionPolicy.retentionPolicy).toBeNull();
    const events = await registry.owner.query(
      `SELECT payload FROM registry.event_log WHERE type = 'registry.RetentionPolicySet' ORDER BY id`,
    );
    expect(events.map((e: { payload: unknown }) => e.payload)).toEqual([
      expect.objectContaining({
        teamSlug: 'recommendations',
        purgeArchivedArtifactsAfterDays: 30,
        previousDays: null,
      }),
      expect.objectContaining({
        teamSlug: 'recommendations',
        purgeArchivedArtifactsAfterDays: null,
        previousDays: 30,
      }),
    ]);
  });
});

describe('the purge', () => {
  it('deletes only what nothing protects, records and announces it, and downloads answer 410', async () => {
    await ok(maintainer, SET_POLICY, { t: 'fraud-detection', d: 30 });
    const archived = await model();
    const plain = await versionWith(archived, Buffer.from('plain weights'));
    const held = await versionWith(archived, Buffer.from('held weights'));
    const aliased = await versionWith(archived, Buffer.from('aliased weights'));
    const production = await versionWith(archived, Buffer.from('production weights'));
    const shared = await versionWith(archived, Buffer.from('shared weights'));
    // Another model, still in use, names the shared bytes too.
    const live = await model();
    await versionWith(live, Buffer.from('shared weights'));

    await ok(auditor, 'mutation($v: ID!) { placeLegalHold(versionId: $v, reason: "case 7") { id } }', {
      v: held.versionId,
    });
    await ok(engineer, 'mutation($i: SetModelAliasInput!) { setModelAlias(input: $i) { name } }', {
      i: { modelId: archived, alias: 'champion', versionId: aliased.versionId },
    });
    // Governance's stage reaches the registry through governance's log, in the background.
    await promote(production.versionId);
    await vi.waitFor(
      async () => {
        const [row] = await registry.owner.query(
          'SELECT stage FROM registry.version_stage WHERE model_version_id = $1',
          [production.versionId],
        );
        expect(row?.stage).toBe('PRODUCTION');
      },
      { timeout: 20_000, interval: 100 },
    );
    await archive(archived);

    // Not yet past the policy: nothing goes.
    expect(await retention.purgeExpiredArtifacts(new Date(Date.now() + 29 * DAY))).toEqual([]);
    const later = new Date(Date.now() + 31 * DAY);
    const purged = await retention.purgeExpiredArtifacts(later);
    expect(purged).toEqual([
      {
        digest: plain.digest,
        size: 13,
        modelVersionIds: [plain.versionId],
        policies: [{ teamSlug: 'fraud-detection', purgeArchivedArtifactsAfterDays: 30 }],
      },
    ]);
    expect(await stored(plain.digest)).toBe(false);
    for (const kept of [held, aliased, production, shared]) expect(await stored(kept.digest)).toBe(true);
    // Run again: nothing more, nothing recorded twice.
    expect(await retention.purgeExpiredArtifacts(later)).toEqual([]);

    const records = await registry.owner.query(
      'SELECT digest, size, model_version_ids FROM registry.artifact_purge',
    );
    expect(records).toEqual([{ digest: plain.digest, size: '13', model_version_ids: [plain.versionId] }]);
    const [event] = await registry.owner.query(
      `SELECT subject_type, subject_id, payload FROM registry.event_log WHERE type = 'registry.ArtifactPurged'`,
    );
    expect(event).toMatchObject({
      subject_type: 'Artifact',
      subject_id: plain.digest,
      payload: {
        digest: plain.digest,
        models: [{ modelId: archived, teamSlug: 'fraud-detection', visibility: 'INTERNAL' }],
      },
    });

    const gone = await http(viewer, 'GET', `/artifacts/versions/${plain.versionId}/files/weights.bin`);
    expect(gone.status).toBe(410);
    const body = (await gone.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
    expect(body.errors?.[0]?.message).toMatch(/purged/);
    const still = await http(viewer, 'GET', `/artifacts/versions/${shared.versionId}/files/weights.bin`);
    expect(still.status).toBe(200);
    await still.arrayBuffer();

    // Lifting what protected a version lets the next purge take it.
    await ok(admin, 'mutation($v: ID!) { releaseLegalHold(versionId: $v, reason: "settled") { id } }', {
      v: held.versionId,
    });
    expect((await retention.purgeExpiredArtifacts(later)).map((p) => p.digest)).toEqual([held.digest]);
  });

  it('spares a version whose stage event was quarantined: its stage is unknown', async () => {
    const archived = await model();
    const unknown = await versionWith(archived, Buffer.from('weights of unknown stage'));
    const plain = await versionWith(archived, Buffer.from('weights in development'));
    // Written as the owner: governance's own code could not publish it past its contract.
    await registry.owner.query(
      `INSERT INTO governance.event_log (type, subject_type, subject_id, actor, payload)
       VALUES ('governance.StageTransitioned', 'ModelVersion', $1, 'mallory', $2)`,
      [unknown.versionId, JSON.stringify({ modelVersionId: unknown.versionId, to: 'LIMBO' })],
    );
    await vi.waitFor(
      async () => {
        const rows = await registry.owner.query(
          `SELECT 1 FROM registry.event_quarantine WHERE consumer = 'version-stage' AND subject_id = $1`,
          [unknown.versionId],
        );
        expect(rows).toHaveLength(1);
      },
      { timeout: 20_000, interval: 100 },
    );
    await archive(archived);
    const digests = (await retention.purgeExpiredArtifacts(new Date(Date.now() + 31 * DAY))).map(
      (p) => p.digest,
    );
    expect(digests).toContain(plain.digest);
    expect(digests).not.toContain(unknown.digest);
    expect(await stored(unknown.digest)).toBe(true);
  });

  it('purges nothing of a team without a policy, or of a model unarchived since', async () => {
    const unmanaged = await model('recommendations');
    const version = await versionWith(unmanaged, Buffer.from('recommender weights'));
    await archive(unmanaged);
    const back = await model();
    const kept = await versionWith(back, Buffer.from('back in use'));
    await archive(back);
    await ok(maintainer, 'mutation($m: ID!) { unarchiveModel(modelId: $m) { id } }', { m: back });
    const digests = (await retention.purgeExpiredArtifacts(new Date(Date.now() + 1000 * DAY))).map(
      (p) => p.digest,
    );
    expect(digests).not.toContain(version.digest);
    expect(digests).not.toContain(kept.digest);
  });
});
