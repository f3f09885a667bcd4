import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import type { ArtifactStore, CompletedUpload, UploadSession } from '../src';

/** What a client does with a part target: stream to the store, or PUT the presigned URL. */

const MIB = 1024 * 1024;

/**
 * Deterministic content of any length without holding it: chunk k (1 MiB) is a random block
 * with k written over its first bytes, so every offset can be produced again on its own.
 */
export class Content {
  private readonly block = randomBytes(MIB);
  constructor(readonly size: number) {}

  private chunk(k: number): Buffer {
    const chunk = Buffer.from(this.block);
    chunk.writeUInt32BE(k);
    return chunk;
  }

  async *range(offset: number, length: number): AsyncGenerator<Buffer> {
    let position = offset;
    const end = offset + length;
    while (position < end) {
      const k = Math.floor(position / MIB);
      const from = position - k * MIB;
      const to = Math.min(MIB, end - k * MIB);
      yield this.chunk(k).subarray(from, to);
      position = k * MIB + to;
    }
  }

  /** Small contents only: the whole thing in memory. */
  async bytes(offset = 0, length = this.size - offset): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.range(offset, length)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async digest(): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.range(0, this.size)) hash.update(chunk);
    return `sha256:${hash.digest('hex')}`;
  }
}

function put(url: string, headers: Record<string, string>, body: AsyncIterable<Buffer>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else
          reject(
            new Error(`PUT answered ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`),
          );
      });
    });
    req.on('error', reject);
    (async () => {
      let sent = 0;
      for await (const chunk of body) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      // Fewer bytes than announced: what a client that dies mid-part does to the connection.
      if (sent < Number(headers['content-length'])) throw new Error(`interrupted after ${sent} bytes`);
      req.end();
    })().catch((error) => req.destroy(error));
  });
}

/** Sends part N of `content` (or `body` instead, to send something else) where the store says. */
export async function sendPart(
  store: ArtifactStore,
  session: UploadSession,
  partNumber: number,
  content: Content,
  body?: AsyncIterable<Buffer>,
): Promise<void> {
  const target = await store.partTarget(session.id, partNumber);
  const bytes = body ?? content.range(target.offset, target.size);
  if (target.kind === 'server') {
    await store.putPart(session.id, partNumber, bytes);
  } else {
    await put(target.url, target.headers, bytes);
  }
}

export async function upload(
  store: ArtifactStore,
  content: Content,
  options: { partSize?: number; digest?: string } = {},
): Promise<CompletedUpload> {
  const session = await store.beginUpload({
    digest: options.digest ?? (await content.digest()),
    size: content.size,
    partSize: options.partSize,
  });
  for (let n = 1; n <= session.partCount; n++) await sendPart(store, session, n, content);
  return store.completeUpload(session.id);
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function* bytesOnce(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}
