import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKey, LocalKeySigner } from '../src';
import { describeSignerContract } from './contract';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cairn-signing-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LocalKeySigner contract', () => {
  describeSignerContract(() => ensureLocalKey(path.join(dir, 'contract', 'key.pem')));
});

describe('ensureLocalKey', () => {
  it('creates a P-256 PKCS#8 key readable by its owner only, in a new directory, and then reuses it', async () => {
    const file = path.join(dir, 'nested', 'signing', 'cairn-signing-key.pem');
    const created = await ensureLocalKey(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const again = await ensureLocalKey(file);
    expect(again.keyId).toBe(created.keyId);
  });

  it('keeps one key when several processes start at once', async () => {
    const file = path.join(dir, 'race', 'key.pem');
    const signers = await Promise.all(Array.from({ length: 8 }, () => ensureLocalKey(file)));
    expect(new Set(signers.map((s) => s.keyId)).size).toBe(1);
  });
});

describe('LocalKeySigner.load', () => {
  it('never creates a key: a missing file is an error', async () => {
    await expect(LocalKeySigner.load(path.join(dir, 'absent.pem'))).rejects.toThrow(
      /Cannot read the signing key/,
    );
  });

  it('refuses keys that are not EC P-256', async () => {
    const file = path.join(dir, 'p384.pem');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(LocalKeySigner.load(file)).rejects.toThrow(/not a usable P-256 private key/);
    await writeFile(file, 'not a key');
    await expect(LocalKeySigner.load(file)).rejects.toThrow(/not a usable P-256 private key/);
  });
});
