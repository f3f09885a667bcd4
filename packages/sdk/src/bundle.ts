import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import type { CairnClient } from './client';
import { CairnError, CLIENT_ERROR_CODES } from './errors';
import { ImportModelVersionDocument, type ImportModelVersionMutation } from './generated/graphql';
import { withRetries } from './retry';
import { rawError, sendRaw } from './transport';
import { type UploadOptions, type UploadResult, uploadFile } from './upload';

/** The bundle's first entry; `files/<path>` entries follow (README "Export and import"). */
export const BUNDLE_DOCUMENT_ENTRY = 'cairn-bundle.json';

export interface BundleFile {
  path: string;
  sha256: string;
  size: number;
  /** The tar entry holding the bytes, `files/<path>`. */
  entry: string;
}

/** The parts of `cairn-bundle.json` a client acts on; the registry's `CairnBundleDocument`. */
export interface BundleDocument {
  format: 'cairn-bundle';
  formatVersion: 1;
  exportedAt: string;
  exportedBy: string;
  source: {
    instance: string | null;
    versionId: string;
    modelId: string;
    team: string;
    model: string;
    version: number;
    manifestDigest: string;
  };
  version: {
    number: number;
    hyperparameters: Record<string, unknown>;
    manifest: string;
    manifestDigest: string;
  };
  files: BundleFile[];
}

const bad = (message: string, cause?: unknown) =>
  new CairnError(CLIENT_ERROR_CODES.badBundle, message, { cause });

function parseDocument(text: string, tarPath: string): BundleDocument {
  let document: BundleDocument;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw bad(`${tarPath}: ${BUNDLE_DOCUMENT_ENTRY} is not JSON`, error);
  }
  // A later format may lay bytes out differently; reading it as version 1 could import wrong files.
  if (document?.format !== 'cairn-bundle' || document.formatVersion !== 1 || !Array.isArray(document.files))
    throw bad(`${tarPath}: not a version 1 Cairn bundle document`);
  return document;
}

