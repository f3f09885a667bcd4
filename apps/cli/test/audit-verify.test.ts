import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type AuditEntry,
  checkpointLine,
  checkpointMessage,
  entryLine,
  exportHeader,
  GENESIS_HASH,
  hashEntry,
  headerLine,
  publicKeyId,
} from '@cairn/audit-chain';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../src/exit-codes';
import { main } from '../src/main';

/** `cairn audit verify`, offline: nothing but the export file and, optionally, a trusted key. */
let dir: string;
let exportFile: string;
let publicKeyFile: string;
let otherKeyFile: string;

function writeExport(file: string, edit?: (lines: string[]) => void) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= 4; seq++) {
    const content = {
      seq,
      source: seq === 4 ? 'access-log' : 'registry',
      sourceId: String(seq),
      type: seq === 4 ? 'access-log.AccessRefused' : 'registry.ModelRegistered',
      subject: `Model:${seq}`,
      actor: 'user-engineer',
      occurredAt: new Date(Date.UTC(2027, 0, 1, 0, 0, seq)).toISOString(),
      payload: { name: `model-${seq}` },
      prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
    };
    entries.push({ ...content, hash: hashEntry(content) });
  }
  const head = { seq: 4, hash: entries[3]!.hash, at: '2027-01-01T01:00:00.000Z' };
  const checkpoint = {
    ...head,
    signature: sign('sha256', checkpointMessage(head), privateKey).toString('base64'),
    keyId: publicKeyId(publicKeyPem),
    publicKeyPem,
  };
  const lines = [
    headerLine(exportHeader({ from: 1, to: 4, anchor: GENESIS_HASH })),
    ...entries.map(entryLine),
    checkpointLine(checkpoint),
  ].map((l) => l.trimEnd());
  edit?.(lines);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return publicKeyPem;
}

let stdout: string[];
const cairn = (...args: string[]) => main(['node', 'cairn', ...args]);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-audit-cli-'));
  exportFile = path.join(dir, 'audit.jsonl');
  publicKeyFile = path.join(dir, 'key.pem');
  otherKeyFile = path.join(dir, 'other.pem');
  writeFileSync(publicKeyFile, writeExport(exportFile));
  writeFileSync(otherKeyFile, writeExport(path.join(dir, 'other.jsonl')));
});

afterEach(() => vi.restoreAllMocks());

function captureStdout() {
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
}

describe('cairn audit verify', () => {
  it('accepts an intact export, with the embedded key or the one the operator trusts', async () => {
    captureStdout();
    expect(await cairn('audit', 'verify', exportFile)).toBe(EXIT.ok);
    expect(stdout.join('')).toMatch(/chain verified: 4 entries, 1 of 1 checkpoint/);
    expect(await cairn('--json', 'audit', 'verify', exportFile, '--public-key', publicKeyFile)).toBe(EXIT.ok);
    expect(JSON.parse(stdout.at(-1)!)).toMatchObject({
      valid: true,
      checkedEntries: 4,
      firstBrokenSeq: null,
    });
  });

  it('rejects an export whose checkpoint was signed by another key than the trusted one', async () => {
    captureStdout();
    expect(await cairn('audit', 'verify', exportFile, '--public-key', otherKeyFile)).toBe(
      EXIT.auditChainBroken,
    );
    expect(stdout.join('')).toMatch(/invalid signature/);
  });

  it('rejects an export with an edited line and names the entry', async () => {
    const edited = path.join(dir, 'edited.jsonl');
    const lines = readFileSync(exportFile, 'utf8').trimEnd().split('\n');
    lines[3] = lines[3]!.replace('"model-3"', '"model-x"');
    writeFileSync(edited, `${lines.join('\n')}\n`);
    captureStdout();
    expect(await cairn('--json', 'audit', 'verify', edited)).toBe(EXIT.auditChainBroken);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('refuses a file that is not there', async () => {
    captureStdout();
    expect(await cairn('audit', 'verify', path.join(dir, 'missing.jsonl'))).toBe(EXIT.refusedInput);
  });
});
