import { createHash, randomBytes } from 'node:crypto';
import type * as fs from 'node:fs';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBundle } from '../src/bundle';

/**
 * Under load, the import once ended with "an internal wait never ended": the folder for the
 * verified files was created only after the bundle's bytes had started to flow, and when the
 * first tar entry was parsed before that folder existed, no one was listening for it. These
 * mocks make that order certain: a bundle stream opened before `mkdtemp` is called holds
 * `mkdtemp` back until the stream has delivered its first bytes.
 */
const firstBytes = new Set<Promise<void>>();

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const createReadStream = ((...args: Parameters<typeof actual.createReadStream>) => {
    const stream = actual.createReadStream(...args);
    if (String(args[0]).endsWith('.tar')) {
      const arrived = new Promise<void>((resolve) => stream.once('data', () => resolve()));
      firstBytes.add(arrived);
      stream.once('close', () => firstBytes.delete(arrived));
    }
    return stream;
  }) as typeof actual.createReadStream;
  return { ...actual, default: { ...actual, createReadStream }, createReadStream };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  const mkdtemp = (async (prefix: string) => {
    await Promise.all([...firstBytes]);
    return actual.mkdtemp(prefix);
  }) as typeof actual.mkdtemp;
  return { ...actual, default: { ...actual, mkdtemp }, mkdtemp };
});

const files: [string, Buffer][] = [
  ['config/architecture.json', Buffer.from('{"layers": 6, "hidden": 128}\n')],
  ['labels.txt', Buffer.from('label\nlegit\nfraud\n')],
  ['weights/model.bin', randomBytes(3 * 1024 * 1024)],
];
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-sdk-bundle-'));
  bundle = path.join(dir, 'bundle.tar');
  const document = {
    format: 'cairn-bundle',
    formatVersion: 1,
    exportedAt: new Date(0).toISOString(),
    exportedBy: 'eli',
    source: {},
    version: { number: 1, hyperparameters: {}, manifest: '{}', manifestDigest: sha256(Buffer.from('{}')) },
    files: files.map(([file, bytes]) => ({
      path: file,
      sha256: sha256(bytes),
      size: bytes.length,
      entry: `files/${file}`,
    })),
  };
  const tar = pack();
  const written = finished(tar.pipe(createWriteStream(bundle)));
  tar.entry({ name: 'cairn-bundle.json' }, JSON.stringify(document));
  for (const [file, bytes] of files) tar.entry({ name: `files/${file}` }, bytes);
  tar.finalize();
  await written;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBundle', () => {
  it('hands over every file when the bundle is parsed before its temporary folder exists', async () => {
    const received: [string, string][] = [];
    // Before the fix this never settled: the test timed out, and the CLI reported its guard message.
    const document = await readBundle(bundle, {
      onFile: async (file, temp) => void received.push([file.path, sha256(readFileSync(temp))]),
    });
    expect(document.files.map((file) => file.path)).toEqual(files.map(([file]) => file));
    expect(received).toEqual(files.map(([file, bytes]) => [file, sha256(bytes)]));
  }, 10_000);
});
