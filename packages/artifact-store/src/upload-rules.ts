import { randomUUID } from 'node:crypto';
import { InvalidInputError, NotFoundError, PreconditionFailedError } from '@cairn/errors';
import type {
  ArtifactStat,
  BeginUploadInput,
  ByteRange,
  Digest,
  ReceivedPart,
  UploadSession,
} from './artifact-store';

/** S3's multipart rules, applied to every backend so a client never needs to know which it talks to. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_PARTS = 10_000;
export const DEFAULT_PART_SIZE = 64 * 1024 * 1024;

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseDigest(value: string, field = 'digest'): Digest {
  if (!DIGEST.test(value)) {
    throw InvalidInputError.field(field, `must be "sha256:" followed by 64 lowercase hex digits`);
  }
  return value as Digest;
}

/** The hex part, which is also how objects are named: `sha256/ab/cd/abcd…`. */
export const hexOf = (digest: Digest) => digest.slice('sha256:'.length);
export const objectPath = (digest: Digest) => {
  const hex = hexOf(digest);
  return `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`;
};

export function checkSessionId(id: string): string {
  // Session ids become paths and keys: anything else is refused before it reaches either.
  if (!SESSION_ID.test(id)) throw new NotFoundError('upload session', id);
  return id;
}

export function sizeLimitMessage(size: number, maxBytes: number): string {
  return `size ${size} bytes exceeds the limit of ${maxBytes} bytes`;
}

export function planUpload(input: BeginUploadInput, maxBytes: number, ttlSeconds: number, now: Date) {
  const digest = parseDigest(input.digest);
  const { size } = input;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw InvalidInputError.field('size', 'must be a whole number of bytes, 0 or more');
  }
  if (size > maxBytes) throw InvalidInputError.field('size', sizeLimitMessage(size, maxBytes));
  const partSize =
    input.partSize ??
    Math.max(DEFAULT_PART_SIZE, Math.ceil(size / MAX_PARTS / MIN_PART_SIZE) * MIN_PART_SIZE);
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    throw InvalidInputError.field('partSize', `must be between ${MIN_PART_SIZE} and ${MAX_PART_SIZE} bytes`);
  }
  const partCount = Math.max(1, Math.ceil(size / partSize));
  if (partCount > MAX_PARTS) {
    throw InvalidInputError.field(
      'partSize',
      `${partSize} bytes makes ${partCount} parts, more than the ${MAX_PARTS} allowed`,
    );
  }
  const session: UploadSession = {
    id: randomUUID(),
    digest,
    size,
    partSize,
    partCount,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  };
  return session;
}

export function sessionToJson(session: UploadSession): string {
  return JSON.stringify({
    ...session,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  });
}

export function sessionFromJson(text: string): UploadSession {
  const raw = JSON.parse(text) as Omit<UploadSession, 'createdAt' | 'expiresAt'> & {
    createdAt: string;
    expiresAt: string;
  };
  return { ...raw, createdAt: new Date(raw.createdAt), expiresAt: new Date(raw.expiresAt) };
}

export function assertNotExpired(session: UploadSession, now: Date): void {
  if (session.expiresAt.getTime() <= now.getTime()) {
    throw new PreconditionFailedError(
      `upload session ${session.id} expired at ${session.expiresAt.toISOString()}: begin a new upload`,
      { sessionId: session.id },
    );
  }
}

/** Offset and length of part N (1-based), after checking that N belongs to the plan. */
export function partBounds(session: UploadSession, partNumber: number) {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > session.partCount) {
    throw InvalidInputError.field(
      'partNumber',
      `must be between 1 and ${session.partCount} for this upload, got ${partNumber}`,
    );
  }
  const offset = (partNumber - 1) * session.partSize;
  return { offset, size: Math.min(session.partSize, session.size - offset) };
}

export function wrongPartSize(partNumber: number, expected: number, got: number | string) {
  return InvalidInputError.field(
    'partNumber',
    `part ${partNumber} must be ${expected} bytes, got ${got}: send it again`,
  );
}

/**
 * Every part of the plan is there with its planned size. Missing parts leave the session open
 * (the client resumes); a part of the wrong size can only come from a client that ignored the
 * plan, and is reported so it can be sent again.
 */
export function assertAllParts(session: UploadSession, parts: ReceivedPart[]): void {
  const byNumber = new Map(parts.map((part) => [part.partNumber, part.size]));
  const missing: number[] = [];
  for (let n = 1; n <= session.partCount; n++) {
    const size = byNumber.get(n);
    if (size === undefined) {
      missing.push(n);
      continue;
    }
    const expected = partBounds(session, n).size;
    if (size !== expected) throw wrongPartSize(n, expected, `${size} bytes`);
  }
  if (missing.length === 1) {
    throw new PreconditionFailedError(`part ${missing[0]} is missing`, { missing });
  }
  if (missing.length > 1) {
    const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? ', …' : '');
    throw new PreconditionFailedError(`parts ${shown} are missing`, { missing });
  }
}

export function mismatch(expected: ArtifactStat, got: ArtifactStat): InvalidInputError | null {
  if (got.size !== expected.size) {
    return InvalidInputError.field('size', `size mismatch: expected ${expected.size} bytes, got ${got.size}`);
  }
  if (got.digest !== expected.digest) {
    return InvalidInputError.field(
      'digest',
      `sha256 mismatch: expected ${expected.digest}, got ${got.digest}`,
    );
  }
  return null;
}

/** Inclusive offsets within an artifact of `size` bytes. */
export function resolveRange(range: ByteRange | undefined, size: number): { start: number; end: number } {
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const valid =
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    start >= 0 &&
    (size === 0 ? start === 0 && end === -1 : start <= end && end < size);
  if (!valid) {
    throw InvalidInputError.field(
      'range',
      `bytes ${start}-${end} are not within the artifact (${size} bytes)`,
    );
  }
  return { start, end };
}
