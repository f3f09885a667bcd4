import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FilesystemArtifactStore, MIN_PART_SIZE } from '../src';
import { describeArtifactStoreContract } from './contract';
import { Content, readAll, sendPart, upload } from './upload-client';

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

it('waits for a part rewrite under way when completing, so an object never differs from its digest', async () => {
  const root = path.join(base, 'rewrite-race');
  const store = new FilesystemArtifactStore({ root, maxBytes: 64 * 2 ** 20, sessionTtlSeconds: 60 });
  const content = new Content(2 * MIN_PART_SIZE);
  const session = await store.beginUpload({
    digest: await content.digest(),
    size: content.size,
    partSize: MIN_PART_SIZE,
  });
  for (let n = 1; n <= session.partCount; n++) await sendPart(store, session, n, content);

  // Part 1 sent again with other bytes, held open half-way while the upload completes.
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: () => void;
  const halfWay = new Promise<void>((resolve) => {
    started = resolve;
  });
  async function* otherBytes() {
    yield Buffer.alloc(MIN_PART_SIZE / 2, 1);
    started();
    await held;
    yield Buffer.alloc(MIN_PART_SIZE / 2, 2);
  }
  const rewrite = store.putPart(session.id, 1, otherBytes());
  await halfWay;
  const completing = store.completeUpload(session.id);
  setTimeout(release, 50);
  const [rewritten, completed] = await Promise.allSettled([rewrite, completing]);
  expect(rewritten.status).toBe('fulfilled');

  // Part 1 is being rewritten, so it is not received: nothing is stored under the digest.
  expect(completed.status).toBe('rejected');
  expect(await store.stat(session.digest)).toBeNull();
  expect(await filesUnder(path.join(root, 'sha256'))).toEqual([]);
  // Whatever part 1 holds now, sending it again correctly completes the upload.
  await sendPart(store, session, 1, content);
  expect((await store.completeUpload(session.id)).digest).toBe(session.digest);
  expect((await readAll(await store.openRead(session.digest))).equals(await content.bytes())).toBe(true);
});

it('marks a part received only once all its bytes are written, and forgets it while it is rewritten', async () => {
  const root = path.join(base, 'markers');
  const store = new FilesystemArtifactStore({ root, maxBytes: 64 * 2 ** 20, sessionTtlSeconds: 60 });
  const content = new Content(2 * MIN_PART_SIZE);
  const session = await store.beginUpload({
    digest: await content.digest(),
    size: content.size,
    partSize: MIN_PART_SIZE,
  });
  await sendPart(store, session, 2, content);
  expect(await store.listParts(session.id)).toEqual([{ partNumber: 2, size: MIN_PART_SIZE }]);

  async function* shortBody() {
    yield Buffer.alloc(100);
  }
  await expect(store.putPart(session.id, 2, shortBody())).rejects.toThrow(/part 2/);
  // The failed rewrite left part 2's bytes half-overwritten: it must be sent again.
  expect(await store.listParts(session.id)).toEqual([]);
  for (let n = 1; n <= session.partCount; n++) await sendPart(store, session, n, content);
  const completed = await store.completeUpload(session.id);
  expect(completed.digest).toBe(await content.digest());
  expect((await readAll(await store.openRead(completed.digest))).equals(await content.bytes())).toBe(true);
});
