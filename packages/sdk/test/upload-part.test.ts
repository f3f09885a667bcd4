import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient, type TokenProvider, uploadFile } from '../src';

const bytes = randomBytes(1024 * 1024 + 17);
const sha256 = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
let dir: string;
let file: string;
let server: ReturnType<typeof createServer>;
let url: string;
const received: number[] = [];

/** Just enough of the upload API for one part: begin, the part's PUT, complete. */
function answer(req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const reply = (data: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data }));
  };
  if (req.method === 'PUT') {
    received.push(body.length);
    return void res.writeHead(200).end();
  }
  const { query } = JSON.parse(body.toString('utf8')) as { query: string };
  if (query.includes('beginArtifactUpload'))
    return reply({
      beginArtifactUpload: {
        alreadyStored: false,
        upload: {
          id: 'u1',
          sha256,
          size: bytes.length,
          partSize: bytes.length,
          partCount: 1,
          receivedParts: [],
          parts: [
            { partNumber: 1, offset: 0, size: bytes.length, method: 'PUT', url: '/parts/1', headers: {} },
          ],
        },
      },
    });
  reply({ completeArtifactUpload: { sha256, size: bytes.length, deduplicated: false } });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-sdk-upload-'));
  file = path.join(dir, 'model.bin');
  writeFileSync(file, bytes);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('uploadFile', () => {
  it('sends every byte of a part when the token takes a while to arrive', async () => {
    // A client-credentials provider fetching a fresh token over the network, slower than opening
    // and reading the part. The part's file stream once opened first and its bytes went only to
    // the progress counter: the PUT promised them in content-length and the server kept waiting.
    const slowToken: TokenProvider = {
      token: () => new Promise((resolve) => setTimeout(() => resolve('t'), 200)),
      refreshable: false,
    };
    const client = new CairnClient({ apiUrl: url, auth: slowToken });
    const result = await uploadFile(client, 'm1', file);
    expect(result).toMatchObject({ sha256, size: bytes.length, partsSent: 1, alreadyStored: false });
    expect(received).toEqual([bytes.length]);
  }, 10_000);
});
