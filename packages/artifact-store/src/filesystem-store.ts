import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { InvalidInputError, NotFoundError } from '@cairn/errors';
import type {
  ArtifactStat,
  ArtifactStore,
  BeginUploadInput,
  ByteRange,
  CompletedUpload,
  Digest,
  PartTarget,
  ReceivedPart,
  UploadSession,
} from './artifact-store';
import {
  assertAllParts,
  assertNotExpired,
  checkSessionId,
  mismatch,
  objectPath,
  parseDigest,
  partBounds,
  planUpload,
  resolveRange,
  sessionFromJson,
  sessionToJson,
  sizeLimitMessage,
  wrongPartSize,
} from './upload-rules';

export interface FilesystemArtifactStoreOptions {
  /** Objects live under `<root>/sha256/`, open sessions under `<root>/uploads/`. */
  root: string;
  maxBytes: number;
  sessionTtlSeconds: number;
  /** The clock, for tests of expiry. */
  now?: () => Date;
}

const SESSION_FILE = 'session.json';
const partFile = (n: number) => `part-${String(n).padStart(5, '0')}`;
const PART_FILE = /^part-(\d{5})$/;

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException)?.code === code;

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Artifacts as read-only files named by their digest. A part is written to a temporary file and
 * renamed into its session when complete, so a part is either wholly there or absent. Completion
 * writes the joined file into `tmp/` and hard-links it to its final name: `link` fails when the
 * name exists, so a stored digest is never overwritten, even by two completions racing.
 */
export class FilesystemArtifactStore implements ArtifactStore {
  readonly kind = 'filesystem';
  readonly maxBytes: number;
  private readonly root: string;
  private readonly ttlSeconds: number;
  private readonly now: () => Date;

  constructor(options: FilesystemArtifactStoreOptions) {
    this.root = path.resolve(options.root);
    this.maxBytes = options.maxBytes;
    this.ttlSeconds = options.sessionTtlSeconds;
    this.now = options.now ?? (() => new Date());
  }

  private uploadsDir = () => path.join(this.root, 'uploads');
  private tmpDir = () => path.join(this.root, 'tmp');
  private sessionDir = (id: string) => path.join(this.uploadsDir(), checkSessionId(id));
  private objectFile = (digest: Digest) => path.join(this.root, ...objectPath(digest).split('/'));
  private tmpName = (label: string) => path.join(this.tmpDir(), `${label}-${randomBytes(6).toString('hex')}`);

  async beginUpload(input: BeginUploadInput): Promise<UploadSession> {
    const session = planUpload(input, this.maxBytes, this.ttlSeconds, this.now());
    await mkdir(this.tmpDir(), { recursive: true });
    // Written aside and renamed in, so a session folder always has its description.
    const staging = this.tmpName('session');
    await mkdir(staging);
    await writeSynced(path.join(staging, SESSION_FILE), sessionToJson(session));
    await mkdir(this.uploadsDir(), { recursive: true });
    await rename(staging, this.sessionDir(session.id));
    return session;
  }

  async getUpload(sessionId: string): Promise<UploadSession> {
    return this.readSession(this.sessionDir(sessionId), sessionId);
  }

