import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import { verifyModelSignature } from '@cairn/signing';
import {
  createTestDatabase,
  requireModelSigning,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTar, routeFetch, sha256, uploadAs } from './bundle-client';

/**
 * Every version is signed at registration with the registry's key, in the OpenSSF model-signing
 * format; `verifyModelVersion` re-hashes what the store holds; an exported bundle verifies with
 * the `model_signing` CLI alone, and stops verifying once one byte changes.
 */
const { admin, engineer, viewer, recommender } = testPrincipals;
const run = promisify(execFile);
const modelSigning = requireModelSigning();

let registry: TestSubgraph;
let store: string;
const dirs: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the answers
async function ok<T = Record<string, any>>(principal: Principal, query: string, variables = {}) {
  const result = await registry.execute<T>(query, variables, principal);
  expect(result.errors, query).toBeUndefined();
  return result.data!;
}

/** A private model with a version of two files (one in a folder); each call uses fresh bytes. */
async function signedVersion(label: string) {
  const { registerModel } = await ok(
    admin,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team: 'fraud-detection', name: `signed-${label}`, visibility: 'PRIVATE' },
    },
  );
  const files = {
    'config.json': Buffer.from(`{"label": "${label}"}`),
    'weights/model.bin': Buffer.alloc(70_000, label.charCodeAt(0)),
  };
  for (const bytes of Object.values(files))
    expect(await uploadAs(registry, engineer, registerModel.id, bytes)).toBeNull();
  const { createModelVersion } = await ok(
    engineer,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id signature { keyId publicKey bundle algorithm } } }',
    {
      i: {
        modelId: registerModel.id,
        files: Object.entries(files).map(([p, bytes]) => ({ path: p, sha256: sha256(bytes) })),
      },
    },
  );
  return { id: createModelVersion.id as string, signature: createModelVersion.signature, files };
}

const VERIFY = '{ verifyModelVersion(id: "ID") { valid signed keyId checks { name passed detail } } }';
type Verification = {
  verifyModelVersion: {
    valid: boolean;
    signed: boolean;
    keyId: string;
    checks: { name: string; passed: boolean }[];
  };
};

beforeAll(async () => {
  store = mkdtempSync(path.join(os.tmpdir(), 'cairn-signatures-'));
  dirs.push(store);
  registry = await startTestSubgraph(registrySubgraph, (await createTestDatabase()).url, admin, {
    ARTIFACT_DIR: store,
  });
  await ok(admin, 'mutation { createTeam(input: { slug: "fraud-detection", name: "Fraud" }) { id } }');
});

afterAll(async () => {
  await registry?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('version signatures', () => {
  it('signs a version at registration over its files, with the key it names', async () => {
    const { signature, files } = await signedVersion('alpha');
    expect(signature).toMatchObject({
      algorithm: 'ecdsa-p256-sha256',
      keyId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const bundle = JSON.parse(signature.bundle);
    expect(bundle.verificationMaterial.publicKey.hint).toBe(signature.keyId);
    const resources = Object.entries(files).map(([name, bytes]) => ({
      name,
      algorithm: 'sha256' as const,
      digest: sha256(bytes).slice('sha256:'.length),
    }));
    expect(verifyModelSignature(bundle, { publicKeyPem: signature.publicKey, resources }).valid).toBe(true);
    const other = [{ ...resources[0]!, digest: 'f'.repeat(64) }, resources[1]!];
    expect(verifyModelSignature(bundle, { publicKeyPem: signature.publicKey, resources: other }).valid).toBe(
      false,
    );
  });

  it('verifies a version against its stored bytes, and names the file whose bytes changed', async () => {
    const { id, files } = await signedVersion('bravo');
    const before = await ok<Verification>(viewer, VERIFY.replace('ID', id));
    expect(before.verifyModelVersion).toMatchObject({ valid: true, signed: true });
    expect(before.verifyModelVersion.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'manifest',
        'file:config.json',
        'file:weights/model.bin',
        'signature.signature',
      ]),
    );

    // Someone with access to the storage changes one byte of a stored file.
    const hex = sha256(files['config.json']).slice('sha256:'.length);
    const stored = path.join(store, 'sha256', hex.slice(0, 2), hex.slice(2, 4), hex);
    chmodSync(stored, 0o644);
    const bytes = readFileSync(stored);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(stored, bytes);

    const after = await ok<Verification>(viewer, VERIFY.replace('ID', id));
    expect(after.verifyModelVersion.valid).toBe(false);
    const failed = after.verifyModelVersion.checks.filter((c) => !c.passed).map((c) => c.name);
    expect(failed).toContain('file:config.json');
    expect(failed).toContain('signature.resources');
    expect(failed).not.toContain('file:weights/model.bin');
  });

  it('answers NOT_FOUND to a caller who may not see the version, and for malformed ids', async () => {
    const { id } = await signedVersion('charlie');
    for (const [principal, versionId] of [
      [recommender, id],
      [viewer, 'not-a-uuid'],
    ] as const) {
      const result = await registry.execute(VERIFY.replace('ID', versionId), {}, principal);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});

modelSigning.describe('an exported bundle and the OpenSSF model_signing CLI', (command) => {
  it('verifies with `model_signing verify key` alone, and not after one byte changes', async () => {
    const { id } = await signedVersion('delta');
    const response = await routeFetch(registry, viewer, 'GET', `/artifacts/versions/${id}/bundle`);
    expect(response.status).toBe(200);
    const entries = await readTar(Buffer.from(await response.arrayBuffer()));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-exported-'));
    dirs.push(dir);
    for (const [name, content] of entries) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    const verify = () =>
      run(command[0], [
        ...command.slice(1),
        'verify',
        'key',
        path.join(dir, 'files'),
        '--signature',
        path.join(dir, 'signature', 'model.sig'),
        '--public_key',
        path.join(dir, 'signature', 'key.pub'),
      ]);
    await expect(verify()).resolves.toBeDefined();

    const weights = path.join(dir, 'files', 'weights', 'model.bin');
    const bytes = readFileSync(weights);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(weights, bytes);
    await expect(verify()).rejects.toThrow();
  }, 60_000);
});
