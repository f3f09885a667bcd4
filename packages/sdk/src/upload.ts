import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CairnClient } from './client';
import { CairnError } from './errors';
import {
  ArtifactUploadStateDocument,
  BeginArtifactUploadDocument,
  CompleteArtifactUploadDocument,
  type PartTargetFragment,
} from './generated/graphql';
import { sha256File } from './hash';
import { withRetries } from './retry';
import { rawError, sendRaw } from './transport';

/** Remembers open upload sessions so a re-run resumes instead of starting over. */
export interface UploadStateStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, uploadId: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function memoryUploadStore(): UploadStateStore {
  const map = new Map<string, string>();
  return {
    get: async (key) => map.get(key),
    set: async (key, id) => void map.set(key, id),
    delete: async (key) => void map.delete(key),
  };
}

export interface UploadProgress {
  phase: 'hashing' | 'uploading' | 'completing';
  /** Bytes hashed or sent so far (parts received before a resume count as sent). */
  bytes: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** Bytes per part, 5 MiB to 5 GiB; the server's default (64 MiB) when unset. */
  partSize?: number;
  /** Parts in flight at once. */
  concurrency?: number;
  store?: UploadStateStore;
  signal?: AbortSignal;
  /** Called after each part is stored (tests interrupt an upload here). */
  onPartStored?: (partNumber: number) => void;
}

export interface UploadResult {
  sha256: string;
  size: number;
  /** The model already held these bytes: nothing was sent. */
  alreadyStored: boolean;
  uploadId?: string;
  partsSent: number;
  /** Parts the server had from an earlier, interrupted run. */
  partsResumed: number;
}

const PAGE = 100;

/**
 * Uploads one file's bytes to a model: hash (streaming), open or resume the upload session,
 * send the parts the server lacks with bounded concurrency, each from its own file stream, and
 * complete. The bytes are then the model's, ready for createModelVersion to name.
 */
export async function uploadFile(
  client: CairnClient,
  modelId: string,
  path: string,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const { size } = await stat(path);
  const report = options.onProgress ?? (() => {});
  let hashed = 0;
  const sha256 = await sha256File(path, (bytes) => {
    hashed += bytes;
    report({ phase: 'hashing', bytes: hashed, total: size });
  });
  const store = options.store ?? memoryUploadStore();
  const key = `${client.baseUrl.href} ${modelId} ${sha256} ${size} ${options.partSize ?? 'default'}`;

  let upload = await resumable(client, await store.get(key));
  if (!upload) {
    const begun = await client.execute(
      BeginArtifactUploadDocument,
      { input: { modelId, sha256, size, partSize: options.partSize }, count: PAGE },
      { idempotent: true, signal: options.signal },
    );
    if (begun.beginArtifactUpload.alreadyStored || !begun.beginArtifactUpload.upload) {
      report({ phase: 'completing', bytes: size, total: size });
      return { sha256, size, alreadyStored: true, partsSent: 0, partsResumed: 0 };
    }
    upload = begun.beginArtifactUpload.upload;
    await store.set(key, upload.id);
  }
  const received = new Set(upload.receivedParts);
  let sent = upload.parts.filter((p) => received.has(p.partNumber)).reduce((n, p) => n + p.size, 0);
  // Parts past the first page were not listed: count their share from the part size.
  for (const n of received) if (n > PAGE) sent += Math.min(upload.partSize, size - (n - 1) * upload.partSize);
  report({ phase: 'uploading', bytes: sent, total: size });

  let partsSent = 0;
  for (let from = 1; from <= upload.partCount; from += PAGE) {
    const targets =
      from === 1
        ? upload.parts
        : (await client.execute(ArtifactUploadStateDocument, { id: upload.id, from, count: PAGE }))
            .artifactUpload.parts;
    const missing = targets.filter((target) => !received.has(target.partNumber));
    await eachLimited(missing, options.concurrency ?? 4, async (target) => {
      let partBytes = 0;
      await sendPart(
        client,
        path,
        target,
        (bytes) => {
          partBytes += bytes;
          report({ phase: 'uploading', bytes: sent + partBytes, total: size });
        },
        options.signal,
      );
      sent += target.size;
      partsSent++;
      options.onPartStored?.(target.partNumber);
    });
  }
  report({ phase: 'completing', bytes: size, total: size });
  await client.execute(CompleteArtifactUploadDocument, { id: upload.id }, { signal: options.signal });
  await store.delete(key);
  return { sha256, size, alreadyStored: false, uploadId: upload.id, partsSent, partsResumed: received.size };
}

async function resumable(client: CairnClient, uploadId: string | undefined) {
  if (!uploadId) return undefined;
  try {
    return (await client.execute(ArtifactUploadStateDocument, { id: uploadId, from: 1, count: PAGE }))
      .artifactUpload;
  } catch (error) {
    // Completed, aborted or expired meanwhile: start a new session.
    if (error instanceof CairnError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** One part, from its own byte range of the file; a part is idempotent, so it is always retried. */
async function sendPart(
  client: CairnClient,
  path: string,
  target: PartTargetFragment,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  await withRetries(
    async () => {
      const url = new URL(target.url, client.baseUrl);
      // Before the stream opens: the 'data' listener starts it flowing, and chunks read while a
      // token provider fetches a new token would go to the counter only, never to the request.
      const headers = {
        ...(await client.authHeaders(url)),
        ...(target.headers as Record<string, string>),
        'content-type': 'application/octet-stream',
        'content-length': String(target.size),
      };
      // 1 MiB reads: a tenth of the chunks (and socket writes) of the 64 KiB default.
      const body = createReadStream(path, {
        start: target.offset,
        end: target.offset + target.size - 1,
        highWaterMark: 1 << 20,
      });
      let counted = 0;
      body.on('data', (chunk) => {
        counted += chunk.length;
        onBytes(chunk.length);
      });
      try {
        const response = await sendRaw({ method: target.method || 'PUT', url, headers, body, signal });
        if ((response.statusCode ?? 0) >= 300) throw await rawError(response);
        response.resume();
      } catch (error) {
        onBytes(-counted);
        throw error;
      }
    },
    client.retryPolicy,
    client.options.retryHooks,
  );
}

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length && failures.length === 0) {
      const item = items[next++]!;
      await work(item).catch((error) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
