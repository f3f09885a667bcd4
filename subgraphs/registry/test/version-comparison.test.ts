import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
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
 * `compareModelVersions`: versions with files, provenance and cards lined up against the first;
 * visibility exactly as `modelVersion(id)`; 2–10 ids of one model.
 */
const { admin, engineer, viewer, outsider, executive, auditor } = testPrincipals;
const signer = new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60);

const COMPARE = /* GraphQL */ `
  query($ids: [ID!]!, $only: Boolean) {
    compareModelVersions(versionIds: $ids, onlyDifferences: $only) {
      versionIds onlyDifferences versions { id version }
      hyperparameters { key values same }
      provenance { key values same }
      dependencies { ecosystem name versions changes }
      dependencyChanges { versionId added { name version } removed { name version } changed { name from to } }
      artifacts { path digests sizes changes }
      card { key values same }
    }
  }`;

let registry: TestSubgraph;
let artifactDir: string;
let models = 0;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code ?? 'OK';
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

// biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the answers
async function ok<T = Record<string, any>>(principal: Principal, query: string, variables = {}) {
  const result = await registry.execute<T>(query, variables, principal);
  expect(result.errors, query).toBeUndefined();
  return result.data!;
}

async function register(team = 'fraud-detection', visibility = 'INTERNAL'): Promise<string> {
  const { registerModel } = await ok(
    admin,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    { i: { team, name: `compared-${++models}`, visibility } },
  );
  return registerModel.id;
}

async function upload(modelId: string, bytes: Buffer): Promise<string> {
  const { beginArtifactUpload } = await ok(
    admin,
    `mutation($i: BeginArtifactUploadInput!) {
       beginArtifactUpload(input: $i) { alreadyStored upload { id parts { url } } } }`,
    { i: { modelId, sha256: sha256(bytes), size: bytes.length } },
  );
  if (beginArtifactUpload.alreadyStored) return sha256(bytes);
  const { id, parts } = beginArtifactUpload.upload;
  const response = await fetch(`${new URL(registry.url).origin}${parts[0].url}`, {
    method: 'PUT',
    body: bytes,
    headers: { [INTERNAL_IDENTITY_HEADER]: await signer.sign(admin, 'registry') },
  });
  expect(response.status).toBe(200);
  await ok(admin, 'mutation($id: ID!) { completeArtifactUpload(id: $id) { sha256 } }', { id });
  return sha256(bytes);
}

async function version(modelId: string, input: Record<string, unknown> = {}): Promise<string> {
  const { createModelVersion } = await ok(
    admin,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    { i: { modelId, ...input } },
  );
  return createModelVersion.id;
}

const compare = (principal: Principal, ids: string[], only?: boolean) =>
  registry.execute<{ compareModelVersions: Record<string, unknown> }>(COMPARE, { ids, only }, principal);

beforeAll(async () => {
  artifactDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-compare-'));
  registry = await startTestSubgraph(registrySubgraph, (await createTestDatabase()).url, admin, {
    ARTIFACT_DIR: artifactDir,
    SEARCH_ENGINE: 'postgres',
  });
  for (const slug of ['fraud-detection', 'recommendations', 'search-ranking']) {
    await ok(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug, name: slug },
    });
  }
});

afterAll(async () => {
  await registry?.close();
  rmSync(artifactDir, { recursive: true, force: true });
});