async function readText(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface ReadBundleOptions {
  /**
   * Receives each listed file, already checked against its digest and size, as a temporary file
   * that is deleted afterwards. Without it, entries are only hashed.
   */
  onFile?: (file: BundleFile, tempPath: string) => Promise<void>;
}

/**
 * Reads a bundle tar as a stream, one entry at a time (never the whole bundle in memory), and
 * checks it is complete: the document first, then every file it lists with the bytes it lists.
 * Entries it does not know (`lineage.json`, `metrics.json`) are skipped, as the format asks.
 */
export async function readBundle(tarPath: string, options: ReadBundleOptions = {}): Promise<BundleDocument> {
  const tempDir = options.onFile ? await mkdtemp(join(os.tmpdir(), 'cairn-bundle-')) : undefined;
  // No await may come between the first byte and the `for await` below: tar-stream's extract emits
  // each entry as an event, and only its async iterator listens. An entry parsed before the loop
  // starts is dropped, the extract waits for it to be consumed, the file stream waits for 'drain',
  // and the event loop empties with this promise pending (it once awaited mkdtemp here).
  const reader = extract();
  createReadStream(tarPath)
    .on('error', (error) => reader.destroy(error))
    .pipe(reader);
  let document: BundleDocument | undefined;
  let byEntry = new Map<string, BundleFile>();
  const seen = new Set<string>();
  try {
    for await (const entry of reader) {
      const name = entry.header.name;
      if (!document) {
        if (name !== BUNDLE_DOCUMENT_ENTRY)
          throw bad(
            `${tarPath} is not a Cairn bundle: its first entry is ${name}, not ${BUNDLE_DOCUMENT_ENTRY}`,
          );
        document = parseDocument(await readText(entry), tarPath);
        byEntry = new Map(document.files.map((file) => [file.entry, file]));
        continue;
      }
      const file = byEntry.get(name);
      if (!file || entry.header.type !== 'file') {
        for await (const _ of entry);
        continue;
      }
      if (seen.has(file.path)) throw bad(`${tarPath}: ${name} appears twice`);
      seen.add(file.path);
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      const temp = tempDir ? join(tempDir, String(seen.size)) : undefined;
      const sink = temp
        ? createWriteStream(temp, { mode: 0o600 })
        : new Writable({ write: (_chunk, _encoding, done) => done() });
      await pipeline(entry, tap, sink);
      const actual = `sha256:${hash.digest('hex')}`;
      if (actual !== file.sha256 || size !== file.size) {
        throw new CairnError(
          CLIENT_ERROR_CODES.digestMismatch,
          `${tarPath}: ${file.path} holds ${size} bytes with ${actual}; the bundle lists ${file.size} with ${file.sha256}`,
        );
      }
      if (temp) {
        await options.onFile!(file, temp);
        await rm(temp, { force: true });
      }
    }
  } catch (error) {
    reader.destroy();
    if (error instanceof CairnError) throw error;
    throw bad(`${tarPath} cannot be read as a tar (${(error as Error).message})`, error);
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
  if (!document) throw bad(`${tarPath} is empty`);
  const missing = document.files.filter((file) => !seen.has(file.path)).map((file) => file.path);
  if (missing.length) throw bad(`${tarPath} lacks ${missing.length} listed file(s): ${missing.join(', ')}`);
  return document;
}

export interface ExportResult {
  path: string;
  size: number;
  document: BundleDocument;
}

/**
 * Streams `GET /artifacts/versions/<id>/bundle` into a temporary file beside `dest` and renames
 * it into place only once `readBundle` found it complete: the server cuts the answer short on a
 * failure (it sends no content-length), so a finished transfer alone proves nothing.
 */
export async function exportBundle(
  client: CairnClient,
  versionId: string,
  dest: string,
  options: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
): Promise<ExportResult> {
  await mkdir(dirname(dest), { recursive: true });
  const url = client.url(`artifacts/versions/${encodeURIComponent(versionId)}/bundle`);
  return withRetries(
    async () => {
      const response = await sendRaw({
        method: 'GET',
        url,
        headers: await client.authHeaders(url),
        signal: options.signal,
      });
      if (response.statusCode !== 200) throw await rawError(response);
      const temp = join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.partial`);
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          options.onProgress?.(size);
          done(null, chunk);
        },
      });
      try {
        try {
          await pipeline(response, tap, createWriteStream(temp, { mode: 0o644 }));
        } catch (error) {
          throw new CairnError(
            CLIENT_ERROR_CODES.network,
            `bundle transfer failed (${(error as Error).message})`,
            {
              cause: error,
            },
          );
        }
        const document = await readBundle(temp);
        await rename(temp, dest);
        return { path: dest, size, document };
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    client.retryPolicy,
    client.options.retryHooks,
  );
}

export interface ImportBundleOptions
  extends Pick<UploadOptions, 'partSize' | 'store' | 'signal' | 'concurrency'> {
  /** The instance the bundle came from, used when its document does not name one (it never does yet). */
  instance: string;
  onFile?: (file: BundleFile, result: UploadResult) => void;
}

export interface ImportResult {
  version: ImportModelVersionMutation['importModelVersion'];
  document: BundleDocument;
  uploads: (UploadResult & { path: string })[];
}

/**
 * Imports a bundle into a model: each verified file goes through the ordinary upload flow from a
 * temporary file (bytes the model holds are not sent again; an interrupted run resumes with the
 * same `store`), then `importModelVersion` names the manifest, which the registry checks again.
 */
export async function importBundle(
  client: CairnClient,
  modelId: string,
  tarPath: string,
  options: ImportBundleOptions,
): Promise<ImportResult> {
  const uploads: ImportResult['uploads'] = [];
  const document = await readBundle(tarPath, {
    onFile: async (file, temp) => {
      const result = await uploadFile(client, modelId, temp, options);
      uploads.push({ path: file.path, ...result });
      options.onFile?.(file, result);
    },
  });
  const { importModelVersion } = await client.execute(ImportModelVersionDocument, {
    input: {
      modelId,
      bundleManifest: document.version.manifest,
      hyperparameters: document.version.hyperparameters,
      importedFrom: {
        instance: document.source.instance ?? options.instance,
        versionId: document.source.versionId,
        manifestDigest: document.source.manifestDigest,
        exportedAt: document.exportedAt,
      },
    },
  });
  return { version: importModelVersion, document, uploads };
}
