import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_IDENTITY_PRIVATE_KEY } from '@cairn/config';
import { INTERNAL_IDENTITY_HEADER, InternalTokenSigner, type Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  type GraphQLResponse,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Artifacts end to end in the registry: an upload in parts on the filesystem store, a version
 * naming its files with provenance and a card, the manifest, downloads with ranges and ETags,
 * and what is refused (other callers' uploads, digests not uploaded, sensitive data).
 */
const { admin, engineer, maintainer, viewer, recommender } = testPrincipals;
const PART = 5 * 1024 * 1024;
const signer = new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60);

let registry: TestSubgraph;
let base: string;
let artifactDir: string;
let modelId: string;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code ?? 'OK';
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

// biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the answers
async function ok<T = Record<string, any>>(principal: Principal, query: string, variables = {}) {
  const result = await registry.execute<T>(query, variables, principal);
  expect(result.errors, query).toBeUndefined();
  return result.data!;
}

async function http(principal: Principal, method: string, url: string, body?: Buffer, headers = {}) {
  return fetch(`${base}${url}`, {
    method,
    body,
    headers: { [INTERNAL_IDENTITY_HEADER]: await signer.sign(principal, 'registry'), ...headers },
  });
}

const BEGIN = `mutation($i: BeginArtifactUploadInput!) {
  beginArtifactUpload(input: $i) { alreadyStored upload { id partCount partSize parts { partNumber url size method } } } }`;
const COMPLETE = 'mutation($id: ID!) { completeArtifactUpload(id: $id) { sha256 size deduplicated } }';
const CREATE = `mutation($i: CreateModelVersionInput!) {
  createModelVersion(input: $i) { id version manifestDigest manifest
    files { totalCount edges { node { path digest size } } }
    card { intendedUse owners { name email } } cardCompleteness { complete missing }
    provenanceCompleteness { complete missing } } }`;

/** Uploads `bytes` for the model in parts through the registry's routes, as a client would. */
async function upload(principal: Principal, bytes: Buffer) {
  const { beginArtifactUpload } = await ok(principal, BEGIN, {
    i: { modelId, sha256: sha256(bytes), size: bytes.length, partSize: PART },
  });
  if (beginArtifactUpload.alreadyStored) return sha256(bytes);
  const { id, parts } = beginArtifactUpload.upload;
  for (const part of parts) {
    const offset = (part.partNumber - 1) * PART;
    const response = await http(principal, 'PUT', part.url, bytes.subarray(offset, offset + part.size));
    expect(response.status).toBe(200);
  }
  const { completeArtifactUpload } = await ok(principal, COMPLETE, { id });
  return completeArtifactUpload.sha256 as string;
}

async function counts() {
  const [row] = await registry.owner.query(
    `SELECT (SELECT count(*)::int FROM registry.model_version) AS versions,
            (SELECT count(*)::int FROM registry.model_version_file) AS files,
            (SELECT count(*)::int FROM registry.event_log) AS events`,
  );
  return row as { versions: number; files: number; events: number };
}

beforeAll(async () => {
  artifactDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-artifacts-'));
  registry = await startTestSubgraph(registrySubgraph, (await createTestDatabase()).url, admin, {
    ARTIFACT_DIR: artifactDir,
  });
  base = new URL(registry.url).origin;
  for (const slug of ['fraud-detection', 'recommendations']) {
    await ok(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug, name: slug },
    });
  }
  const { registerModel } = await ok(
    admin,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team: 'fraud-detection', name: 'with-artifacts', visibility: 'PRIVATE' },
    },
  );
  modelId = registerModel.id;
});

afterAll(async () => {
  await registry?.close();
  rmSync(artifactDir, { recursive: true, force: true });
});

