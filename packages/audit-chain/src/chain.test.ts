import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, GENESIS_HASH, hashEntry, verifyEntries } from './chain';
import {
  type AuditCheckpoint,
  checkpointMessage,
  publicKeyId,
  verifyCheckpointSignature,
} from './checkpoint';
import { checkpointLine, entryLine, exportHeader, headerLine, verifyExport } from './export-format';

function chain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      seq,
      source: 'registry',
      sourceId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      type: 'registry.ModelCreated',
      subject: `Model:${seq}`,
      actor: seq % 2 ? 'user-a' : null,
      occurredAt: new Date(Date.UTC(2027, 0, 1, 0, 0, seq)).toISOString(),
      payload: { b: [1, 2.5, 'ü'], a: { z: null, y: true } },
      prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
    };
    entries.push({ ...content, hash: hashEntry(content) });
  }
  return entries;
}

function signedCheckpoint(entry: AuditEntry): { checkpoint: AuditCheckpoint; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const head = { seq: entry.seq, hash: entry.hash, at: '2027-01-02T00:00:00.000Z' };
  const signature = sign('sha256', checkpointMessage(head), privateKey).toString('base64');
  return { checkpoint: { ...head, signature, keyId: publicKeyId(publicKeyPem), publicKeyPem }, publicKeyPem };
}

describe('the chain', () => {
  it('hashes the canonical form: key order in the payload does not matter', () => {
    const [entry] = chain(1);
    const reordered = { ...entry!, payload: { a: { y: true, z: null }, b: [1, 2.5, 'ü'] } };
    expect(hashEntry(reordered)).toBe(entry!.hash);
  });

  it('verifies an intact chain and reports the first changed entry', () => {
    const entries = chain(5);
    expect(verifyEntries(entries)).toEqual({ checkedEntries: 5, broken: null });
    entries[2] = { ...entries[2]!, payload: { changed: true } };
    expect(verifyEntries(entries).broken).toMatchObject({ seq: 3, reason: /changed after/ });
  });

  it('notices a removed entry and a rehashed entry whose successor no longer links', () => {
    const entries = chain(4);
    expect(verifyEntries([entries[0]!, entries[2]!]).broken).toMatchObject({ seq: 3 });
    const forged = { ...entries[1]!, actor: 'someone-else' };
    forged.hash = hashEntry(forged);
    expect(verifyEntries([entries[0]!, forged, entries[2]!]).broken).toMatchObject({
      seq: 3,
      reason: /prevHash/,
    });
  });

  it('verifies a slice from its anchor', () => {
    const entries = chain(4);
    expect(verifyEntries(entries.slice(2), entries[1]!.hash).broken).toBeNull();
    expect(verifyEntries(entries.slice(2), GENESIS_HASH).broken).toMatchObject({ seq: 3 });
  });
});

describe('checkpoints', () => {
  it('verify under their key and fail when forged or under another key', () => {
    const entries = chain(2);
    const { checkpoint } = signedCheckpoint(entries[1]!);
    expect(verifyCheckpointSignature(checkpoint)).toBe(true);
    expect(verifyCheckpointSignature({ ...checkpoint, seq: 1, hash: entries[0]!.hash })).toBe(false);
    const other = signedCheckpoint(entries[1]!);
    expect(verifyCheckpointSignature(checkpoint, other.publicKeyPem)).toBe(false);
    expect(verifyCheckpointSignature({ ...other.checkpoint, publicKeyPem: checkpoint.publicKeyPem })).toBe(
      false,
    );
  });
});

describe('an export', () => {
  const build = () => {
    const entries = chain(3);
    const { checkpoint, publicKeyPem } = signedCheckpoint(entries[2]!);
    const lines = [
      headerLine(exportHeader({ from: 1, to: 3, anchor: GENESIS_HASH })),
      ...entries.map(entryLine),
      checkpointLine(checkpoint),
    ].map((line) => line.trimEnd());
    return { lines, publicKeyPem };
  };

  it('verifies offline, with the embedded or a given key', async () => {
    const { lines, publicKeyPem } = build();
    expect(await verifyExport(lines)).toMatchObject({ valid: true, checkedEntries: 3, firstBrokenSeq: null });
    expect((await verifyExport(lines, { publicKeyPem })).valid).toBe(true);
    const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(await verifyExport(lines, { publicKeyPem: stranger })).toMatchObject({
      valid: false,
      reason: /invalid signature/,
    });
  });

  it('rejects an edited line, naming its seq', async () => {
    const { lines } = build();
    lines[2] = lines[2]!.replace('"user-a"', '"user-b"').replace('Model:2', 'Model:9');
    expect(await verifyExport(lines)).toMatchObject({ valid: false, firstBrokenSeq: 2 });
  });

  it('rejects a file that is not an export', async () => {
    expect(await verifyExport(['{"kind":"entry"}'])).toMatchObject({ valid: false, reason: /header/ });
  });
});
