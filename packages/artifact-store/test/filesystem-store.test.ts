import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FilesystemArtifactStore } from '../src';
import { describeArtifactStoreContract } from './contract';
import { Content, upload } from './upload-client';

let base: string;
let stores = 0;
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'cairn-artifacts-'));
});
afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describeArtifactStoreContract('filesystem', async (options) => {
  const root = options.location ?? path.join(base, `store-${++stores}`);
  const store = new FilesystemArtifactStore({ root, ...options });
  return {
    store,
    location: root,
    leftovers: async () => [
      ...(await filesUnder(path.join(root, 'uploads'))),
      ...(await filesUnder(path.join(root, 'tmp'))),
    ],
  };
});

it('keeps objects read-only under sha256/ab/cd/<hex>', async () => {
  const root = path.join(base, 'layout');
  const store = new FilesystemArtifactStore({ root, maxBytes: 1024, sessionTtlSeconds: 60 });
  const { digest } = await upload(store, new Content(10));
  const hex = digest.slice('sha256:'.length);
  const files = await filesUnder(path.join(root, 'sha256'));
  expect(files).toEqual([path.join(root, 'sha256', hex.slice(0, 2), hex.slice(2, 4), hex)]);
  const { statSync } = await import('node:fs');
  expect(statSync(files[0]!).mode & 0o777).toBe(0o444);
});
