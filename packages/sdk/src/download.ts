import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CairnClient } from './client';
import { CairnError, CLIENT_ERROR_CODES } from './errors';
import { withRetries } from './retry';
import { encodeFilePath, rawError, sendRaw } from './transport';

export interface DownloadOptions {
  /** The `sha256:<hex>` the bytes must have; the response's ETag when unset. */
  digest?: string;
  onProgress?: (progress: { bytes: number; total: number }) => void;
  signal?: AbortSignal;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  size: number;
}

/**
 * Streams a version's file into a temporary file beside `dest`, hashing as it goes, and renames
 * it into place only when the digest matches: `dest` never holds unverified bytes.
 */
export async function downloadFile(
  client: CairnClient,
  versionId: string,
  filePath: string,
  dest: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  await mkdir(dirname(dest), { recursive: true });
  const url = client.url(
    `artifacts/versions/${encodeURIComponent(versionId)}/files/${encodeFilePath(filePath)}`,
  );
  return withRetries(
    async () => {
      const response = await sendRaw({
        method: 'GET',
        url,
        headers: await client.authHeaders(url),
        signal: options.signal,
      });
      if (response.statusCode !== 200) throw await rawError(response);
      const etag = String(response.headers.etag ?? '')
        .replace(/^W\//, '')
        .replace(/"/g, '');
      const expected = options.digest ?? etag;
      if (!expected.startsWith('sha256:')) {
        response.destroy();
        throw new CairnError(CLIENT_ERROR_CODES.badResponse, `no digest to verify ${filePath} against`);
      }
      const total = Number(response.headers['content-length'] ?? 0);
      const hash = createHash('sha256');
      let bytes = 0;
      const temp = join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.partial`);
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          bytes += chunk.length;
          options.onProgress?.({ bytes, total });
          done(null, chunk);
        },
      });
      try {
        await pipeline(response, tap, createWriteStream(temp, { mode: 0o644, highWaterMark: 1 << 20 }));
        if (total && bytes !== total) {
          throw new CairnError(
            CLIENT_ERROR_CODES.network,
            `${filePath} was cut short (${bytes} of ${total} bytes)`,
          );
        }
        const actual = `sha256:${hash.digest('hex')}`;
        if (actual !== expected) {
          throw new CairnError(
            CLIENT_ERROR_CODES.digestMismatch,
            `${filePath}: downloaded bytes have ${actual}, expected ${expected}`,
          );
        }
        await rename(temp, dest);
        return { path: dest, sha256: actual, size: bytes };
      } catch (error) {
        await rm(temp, { force: true });
        if (error instanceof CairnError) throw error;
        throw new CairnError(
          CLIENT_ERROR_CODES.network,
          `${filePath}: transfer failed (${(error as Error).message})`,
          {
            cause: error,
          },
        );
      }
    },
    client.retryPolicy,
    client.options.retryHooks,
  );
}
