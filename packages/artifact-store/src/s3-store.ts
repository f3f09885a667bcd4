import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  type Part,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { InvalidInputError, NotFoundError, PreconditionFailedError } from '@cairn/errors';
import type {
  ArtifactStat,
  ArtifactStore,
  BeginUploadInput,
  ByteRange,
  CompletedUpload,
  PartTarget,
  ReceivedPart,
  UploadSession,
} from './artifact-store';
import { type CopyLimits, copyObject, hashObject, isMissing } from './s3-objects';
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
} from './upload-rules';

export interface S3ArtifactStoreOptions extends Partial<CopyLimits> {
  client: S3Client;
  bucket: string;
  /** Prepended to every key, e.g. `cairn/`, to share a bucket. */
  prefix?: string;
  maxBytes: number;
  sessionTtlSeconds: number;
  /** Lifetime of a presigned part URL, never past the session's expiry. */
  presignSeconds?: number;
  now?: () => Date;
}

type StoredSession = UploadSession & { uploadId: string };

const GIB = 1024 ** 3;

/**
 * Artifacts as S3 objects keyed by digest. A session is a multipart upload to a staging key
 * (`uploads/<id>/data`, described by `uploads/<id>/session.json`); the client PUTs each part
 * to a presigned URL. Completion joins the parts, streams the staging object through sha256 and
 * copies it server-side to `sha256/ab/cd/<hex>` unless that key already exists.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly kind = 's3';
  readonly maxBytes: number;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly ttlSeconds: number;
  private readonly presignSeconds: number;
  private readonly copyLimits: CopyLimits;
  private readonly now: () => Date;

  constructor(options: S3ArtifactStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.maxBytes = options.maxBytes;
    this.ttlSeconds = options.sessionTtlSeconds;
    this.presignSeconds = options.presignSeconds ?? 3600;
    this.copyLimits = {
      multipartCopyThreshold: options.multipartCopyThreshold ?? 5 * GIB,
      copyPartSize: options.copyPartSize ?? GIB,
    };
    this.now = options.now ?? (() => new Date());
  }

  private uploadsPrefix = () => `${this.prefix}uploads/`;
  private sessionKey = (id: string) => `${this.uploadsPrefix()}${checkSessionId(id)}/session.json`;
  private stagingKey = (id: string) => `${this.uploadsPrefix()}${checkSessionId(id)}/data`;
  private objectKey = (digest: string) => `${this.prefix}${objectPath(parseDigest(digest))}`;

  async beginUpload(input: BeginUploadInput): Promise<UploadSession> {
    const session = planUpload(input, this.maxBytes, this.ttlSeconds, this.now());
    const Key = this.stagingKey(session.id);
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }),
    );
    if (!UploadId) throw new Error('S3 returned no UploadId for CreateMultipartUpload');
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.sessionKey(session.id),
          Body: sessionToJson({ ...session, uploadId: UploadId } as UploadSession),
          ContentType: 'application/json',
        }),
      );
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
    return session;
  }

  private async readSession(id: string): Promise<StoredSession> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.sessionKey(id) }),
      );
      return sessionFromJson(
        await (Body as { transformToString(): Promise<string> }).transformToString(),
      ) as StoredSession;
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError('upload session', id);
      throw error;
    }
  }

  async getUpload(sessionId: string): Promise<UploadSession> {
    const { uploadId: _, ...session } = await this.readSession(sessionId);
    return session;
  }

  private async openSession(id: string): Promise<StoredSession> {
    const session = await this.readSession(id);
    assertNotExpired(session, this.now());
    return session;
  }

  async partTarget(sessionId: string, partNumber: number): Promise<PartTarget> {
    const session = await this.openSession(sessionId);
    const bounds = partBounds(session, partNumber);
    const left = Math.floor((session.expiresAt.getTime() - this.now().getTime()) / 1000);
    const expiresIn = Math.max(1, Math.min(this.presignSeconds, left));
    const url = await getSignedUrl(
      this.client,
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.stagingKey(sessionId),
        UploadId: session.uploadId,
        PartNumber: partNumber,
        ContentLength: bounds.size,
      }),
      // A signed length: the store itself refuses a part of any other size.
      { expiresIn, signableHeaders: new Set(['content-length']) },
    );
    return {
      kind: 'url',
      partNumber,
      ...bounds,
      method: 'PUT',
      url,
      headers: { 'content-length': String(bounds.size) },
      expiresAt: new Date(this.now().getTime() + expiresIn * 1000),
    };
  }

  async putPart(
    _sessionId: string,
    _partNumber: number,
    _body: AsyncIterable<Uint8Array>,
  ): Promise<ReceivedPart> {
    throw new PreconditionFailedError(
      'this store takes parts at their presigned URL (see partTarget), not through the server',
    );
  }

  private async s3Parts(session: StoredSession): Promise<Part[]> {
    const parts: Part[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListPartsCommand({
            Bucket: this.bucket,
            Key: this.stagingKey(session.id),
            UploadId: session.uploadId,
            PartNumberMarker: marker,
          }),
        );
        parts.push(...(page.Parts ?? []));
        marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
      } while (marker);
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError('upload session', session.id);
      throw error;
    }
    return parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
  }

  async listParts(sessionId: string): Promise<ReceivedPart[]> {
    const parts = await this.s3Parts(await this.readSession(sessionId));
    return parts.map((part) => ({ partNumber: part.PartNumber ?? 0, size: part.Size ?? 0 }));
  }

  async completeUpload(sessionId: string): Promise<CompletedUpload> {
    const session = await this.openSession(sessionId);
    if (session.size > this.maxBytes) {
      // The limit was lowered after this upload began.
      await this.abortUpload(sessionId);
      throw InvalidInputError.field('size', sizeLimitMessage(session.size, this.maxBytes));
    }
    const parts = await this.s3Parts(session);
    assertAllParts(
      session,
      parts.map((part) => ({ partNumber: part.PartNumber ?? 0, size: part.Size ?? 0 })),
    );
    const staging = this.stagingKey(sessionId);
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: staging,
          UploadId: session.uploadId,
          MultipartUpload: {
            Parts: parts.slice(0, session.partCount).map(({ PartNumber, ETag }) => ({ PartNumber, ETag })),
          },
        }),
      );
    } catch (error) {
      // Another completion of this session got there first.
      if (isMissing(error)) throw new NotFoundError('upload session', sessionId);
      throw error;
    }
    try {
      const problem = mismatch(session, await hashObject(this.client, this.bucket, staging));
      if (problem) throw problem;
      const target = this.objectKey(session.digest);
      // Two sessions for the same digest may both copy: both verified the same bytes, so the
      // second copy rewrites the object with what it already holds.
      const deduplicated = (await this.stat(session.digest)) !== null;
      if (!deduplicated) {
        await copyObject(this.client, this.bucket, staging, target, session.size, this.copyLimits);
      }
      return { digest: session.digest, size: session.size, deduplicated };
    } finally {
      await this.removeSession(sessionId);
    }
  }

  private async removeSession(id: string, uploadId?: string): Promise<void> {
    if (uploadId) {
      await this.client
        .send(
          new AbortMultipartUploadCommand({
            Bucket: this.bucket,
            Key: this.stagingKey(id),
            UploadId: uploadId,
          }),
        )
        .catch((error) => {
          if (!isMissing(error)) throw error;
        });
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.stagingKey(id) }));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.sessionKey(id) }));
  }

  async abortUpload(sessionId: string): Promise<void> {
    const session = await this.readSession(sessionId).catch((error) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (session) await this.removeSession(sessionId, session.uploadId);
  }

  async cleanupExpiredUploads(now = this.now()): Promise<number> {
    const cutoff = now.getTime() - this.ttlSeconds * 1000;
    const keysById = new Map<string, { Key: string; modified: number }[]>();
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.uploadsPrefix(),
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const Key = object.Key ?? '';
        const id = Key.slice(this.uploadsPrefix().length).split('/')[0] ?? '';
        const keys = keysById.get(id) ?? [];
        keys.push({ Key, modified: object.LastModified?.getTime() ?? 0 });
        keysById.set(id, keys);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);

    let removed = 0;
    const live = new Set<string>();
    for (const [id, keys] of keysById) {
      if (keys.some((key) => key.Key.endsWith('/session.json'))) {
        const session = await this.readSession(id).catch(() => null);
        if (session && session.expiresAt.getTime() > now.getTime()) {
          live.add(id);
          continue;
        }
        await this.removeSession(id, session?.uploadId);
        removed++;
      } else {
        // A joined object whose completion died after its session was removed.
        for (const key of keys) {
          if (key.modified <= cutoff)
            await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key.Key }));
        }
      }
    }
    // Multipart uploads whose session was never written (begin failed half-way).
    const uploads = await this.client.send(
      new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.uploadsPrefix() }),
    );
    for (const upload of uploads.Uploads ?? []) {
      const id = (upload.Key ?? '').slice(this.uploadsPrefix().length).split('/')[0] ?? '';
      if (live.has(id) || (upload.Initiated?.getTime() ?? 0) > cutoff) continue;
      await this.client
        .send(
          new AbortMultipartUploadCommand({
            Bucket: this.bucket,
            Key: upload.Key,
            UploadId: upload.UploadId,
          }),
        )
        .catch((error) => {
          if (!isMissing(error)) throw error;
        });
    }
    return removed;
  }

  async stat(digest: string): Promise<ArtifactStat | null> {
    const parsed = parseDigest(digest);
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(parsed) }),
      );
      return { digest: parsed, size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async openRead(digest: string, range?: ByteRange): Promise<Readable> {
    const found = await this.stat(digest);
    if (!found) throw new NotFoundError('artifact', digest);
    const { start, end } = resolveRange(range, found.size);
    if (end < start) return Readable.from([]);
    const { Body } = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(found.digest),
        Range: `bytes=${start}-${end}`,
      }),
    );
    return Body as Readable;
  }

  async delete(digest: string): Promise<boolean> {
    if (!(await this.stat(digest))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(digest) }));
    return true;
  }
}