describe('compareModelVersions', () => {
  it('lines up hyperparameters, provenance, packages, artifacts and cards against the first version', async () => {
    const modelId = await register();
    const config = await upload(modelId, Buffer.from('{"layers": 12}'));
    const weightsV1 = await upload(modelId, Buffer.from('weights one'));
    const weightsV2 = await upload(modelId, Buffer.from('weights two'));
    const tokenizer = await upload(modelId, Buffer.from('tokenizer'));
    const code = (commit: string) => ({ repositoryUrl: 'https://git.example.com/fraud.git', commit });
    const pkg = (name: string, v: string) => ({ ecosystem: 'pypi', name, version: v });
    const v1 = await version(modelId, {
      hyperparameters: { lr: 0.1, depth: 6 },
      files: [
        { path: 'config.json', sha256: config },
        { path: 'model.bin', sha256: weightsV1 },
      ],
      provenance: {
        code: code('a'.repeat(40)),
        seed: 1,
        dependencies: { packages: [pkg('numpy', '1.26.4'), pkg('torch', '2.2.0'), pkg('pandas', '2.1.0')] },
      },
      card: { intendedUse: 'Scoring.', limitations: 'Cards only.' },
    });
    const v2 = await version(modelId, {
      hyperparameters: { lr: 0.05, depth: 6 },
      files: [
        { path: 'config.json', sha256: config },
        { path: 'model.bin', sha256: weightsV2 },
        { path: 'tokenizer.json', sha256: tokenizer },
      ],
      provenance: {
        code: code('b'.repeat(40)),
        seed: 1,
        dependencies: { packages: [pkg('numpy', '1.26.4'), pkg('torch', '2.3.1'), pkg('scipy', '1.13.0')] },
      },
      card: { intendedUse: 'Scoring card payments.', limitations: 'Cards only.' },
    });

    const { compareModelVersions: diff } = await ok(viewer, COMPARE, { ids: [v1, v2] });
    expect(diff.versionIds).toEqual([v1, v2]);
    expect(diff.onlyDifferences).toBe(true);
    expect(diff.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(diff.hyperparameters).toEqual([{ key: 'lr', values: [0.1, 0.05], same: false }]);
    expect(diff.provenance).toEqual([
      { key: 'code.commit', values: ['a'.repeat(40), 'b'.repeat(40)], same: false },
    ]);
    expect(diff.dependencies).toEqual([
      { ecosystem: 'pypi', name: 'pandas', versions: ['2.1.0', null], changes: ['SAME', 'REMOVED'] },
      { ecosystem: 'pypi', name: 'scipy', versions: [null, '1.13.0'], changes: ['SAME', 'ADDED'] },
      { ecosystem: 'pypi', name: 'torch', versions: ['2.2.0', '2.3.1'], changes: ['SAME', 'CHANGED'] },
    ]);
    expect(diff.dependencyChanges).toEqual([
      {
        versionId: v2,
        added: [{ name: 'scipy', version: '1.13.0' }],
        removed: [{ name: 'pandas', version: '2.1.0' }],
        changed: [{ name: 'torch', from: '2.2.0', to: '2.3.1' }],
      },
    ]);
    expect(diff.artifacts).toEqual([
      { path: 'model.bin', digests: [weightsV1, weightsV2], sizes: [11, 11], changes: ['SAME', 'CHANGED'] },
      { path: 'tokenizer.json', digests: [null, tokenizer], sizes: [null, 9], changes: ['SAME', 'ADDED'] },
    ]);
    expect(diff.card).toEqual([
      { key: 'intendedUse', values: ['Scoring.', 'Scoring card payments.'], same: false },
    ]);

    // Everything, agreeing rows included, and the baseline is whichever comes first.
    const all = (await ok(viewer, COMPARE, { ids: [v2, v1], only: false })).compareModelVersions;
    expect(all.versionIds).toEqual([v2, v1]);
    expect(all.hyperparameters).toEqual([
      { key: 'depth', values: [6, 6], same: true },
      { key: 'lr', values: [0.05, 0.1], same: false },
    ]);
    expect(all.artifacts.map((a: { path: string }) => a.path)).toEqual([
      'config.json',
      'model.bin',
      'tokenizer.json',
    ]);
  });

  it('refuses 1 or 11 ids and repeated ids with BAD_USER_INPUT', async () => {
    const modelId = await register();
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await version(modelId, { hyperparameters: { n: i } }));
    for (const asked of [[], ids.slice(0, 1), ids]) {
      const result = await compare(viewer, asked);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('versionIds');
    }
    expect(codeOf(await compare(viewer, [ids[0]!, ids[0]!.toUpperCase()]))).toBe('BAD_USER_INPUT');
    // Ten is the most, and fine.
    expect(codeOf(await compare(viewer, ids.slice(0, 10)))).toBe('OK');
  });

  it('refuses versions of different models with BAD_USER_INPUT', async () => {
    const a = await version(await register());
    const b = await version(await register());
    const result = await compare(admin, [a, b]);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('same model');
  });

  describe('of a private model of fraud-detection', () => {
    let ids: string[];
    let internal: string;
    beforeAll(async () => {
      const modelId = await register('fraud-detection', 'PRIVATE');
      ids = [await version(modelId), await version(modelId, { hyperparameters: { lr: 1 } })];
      internal = await version(await register('recommendations'));
    });

    it.each([
      ['a member (viewer)', viewer],
      ['a contributor', engineer],
      ['a platform admin', admin],
      ['an auditor', auditor],
    ])('answers %s', async (_who, principal) => {
      expect(codeOf(await compare(principal, ids))).toBe('OK');
    });

    it.each([
      ['a member of another team', outsider],
      ['an executive', executive],
    ])('answers NOT_FOUND to %s, as for a version that does not exist', async (_who, principal) => {
      const hidden = await compare(principal, ids);
      const missing = await compare(principal, [internal, randomUUID()]);
      expect(hidden.data).toBeNull();
      expect(codeOf(hidden)).toBe('NOT_FOUND');
      expect(codeOf(missing)).toBe('NOT_FOUND');
      // Mixed with a version they can see, the hidden one still reads as missing, not "another model".
      expect(codeOf(await compare(principal, [internal, ids[0]!]))).toBe('NOT_FOUND');
      expect(codeOf(await compare(principal, [internal, 'not-a-uuid']))).toBe('NOT_FOUND');
    });
  });
});
