import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildManifest, type ModelSigningResource, modelSigningResources } from '@cairn/model-metadata';
import { type ModelSigningCommand, requireModelSigning, requireSoftHsm } from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModelSignature,
  ensureLocalKey,
  Pkcs11Signer,
  type Signer,
  verifyModelSignature,
} from '../src';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm';

/**
 * Cairn's bundles against the OpenSSF model-signing CLI (PyPI model-signing 1.1.1), both ways: the
 * CLI accepts what Cairn signs (with a key file and with a SoftHSM2-held key) and refuses it after
 * one byte of one file changes, and Cairn accepts what the CLI signs.
 */
const modelSigning = requireModelSigning();
const softhsm = requireSoftHsm();

/** What the registry would list for the directory: hash each file, build the manifest, map it. */
async function resourcesOf(dir: string): Promise<ModelSigningResource[]> {
  const files: { path: string; sha256: string; size: number }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(full);
    files.push({
      path: path.relative(dir, full).split(path.sep).join('/'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    });
  }
  return modelSigningResources(
    buildManifest({ model: { team: 'nlp', name: 'tagger' }, version: 1, files }).manifest,
  );
}

interface CliResult {
  code: number;
  output: string;
}

function cli(command: ModelSigningCommand, args: string[]): Promise<CliResult> {
  const [program, ...leading] = command;
  return new Promise((resolve) => {
    execFile(program, [...leading, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

modelSigning.describe('OpenSSF model_signing interop', (command) => {
  let work: string;
  let model: string;
  let localSigner: Signer;
  const keyFile = () => path.join(work, 'keys', 'cairn-signing-key.pem');

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cairn-model-signing-'));
    model = path.join(work, 'tagger');
    await mkdir(path.join(model, 'weights'), { recursive: true });
    await writeFile(path.join(model, 'config.json'), '{"hidden_size": 8}\n');
    await writeFile(path.join(model, 'README.md'), '# Tagger\n');
    await writeFile(
      path.join(model, 'weights', 'model.safetensors'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251)),
    );
    localSigner = await ensureLocalKey(keyFile());
  });
  afterAll(async () => {
    await localSigner?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Writes `<name>.sig` and `<name>.pub` beside the model directory and runs `verify key`. */
  async function signAndVerify(signer: Signer, name: string): Promise<{ verify: () => Promise<CliResult> }> {
    const bundle = await createModelSignature({
      modelName: 'tagger',
      resources: await resourcesOf(model),
      signer,
    });
    const signature = path.join(work, `${name}.sig`);
    const publicKey = path.join(work, `${name}.pub`);
    await writeFile(signature, JSON.stringify(bundle));
    await writeFile(publicKey, signer.publicKeyPem());
    return {
      verify: () =>
        cli(command, ['verify', 'key', model, '--signature', signature, '--public_key', publicKey]),
    };
  }

  /** Runs `body` with one byte of the weights flipped, then puts it back. */
  async function withOneByteChanged<T>(body: () => Promise<T>): Promise<T> {
    const file = path.join(model, 'weights', 'model.safetensors');
    const original = await readFile(file);
    const changed = Buffer.from(original);
    changed[100] = (changed[100] as number) ^ 0x01;
    await writeFile(file, changed);
    try {
      return await body();
    } finally {
      await writeFile(file, original);
    }
  }

  it('model_signing verifies a bundle signed with the local key file, and refuses it after one byte changes', async () => {
    const { verify } = await signAndVerify(localSigner, 'local');
    const accepted = await verify();
    expect(accepted, accepted.output).toMatchObject({ code: 0 });
    expect(accepted.output).toContain('Verification succeeded');
    const refused = await withOneByteChanged(verify);
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toContain('weights/model.safetensors');
  });

  it('Cairn verifies what model_signing signs with the same key, and names the changed file', async () => {
    const signature = path.join(work, 'python.sig');
    const signed = await cli(command, [
      'sign',
      'key',
      model,
      '--private_key',
      keyFile(),
      '--signature',
      signature,
    ]);
    expect(signed, signed.output).toMatchObject({ code: 0 });
    const bundle: unknown = JSON.parse(await readFile(signature, 'utf8'));
    const publicKeyPem = localSigner.publicKeyPem();
    const result = verifyModelSignature(bundle, { publicKeyPem, resources: await resourcesOf(model) });
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.checks.find((c) => c.name === 'keyHint')?.detail).toBe(
      `signed by key ${localSigner.keyId}`,
    );
    const changed = await withOneByteChanged(() => resourcesOf(model));
    expect(verifyModelSignature(bundle, { publicKeyPem, resources: changed }).resources).toEqual({
      changed: ['weights/model.safetensors'],
      missing: [],
      extra: [],
    });
  });

  softhsm.describe('with a key held in SoftHSM2', (tools) => {
    let token: SoftHsmToken;
    let hsmSigner: Pkcs11Signer;

    beforeAll(async () => {
      token = await createSoftHsmToken(tools);
      await token.generateKeyPair('release');
      hsmSigner = await Pkcs11Signer.open({
        modulePath: token.modulePath,
        tokenLabel: token.label,
        pin: token.pin,
        keyLabel: 'release',
      });
    });
    afterAll(async () => {
      await hsmSigner?.close();
      await token?.remove();
    });

    it('model_signing verifies the HSM-signed bundle, and refuses it after one byte changes', async () => {
      const { verify } = await signAndVerify(hsmSigner, 'hsm');
      const accepted = await verify();
      expect(accepted, accepted.output).toMatchObject({ code: 0 });
      const refused = await withOneByteChanged(verify);
      expect(refused.code, refused.output).not.toBe(0);
    });

    it('model_signing refuses the HSM-signed bundle with the local key', async () => {
      await signAndVerify(hsmSigner, 'hsm-wrong-key');
      await writeFile(path.join(work, 'hsm-wrong-key.pub'), localSigner.publicKeyPem());
      const result = await cli(command, [
        'verify',
        'key',
        model,
        '--signature',
        path.join(work, 'hsm-wrong-key.sig'),
        '--public_key',
        path.join(work, 'hsm-wrong-key.pub'),
      ]);
      expect(result.code, result.output).not.toBe(0);
    });
  });

  describe('the model directory', () => {
    it('lists the files the way model_signing does (relative POSIX paths, sorted)', async () => {
      expect((await resourcesOf(model)).map((r) => r.name)).toEqual([
        'README.md',
        'config.json',
        'weights/model.safetensors',
      ]);
    });
  });
});