describe('artifacts', () => {
  const weights = Buffer.alloc(PART * 2 + 1234, 7);
  const config = Buffer.from('{"layers": 12}');

  it('uploads in parts, registers a version with files, provenance and a card, and serves the bytes back', async () => {
    const weightsDigest = await upload(engineer, weights);
    const configDigest = await upload(engineer, config);
    expect(weightsDigest).toBe(sha256(weights));
    const { createModelVersion } = await ok(engineer, CREATE, {
      i: {
        modelId,
        files: [
          { path: 'weights/model.bin', sha256: weightsDigest },
          { path: 'config.json', sha256: configDigest },
        ],
        provenance: {
          code: { repositoryUrl: 'https://git.example.com/fraud/scorer.git', commit: 'a'.repeat(40) },
          seed: 42,
        },
        card: {
          intendedUse: 'Scoring card transactions.',
          owners: [{ name: 'Fraud team', email: 'fraud@example.com' }],
        },
      },
    });
    expect(createModelVersion.manifestDigest).toBe(sha256(Buffer.from(createModelVersion.manifest)));
    expect(JSON.parse(createModelVersion.manifest).files.map((f: { path: string }) => f.path)).toEqual([
      'config.json',
      'weights/model.bin',
    ]);
    expect(createModelVersion.files.totalCount).toBe(2);
    expect(createModelVersion.card.owners[0].email).toBe('fraud@example.com');
    expect(createModelVersion.provenanceCompleteness.complete).toBe(false);
    expect(createModelVersion.provenanceCompleteness.missing).toContain('containerImage.digest');

    const url = `/artifacts/versions/${createModelVersion.id}/files/weights/model.bin`;
    const whole = await http(viewer, 'GET', url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${weightsDigest}"`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(weights)).toBe(true);

    const ranged = await http(viewer, 'GET', url, undefined, { range: 'bytes=10-19' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 10-19/${weights.length}`);
    expect((await ranged.arrayBuffer()).byteLength).toBe(10);

    const unchanged = await http(viewer, 'GET', url, undefined, { 'if-none-match': `"${weightsDigest}"` });
    expect(unchanged.status).toBe(304);
    const beyond = await http(viewer, 'GET', url, undefined, { range: `bytes=${weights.length}-` });
    expect(beyond.status).toBe(416);

    // A private model's files are not there for a member of another team.
    const hidden = await http(recommender, 'GET', url);
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('deduplicates: the same bytes again need no upload', async () => {
    const { beginArtifactUpload } = await ok(engineer, BEGIN, {
      i: { modelId, sha256: sha256(config), size: config.length },
    });
    expect(beginArtifactUpload).toEqual({ alreadyStored: true, upload: null });
  });

  it('keeps an upload to the one who opened it', async () => {
    const bytes = Buffer.from('only mine');
    const { beginArtifactUpload } = await ok(engineer, BEGIN, {
      i: { modelId, sha256: sha256(bytes), size: bytes.length },
    });
    const { id, parts } = beginArtifactUpload.upload;
    const foreign = await http(maintainer, 'PUT', parts[0].url, bytes);
    expect(foreign.status).toBe(404);
    expect(codeOf(await registry.execute(COMPLETE, { id }, maintainer))).toBe('NOT_FOUND');
    expect(
      codeOf(await registry.execute('mutation($id: ID!) { abortArtifactUpload(id: $id) }', { id }, engineer)),
    ).toBe('OK');
    expect(readdirSync(path.join(artifactDir, 'uploads'))).toEqual([]);
  });

  it('refuses a completed upload whose bytes do not match, leaving nothing', async () => {
    const claimed = Buffer.from('what I said');
    const { beginArtifactUpload } = await ok(engineer, BEGIN, {
      i: { modelId, sha256: sha256(claimed), size: claimed.length },
    });
    const { id, parts } = beginArtifactUpload.upload;
    expect((await http(engineer, 'PUT', parts[0].url, Buffer.from('what I sent'))).status).toBe(200);
    expect(codeOf(await registry.execute(COMPLETE, { id }, engineer))).toBe('BAD_USER_INPUT');
    expect(readdirSync(path.join(artifactDir, 'uploads'))).toEqual([]);
  });

  it('refuses a version naming a digest never uploaded for the model, and one carrying a secret, writing nothing', async () => {
    const before = await counts();
    const unknown = await registry.execute(
      CREATE,
      { i: { modelId, files: [{ path: 'x.bin', sha256: `sha256:${'b'.repeat(64)}` }] } },
      engineer,
    );
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0]?.message).toContain('input.files.0.sha256');

    const secret = await registry.execute(
      CREATE,
      { i: { modelId, hyperparameters: { token: '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' } } },
      engineer,
    );
    expect(codeOf(secret)).toBe('BAD_USER_INPUT');
    expect(secret.errors?.[0]?.message).toContain('input.hyperparameters.token');
    expect(secret.errors?.[0]?.message).not.toContain('ghp_');

    const card = await registry.execute(
      CREATE,
      { i: { modelId, card: { limitations: 'Tested with card 4111 1111 1111 1111.' } } },
      engineer,
    );
    expect(codeOf(card)).toBe('BAD_USER_INPUT');
    expect(card.errors?.[0]?.message).toContain('input.card.limitations');
    expect(await counts()).toEqual(before);
  });

  it('refuses a model registered with personal data in its description', async () => {
    const result = await registry.execute(
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      {
        i: { team: 'fraud-detection', name: 'leaky', description: 'Ask jane.doe@example.com for the data.' },
      },
      engineer,
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('input.description');
  });
});
