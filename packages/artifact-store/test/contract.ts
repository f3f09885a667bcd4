import { createHash } from 'node:crypto';
import { InvalidInputError, NotFoundError, PreconditionFailedError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { type ArtifactStore, MIN_PART_SIZE } from '../src';
import { bytesOnce, Content, readAll, sendPart, upload } from './upload-client';

export interface StoreUnderTest {
  store: ArtifactStore;
  /** Where this store keeps things (a folder, a key prefix): pass it back to share them. */
  location: string;
  /** Everything the store holds that is not a committed artifact: must be empty after a refusal. */
  leftovers(): Promise<string[]>;
}

export interface StoreOptions {
  maxBytes: number;
  sessionTtlSeconds: number;
  now: () => Date;
  /** Another store over the same objects and sessions. */
  location?: string;
}

export type StoreFactory = (options: StoreOptions) => Promise<StoreUnderTest>;

const MIB = 1024 * 1024;
const TTL = 3600;

/**
 * The behaviour every ArtifactStore backend must have, run against a real backend (a folder,
 * S3Proxy). Each test gets a store of its own, so tests never see each other's leftovers.
 */
export function describeArtifactStoreContract(name: string, factory: StoreFactory) {
  let clock = Date.now();
  const make = (overrides: Partial<StoreOptions> = {}) =>
    factory({ maxBytes: 1024 * MIB, sessionTtlSeconds: TTL, now: () => new Date(clock), ...overrides });
  /** Three parts: 5 MiB, 5 MiB, then a few bytes. */
  const threeParts = () => new Content(2 * MIN_PART_SIZE + 1234);

  describe(`ArtifactStore contract: ${name}`, () => {
    it('stores a multipart upload under its digest and reads it back', async () => {
      const { store, leftovers } = await make();
      const content = threeParts();
      const digest = await content.digest();
      const session = await store.beginUpload({ digest, size: content.size, partSize: MIN_PART_SIZE });
      expect(session).toMatchObject({ digest, size: content.size, partSize: MIN_PART_SIZE, partCount: 3 });
      for (let n = 1; n <= 3; n++) await sendPart(store, session, n, content);
      expect(await store.listParts(session.id)).toEqual([
        { partNumber: 1, size: MIN_PART_SIZE },
        { partNumber: 2, size: MIN_PART_SIZE },
        { partNumber: 3, size: 1234 },
      ]);
      expect(await store.completeUpload(session.id)).toEqual({
        digest,
        size: content.size,
        deduplicated: false,
      });
      expect(await store.stat(digest)).toEqual({ digest, size: content.size });
      expect((await readAll(await store.openRead(digest))).equals(await content.bytes())).toBe(true);
      await expect(store.getUpload(session.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await leftovers()).toEqual([]);
    });

    it('stores small and empty files in one part', async () => {
      const { store } = await make();
      for (const size of [1, 1000, 0]) {
        const content = new Content(size);
        const result = await upload(store, content);
        expect(result).toMatchObject({ size, deduplicated: false });
        expect((await readAll(await store.openRead(result.digest))).equals(await content.bytes())).toBe(true);
      }
    });

    it('stores a digest once: a second upload is verified, then discarded', async () => {
      const { store, leftovers } = await make();
      const content = new Content(MIN_PART_SIZE + 7);
      const first = await upload(store, content, { partSize: MIN_PART_SIZE });
      const second = await upload(store, content);
      expect(first.deduplicated).toBe(false);
      expect(second).toEqual({ ...first, deduplicated: true });
      expect((await readAll(await store.openRead(first.digest))).equals(await content.bytes())).toBe(true);
      expect(await leftovers()).toEqual([]);
    });

    it('reads byte ranges, inclusive like HTTP Range, and refuses ranges outside the file', async () => {
      const { store } = await make();
      const content = threeParts();
      const { digest } = await upload(store, content, { partSize: MIN_PART_SIZE });
      const across = { start: MIN_PART_SIZE - 2, end: MIN_PART_SIZE + 3 };
      expect(await readAll(await store.openRead(digest, across))).toEqual(
        await content.bytes(across.start, 6),
      );
      expect(await readAll(await store.openRead(digest, { start: content.size - 4 }))).toEqual(
        await content.bytes(content.size - 4),
      );
      expect(await readAll(await store.openRead(digest, { end: 9 }))).toEqual(await content.bytes(0, 10));
      await expect(store.openRead(digest, { start: content.size })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        problems: [{ path: 'range', message: expect.stringContaining('not within the artifact') }],
      });
      await expect(store.openRead(`sha256:${'0'.repeat(64)}`)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('resumes an interrupted upload: lists the parts it has, takes the rest, and a part sent again', async () => {
      const { store } = await make();
      const content = threeParts();
      const session = await store.beginUpload({
        digest: await content.digest(),
        size: content.size,
        partSize: MIN_PART_SIZE,
      });
      await sendPart(store, session, 1, content);
      await sendPart(store, session, 3, content);
      // A new client picks the session up by id.
      const resumed = await store.getUpload(session.id);
      const have = new Set((await store.listParts(session.id)).map((part) => part.partNumber));
      expect([...have]).toEqual([1, 3]);
      for (let n = 1; n <= resumed.partCount; n++)
        if (!have.has(n)) await sendPart(store, resumed, n, content);
      await sendPart(store, resumed, 3, content);
      expect(await store.completeUpload(session.id)).toMatchObject({ deduplicated: false });
    });

    it('refuses a truncated upload: a short part is not kept, completion names the missing part', async () => {
      const { store, leftovers } = await make();
      const content = threeParts();
      const digest = await content.digest();
      const session = await store.beginUpload({ digest, size: content.size, partSize: MIN_PART_SIZE });
      await sendPart(store, session, 1, content);
      await sendPart(store, session, 2, content);
      await expect(
        sendPart(
          store,
          session,
          3,
          content,
          bytesOnce((await content.bytes(2 * MIN_PART_SIZE)).subarray(0, 1000)),
        ),
      ).rejects.toThrow();
      expect((await store.listParts(session.id)).map((part) => part.partNumber)).toEqual([1, 2]);
      await expect(store.completeUpload(session.id)).rejects.toMatchObject({
        code: 'FAILED_PRECONDITION',
        message: 'part 3 is missing',
      });
      expect(await store.stat(digest)).toBeNull();
      await store.abortUpload(session.id);
      expect(await leftovers()).toEqual([]);
    });

    it('refuses bytes that do not match the digest and leaves nothing behind', async () => {
      const { store, leftovers } = await make();
      const content = new Content(MIN_PART_SIZE + 10);
      const claimed = await new Content(content.size).digest();
      const session = await store.beginUpload({
        digest: claimed,
        size: content.size,
        partSize: MIN_PART_SIZE,
      });
      for (let n = 1; n <= session.partCount; n++) await sendPart(store, session, n, content);
      const error = await store.completeUpload(session.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toBe(
        `digest: sha256 mismatch: expected ${claimed}, got ${await content.digest()}`,
      );
      expect(await store.stat(claimed)).toBeNull();
      expect(await store.stat(await content.digest())).toBeNull();
      await expect(store.getUpload(session.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await leftovers()).toEqual([]);
    });

    it('refuses an artifact over the size limit when it begins and when it completes', async () => {
      const { store, location, leftovers } = await make({ maxBytes: MIN_PART_SIZE + 100 });
      const content = new Content(MIN_PART_SIZE + 101);
      await expect(
        store.beginUpload({ digest: await content.digest(), size: content.size }),
      ).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: `size: size ${content.size} bytes exceeds the limit of ${MIN_PART_SIZE + 100} bytes`,
      });
      // The limit was lowered while an upload was under way.
      const generous = (await make({ location })).store;
      const session = await generous.beginUpload({ digest: await content.digest(), size: content.size });
      for (let n = 1; n <= session.partCount; n++) await sendPart(generous, session, n, content);
      await expect(store.completeUpload(session.id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await generous.stat(await content.digest())).toBeNull();
      expect(await leftovers()).toEqual([]);
    });

    it('refuses malformed requests with the field at fault', async () => {
      const { store } = await make();
      await expect(store.beginUpload({ digest: 'md5:abc', size: 1 })).rejects.toMatchObject({
        problems: [{ path: 'digest' }],
      });
      await expect(store.beginUpload({ digest: `sha256:${'a'.repeat(64)}`, size: -1 })).rejects.toMatchObject(
        {
          problems: [{ path: 'size' }],
        },
      );
      await expect(
        store.beginUpload({ digest: `sha256:${'a'.repeat(64)}`, size: 10, partSize: 1024 }),
      ).rejects.toMatchObject({ problems: [{ path: 'partSize' }] });
      const session = await store.beginUpload({ digest: `sha256:${'a'.repeat(64)}`, size: 10 });
      await expect(store.partTarget(session.id, 2)).rejects.toMatchObject({
        problems: [{ path: 'partNumber' }],
      });
      await expect(store.listParts('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(store.listParts('../../etc')).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.stat('sha256:XYZ')).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('aborts an upload and forgets it', async () => {
      const { store, leftovers } = await make();
      const content = threeParts();
      const session = await store.beginUpload({ digest: await content.digest(), size: content.size });
      await sendPart(store, session, 1, content);
      await store.abortUpload(session.id);
      await expect(store.listParts(session.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.completeUpload(session.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await leftovers()).toEqual([]);
    });

    it('refuses an expired session and cleans it up, keeping live ones', async () => {
      const { store, leftovers } = await make();
      const content = new Content(MIN_PART_SIZE + 1);
      const stale = await store.beginUpload({
        digest: await content.digest(),
        size: content.size,
        partSize: MIN_PART_SIZE,
      });
      await sendPart(store, stale, 1, content);
      clock += (TTL - 60) * 1000;
      const live = await store.beginUpload({ digest: await content.digest(), size: content.size });
      clock += 120 * 1000;
      await expect(store.partTarget(stale.id, 2)).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(store.completeUpload(stale.id)).rejects.toThrow(/expired/);
      expect(await store.cleanupExpiredUploads()).toBe(1);
      await expect(store.getUpload(stale.id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await store.getUpload(live.id)).id).toBe(live.id);
      await store.abortUpload(live.id);
      expect(await leftovers()).toEqual([]);
    });

    it('completes two uploads of the same digest at once: one copy, both succeed', async () => {
      const { store, leftovers } = await make();
      const content = new Content(MIN_PART_SIZE + 3);
      const digest = await content.digest();
      const sessions = await Promise.all(
        [1, 2].map(() => store.beginUpload({ digest, size: content.size, partSize: MIN_PART_SIZE })),
      );
      for (const session of sessions) for (const n of [1, 2]) await sendPart(store, session, n, content);
      const results = await Promise.all(sessions.map((session) => store.completeUpload(session.id)));
      expect(results.every((result) => result.digest === digest && result.size === content.size)).toBe(true);
      expect(results.some((result) => !result.deduplicated)).toBe(true);
      expect((await readAll(await store.openRead(digest))).equals(await content.bytes())).toBe(true);
      expect(await leftovers()).toEqual([]);
    });

    it('deletes an artifact', async () => {
      const { store } = await make();
      const { digest } = await upload(store, new Content(100));
      expect(await store.delete(digest)).toBe(true);
      expect(await store.stat(digest)).toBeNull();
      expect(await store.delete(digest)).toBe(false);
    });

    it('moves 64 MiB through upload, verification and download with flat memory', async () => {
      const { store } = await make();
      const content = new Content(64 * MIB);
      const digest = await content.digest();
      const before = process.memoryUsage.rss();
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
      }, 5);
      try {
        const result = await upload(store, content, { partSize: 16 * MIB });
        expect(result).toMatchObject({ digest, deduplicated: false });
        const hash = createHash('sha256');
        for await (const chunk of await store.openRead(digest)) hash.update(chunk as Buffer);
        expect(`sha256:${hash.digest('hex')}`).toBe(digest);
      } finally {
        clearInterval(sampler);
      }
      // Streaming holds a few MiB at a time; buffering anything whole would add 64 MiB or more.
      expect(peak - before).toBeLessThan(24 * MIB);
    }, 120_000);
  });
}
