import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  chmod,
  type FileHandle,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  truncate,
  unlink,
  writeFile,
} from 'node:fs/promises';
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
/** Every part's bytes, written in place at the part's offset. */
const DATA_FILE = 'data';
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
 * Artifacts as read-only files named by their digest. A session has one data file of the
 * upload's size; each part is written in place at its offset, synced, and then marked received
 * by an empty `part-NNNNN` file, so a marked part is wholly on disk. Completion claims the
 * session by renaming it, waits for part writes already under way, hashes the data file and
 * hard-links it to its final name (no second copy of the bytes): `link` fails when the name
 * exists, so a stored digest is never overwritten, even by two completions racing. The waiting
 * is in memory, so one store directory belongs to one registry process (replicas use S3).
 */
export class FilesystemArtifactStore implements ArtifactStore {
  readonly kind = 'filesystem';
  readonly maxBytes: number;
  private readonly root: string;
  private readonly ttlSeconds: number;
  private readonly now: () => Date;
  /** Part writes in progress per session (a store directory belongs to one process). */
  private readonly writing = new Map<string, Set<Promise<unknown>>>();

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
    await writeFile(path.join(staging, DATA_FILE), '');
    await truncate(path.join(staging, DATA_FILE), session.size);
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
    // Registered before the data file is opened, so a completion that claims the session after
    // this point waits for these bytes before it hashes them.
    const writing = this.writePart(sessionId, partNumber, body);
    const inFlight = this.writing.get(sessionId) ?? new Set<Promise<unknown>>();
    this.writing.set(sessionId, inFlight.add(writing));
    try {
      return await writing;
    } finally {
      inFlight.delete(writing);
      if (inFlight.size === 0 && this.writing.get(sessionId) === inFlight) this.writing.delete(sessionId);
    }
  }

  private async writePart(
    sessionId: string,
    partNumber: number,
    body: AsyncIterable<Uint8Array>,
  ): Promise<ReceivedPart> {
    const session = await this.openSession(sessionId);
    const { offset, size: expected } = partBounds(session, partNumber);
    const dir = this.sessionDir(sessionId);
    const marker = path.join(dir, partFile(partNumber));
    const handle = await open(path.join(dir, DATA_FILE), 'r+').catch((error) => {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', sessionId);
      throw error;
    });
    let received = 0;
    try {
      // A retry rewrites the part's bytes: it is not received until they are all on disk again.
      await unlink(marker).catch((error) => {
        if (!isCode(error, 'ENOENT')) throw error;
      });
      const batch = new WriteBatch(handle, offset);
      for await (const chunk of body) {
        received += chunk.byteLength;
        if (received > expected) throw wrongPartSize(partNumber, expected, 'more');
        await batch.add(chunk);
      }
      if (received !== expected) throw wrongPartSize(partNumber, expected, `${received} bytes`);
      await batch.flush();
      await handle.datasync();
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', sessionId);
      throw error;
    } finally {
      await handle.close();
    }
    await writeFile(marker, '').catch((error) => {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', sessionId);
      throw error;
    });
    return { partNumber, size: received };
  }

  async listParts(sessionId: string): Promise<ReceivedPart[]> {
    const session = await this.getUpload(sessionId);
    return this.partsIn(this.sessionDir(sessionId), session);
  }

  private async partsIn(dir: string, session: UploadSession): Promise<ReceivedPart[]> {
    const names = await readdir(dir).catch((error) => {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', path.basename(dir));
      throw error;
    });
    return names
      .map((name) => PART_FILE.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .filter((n) => n >= 1 && n <= session.partCount)
      .sort((a, b) => a - b)
      .map((partNumber) => ({ partNumber, size: partBounds(session, partNumber).size }));
  }

  async completeUpload(sessionId: string): Promise<CompletedUpload> {
    const session = await this.openSession(sessionId);
    if (session.size > this.maxBytes) {
      // The limit was lowered after this upload began.
      await this.abortUpload(sessionId);
      throw InvalidInputError.field('size', sizeLimitMessage(session.size, this.maxBytes));
    }
    assertAllParts(session, await this.partsIn(this.sessionDir(sessionId), session));

    // Claim the session by moving it away: a second completion or a late part now finds nothing.
    await mkdir(this.tmpDir(), { recursive: true });
    const claimed = this.tmpName(`completing-${sessionId}`);
    await rename(this.sessionDir(sessionId), claimed).catch((error) => {
      if (isCode(error, 'ENOENT')) throw new NotFoundError('upload session', sessionId);
      throw error;
    });
    try {
      // A part whose write began before the claim may still be writing into the data file.
      await Promise.allSettled(this.writing.get(sessionId) ?? []);
      try {
        assertAllParts(session, await this.partsIn(claimed, session));
      } catch (error) {
        await rename(claimed, this.sessionDir(sessionId));
        throw error;
      }
      // The parts were written in place, so the session's data file is the object: hash it and
      // link it into place, without copying the bytes again.
      const data = path.join(claimed, DATA_FILE);
      const problem = mismatch(session, await hashFile(data));
      if (problem) throw problem;
      const deduplicated = await this.commit(data, session.digest);
      return { digest: session.digest, size: session.size, deduplicated };
    } finally {
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
    // 1 MiB reads: fewer, larger socket writes than the 64 KiB default.
    return createReadStream(this.objectFile(found.digest), { start, end, highWaterMark: 1 << 20 });
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

/** sha256 and size of a file, read as a stream. */
async function hashFile(file: string): Promise<ArtifactStat> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/**
 * Collects a request's small chunks into one positional write per few MiB: one write per
 * network chunk (16–64 KiB) costs a thread-pool round trip each and stalls the socket meanwhile.
 */
class WriteBatch {
  private chunks: Uint8Array[] = [];
  private pending = 0;

  constructor(
    private readonly handle: FileHandle,
    private position: number,
  ) {}

  async add(chunk: Uint8Array): Promise<void> {
    this.chunks.push(chunk);
    this.pending += chunk.byteLength;
    if (this.pending >= WRITE_BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const chunks = this.chunks;
    const bytes = this.pending;
    this.chunks = [];
    this.pending = 0;
    let written = 0;
    while (written < bytes) {
      // writev may write less than asked; continue from where it stopped.
      const rest = written === 0 ? chunks : remainder(chunks, written);
      const { bytesWritten } = await this.handle.writev(rest, this.position + written);
      written += bytesWritten;
    }
    this.position += bytes;
  }
}

const WRITE_BATCH_BYTES = 1 << 20;

function remainder(chunks: Uint8Array[], skip: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let left = skip;
  for (const chunk of chunks) {
    if (left >= chunk.byteLength) {
      left -= chunk.byteLength;
      continue;
    }
    rest.push(left > 0 ? chunk.subarray(left) : chunk);
    left = 0;
  }
  return rest;
}
