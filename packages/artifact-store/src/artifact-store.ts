import type { Readable } from 'node:stream';

/** `sha256:<64 lowercase hex>`: the only name an artifact has in a store. */
export type Digest = `sha256:${string}`;

/** A stored artifact. The digest doubles as its HTTP ETag: the bytes behind it never change. */
export interface ArtifactStat {
  digest: Digest;
  size: number;
}

export interface BeginUploadInput {
  /** What the client claims the whole file hashes to; verified on completion. */
  digest: string;
  size: number;
  /** Bytes per part (every part but the last); the store's default when unset. */
  partSize?: number;
}

/** The plan a client follows: parts 1..partCount, each `partSize` bytes except the last. */
export interface UploadSession {
  id: string;
  digest: Digest;
  size: number;
  partSize: number;
  partCount: number;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * Where the bytes of part N go. `server`: the caller streams them through `putPart` (the
 * filesystem store; the registry exposes an HTTP endpoint for it). `url`: the client PUTs them
 * straight to this presigned URL with exactly `size` bytes and these headers (S3); the registry
 * never sees the bytes.
 */
export type PartTarget =
  | { kind: 'server'; partNumber: number; offset: number; size: number }
  | {
      kind: 'url';
      partNumber: number;
      offset: number;
      size: number;
      method: 'PUT';
      url: string;
      headers: Record<string, string>;
      expiresAt: Date;
    };

export interface ReceivedPart {
  partNumber: number;
  size: number;
}

export interface CompletedUpload extends ArtifactStat {
  /** The digest was already stored: this upload was verified and then discarded. */
  deduplicated: boolean;
}

/** Inclusive byte offsets, as in an HTTP Range header; either end may be left open. */
export interface ByteRange {
  start?: number;
  end?: number;
}

/**
 * A content-addressed, immutable artifact store. Every backend passes the contract suite in
 * `test/contract.ts`. Errors are `@cairn/errors` classes: bad input (digest, size, part number,
 * range, a part or a whole file that does not match) is `InvalidInputError` naming the field;
 * unknown sessions and artifacts are `NotFoundError`; a session that is expired or not ready to
 * complete is `PreconditionFailedError`.
 */
export interface ArtifactStore {
  readonly kind: 'filesystem' | 's3';
  /** The largest artifact accepted. */
  readonly maxBytes: number;

  /** Refuses a malformed digest, a size over the limit and an impossible part size. */
  beginUpload(input: BeginUploadInput): Promise<UploadSession>;
  getUpload(sessionId: string): Promise<UploadSession>;
  partTarget(sessionId: string, partNumber: number): Promise<PartTarget>;
  /**
   * Stores part N from a stream (targets of kind `server` only). A part of the wrong length is
   * refused and not kept; sending a part again replaces it, so a failed part is simply retried.
   */
  putPart(sessionId: string, partNumber: number, body: AsyncIterable<Uint8Array>): Promise<ReceivedPart>;
  /** The parts received so far, so an interrupted client sends only the rest. */
  listParts(sessionId: string): Promise<ReceivedPart[]>;
  /**
   * Checks that every part is there (a missing one is a `PreconditionFailedError` and the session
   * stays, so the client can send it), then streams the whole file through sha256. On a size or
   * digest mismatch the session and its bytes are removed and an `InvalidInputError` is thrown.
   */
  completeUpload(sessionId: string): Promise<CompletedUpload>;
  abortUpload(sessionId: string): Promise<void>;
  /** Removes sessions (and their bytes) that expired before `now`; returns how many. */
  cleanupExpiredUploads(now?: Date): Promise<number>;

  stat(digest: string): Promise<ArtifactStat | null>;
  /** A stream of the artifact's bytes, or of a range of them; `NotFoundError` when absent. */
  openRead(digest: string, range?: ByteRange): Promise<Readable>;
  /** Removes a stored artifact (retention purges); false when it was not there. */
  delete(digest: string): Promise<boolean>;
}