  private async readSession(dir: string, id: string): Promise<UploadSession> {
    const text = await readFile(path.join(dir, SESSION_FILE), 'utf8').catch((error) => {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) throw new NotFoundError('upload session', id);
      throw error;
    });
    return sessionFromJson(text);
  }

  private async openSession(id: string): Promise<UploadSession> {
    const session = await this.getUpload(id);
    assertNotExpired(session, this.now());
    return session;
  }

  async partTarget(sessionId: string, partNumber: number): Promise<PartTarget> {
    const session = await this.openSession(sessionId);
    return { kind: 'server', partNumber, ...partBounds(session, partNumber) };
  }

  async putPart(
    sessionId: string,
    partNumber: number,
    body: AsyncIterable<Uint8Array>,
  ): Promise<ReceivedPart> {
    const session = await this.openSession(sessionId);
    const { size: expected } = partBounds(session, partNumber);
    const partial = path.join(
      this.sessionDir(sessionId),
      `${partFile(partNumber)}.${randomBytes(4).toString('hex')}`,
    );
    const handle = await open(partial, 'wx').catch((error) => {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', sessionId);
      throw error;
    });
    let received = 0;
    try {
      try {
        for await (const chunk of body) {
          received += chunk.byteLength;
          if (received > expected) throw wrongPartSize(partNumber, expected, 'more');
          await handle.write(chunk);
        }
        if (received !== expected) throw wrongPartSize(partNumber, expected, `${received} bytes`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Replaces an earlier attempt at the same part: a retry is just another put.
      await rename(partial, path.join(this.sessionDir(sessionId), partFile(partNumber)));
    } catch (error) {
      await rm(partial, { force: true });
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', sessionId);
      throw error;
    }
    return { partNumber, size: received };
  }

  async listParts(sessionId: string): Promise<ReceivedPart[]> {
    await this.getUpload(sessionId);
    return this.partsIn(this.sessionDir(sessionId));
  }

  private async partsIn(dir: string): Promise<ReceivedPart[]> {
    const parts: ReceivedPart[] = [];
    const names = await readdir(dir).catch((error) => {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', path.basename(dir));
      throw error;
    });
    for (const name of names) {
      const match = PART_FILE.exec(name);
      if (!match) continue;
      const { size } = await stat(path.join(dir, name));
      parts.push({ partNumber: Number(match[1]), size });
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeUpload(sessionId: string): Promise<CompletedUpload> {
    const session = await this.openSession(sessionId);
    if (session.size > this.maxBytes) {
      // The limit was lowered after this upload began.
      await this.abortUpload(sessionId);
      throw InvalidInputError.field('size', sizeLimitMessage(session.size, this.maxBytes));
    }
    assertAllParts(session, await this.partsIn(this.sessionDir(sessionId)));

    // Claim the session by moving it away: a second completion or a late part now finds nothing.
    await mkdir(this.tmpDir(), { recursive: true });
    const claimed = this.tmpName(`completing-${sessionId}`);
    await rename(this.sessionDir(sessionId), claimed).catch((error) => {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', sessionId);
      throw error;
    });
    const joined = this.tmpName('object');
    try {
      try {
        assertAllParts(session, await this.partsIn(claimed));
      } catch (error) {
        await rename(claimed, this.sessionDir(sessionId));
        throw error;
      }
      const got = await joinParts(claimed, session.partCount, joined);
      const problem = mismatch(session, got);
      if (problem) throw problem;
      const deduplicated = await this.commit(joined, session.digest);
      return { digest: session.digest, size: session.size, deduplicated };
    } finally {
      await rm(joined, { force: true });
      await rm(claimed, { recursive: true, force: true });
    }
  }

  private async commit(file: string, digest: Digest): Promise<boolean> {
    const target = this.objectFile(digest);
    await chmod(file, 0o444);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await link(file, target);
    } catch (error) {
      if (isCode(error, 'EEXIST')) return true;
      throw error;
    }
    await fsyncDir(path.dirname(target));
    return false;
  }

  async abortUpload(sessionId: string): Promise<void> {
    await rm(this.sessionDir(sessionId), { recursive: true, force: true });
  }

  async cleanupExpiredUploads(now = this.now()): Promise<number> {
    const cutoff = now.getTime() - this.ttlSeconds * 1000;
    let removed = 0;
    for (const id of await readdir(this.uploadsDir()).catch(() => [] as string[])) {
      const dir = path.join(this.uploadsDir(), id);
      const session = await this.readSession(dir, id).catch(() => null);
      const expired = session
        ? session.expiresAt.getTime() <= now.getTime()
        : ((await stat(dir).catch(() => null))?.mtime.getTime() ?? 0) <= cutoff;
      if (!expired) continue;
      await rm(dir, { recursive: true, force: true });
      removed++;
    }
    // Leftovers of a process that died mid-write or mid-completion.
    for (const name of await readdir(this.tmpDir()).catch(() => [] as string[])) {
      const file = path.join(this.tmpDir(), name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtime.getTime() <= cutoff) await rm(file, { recursive: true, force: true });
    }
    return removed;
  }

  async stat(digest: string): Promise<ArtifactStat | null> {
    const parsed = parseDigest(digest);
    const info = await stat(this.objectFile(parsed)).catch((error) => {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    });
    return info ? { digest: parsed, size: info.size } : null;
  }

  async openRead(digest: string, range?: ByteRange): Promise<Readable> {
    const found = await this.stat(digest);
    if (!found) throw new NotFoundError('artifact', digest);
    const { start, end } = resolveRange(range, found.size);
    if (end < start) return Readable.from([]);
    return createReadStream(this.objectFile(found.digest), { start, end });
  }

  async delete(digest: string): Promise<boolean> {
    try {
      await unlink(this.objectFile(parseDigest(digest)));
      return true;
    } catch (error) {
      if (isCode(error, 'ENOENT')) return false;
      throw error;
    }
  }
}

async function writeSynced(file: string, text: string): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Concatenates the parts into `target` through sha256, one chunk in memory at a time. */
async function joinParts(dir: string, partCount: number, target: string): Promise<ArtifactStat> {
  const hash = createHash('sha256');
  let size = 0;
  const out = await open(target, 'wx');
  try {
    for (let n = 1; n <= partCount; n++) {
      for await (const chunk of createReadStream(path.join(dir, partFile(n)), { highWaterMark: 1 << 20 })) {
        const bytes = chunk as Buffer;
        hash.update(bytes);
        size += bytes.byteLength;
        await out.write(bytes);
      }
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}
