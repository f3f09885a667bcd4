import { z } from 'zod';
import {
  type AuditEntry,
  type ChainBreak,
  checkEntry,
  ENCODING_DESCRIPTION,
  GENESIS_HASH,
  HASH_ALGORITHM,
} from './chain';
import {
  type AuditCheckpoint,
  CHECKPOINT_MESSAGE_DESCRIPTION,
  verifyCheckpointSignature,
} from './checkpoint';

export const EXPORT_FORMAT = 'cairn-audit-export';
export const EXPORT_VERSION = 1;
export const EXPORT_CONTENT_TYPE = 'application/x-ndjson';

export interface ExportHeader {
  kind: 'header';
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  hashAlgorithm: typeof HASH_ALGORITHM;
  encoding: string;
  checkpointSignature: string;
  /** First and last seq in the file (null for an empty range). */
  from: number | null;
  to: number | null;
  /** The hash the first entry follows: GENESIS_HASH from seq 1, else the hash of entry `from - 1`. */
  anchor: string;
  exportedAt: string;
}

export function exportHeader(range: {
  from: number | null;
  to: number | null;
  anchor: string;
}): ExportHeader {
  return {
    kind: 'header',
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    hashAlgorithm: HASH_ALGORITHM,
    encoding: ENCODING_DESCRIPTION,
    checkpointSignature: CHECKPOINT_MESSAGE_DESCRIPTION,
    ...range,
    exportedAt: new Date().toISOString(),
  };
}

export const entryLine = (entry: AuditEntry) => `${JSON.stringify({ kind: 'entry', ...entry })}\n`;
export const checkpointLine = (checkpoint: AuditCheckpoint) =>
  `${JSON.stringify({ kind: 'checkpoint', ...checkpoint })}\n`;
export const headerLine = (header: ExportHeader) => `${JSON.stringify(header)}\n`;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const seq = z.number().int().positive();
const headerSchema = z.object({
  kind: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  hashAlgorithm: z.literal(HASH_ALGORITHM),
  anchor: hex64,
});
const entrySchema = z.object({
  kind: z.literal('entry'),
  seq,
  source: z.string(),
  sourceId: z.string(),
  type: z.string(),
  subject: z.string(),
  actor: z.string().nullable(),
  occurredAt: z.string(),
  payload: z.unknown(),
  prevHash: hex64,
  hash: hex64,
});
const checkpointSchema = z.object({
  kind: z.literal('checkpoint'),
  seq,
  hash: hex64,
  at: z.string(),
  signature: z.string(),
  keyId: z.string(),
  publicKeyPem: z.string(),
});

export interface CheckpointReport {
  seq: number;
  hash: string;
  keyId: string;
  signatureValid: boolean;
  /** Whether the entry at `seq` in the file has the signed hash; null when it is not in the file. */
  matchesEntry: boolean | null;
}

export interface ExportVerification {
  valid: boolean;
  checkedEntries: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  checkpoints: CheckpointReport[];
}

/**
 * Verifies an export offline, line by line: the header, every entry's hash and link, and every
 * checkpoint's signature (under `publicKeyPem` when given, else the key embedded with it) and
 * its agreement with the entry it names. Keeps only each entry's hash in memory.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { publicKeyPem?: string } = {},
): Promise<ExportVerification> {
  const hashes = new Map<number, string>();
  const checkpoints: CheckpointReport[] = [];
  let header: z.infer<typeof headerSchema> | null = null;
  let previous: { seq: number; hash: string } | null = null;
  let broken: ChainBreak | null = null;
  let problem: string | null = null;
  let lineNo = 0;
  for await (const text of lines) {
    lineNo += 1;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problem = `line ${lineNo} is not JSON`;
      break;
    }
    if (!header) {
      const parsed = headerSchema.safeParse(json);
      if (!parsed.success) {
        problem = `line ${lineNo} is not a ${EXPORT_FORMAT} version ${EXPORT_VERSION} header`;
        break;
      }
      header = parsed.data;
      continue;
    }
    const kind = (json as { kind?: unknown })?.kind;
    if (kind === 'entry') {
      const parsed = entrySchema.safeParse(json);
      if (!parsed.success) {
        problem = `line ${lineNo} is not a well-formed entry`;
        break;
      }
      const { kind: _, ...entry } = parsed.data;
      broken = checkEntry(entry, previous, header.anchor);
      if (broken) break;
      previous = { seq: entry.seq, hash: entry.hash };
      hashes.set(entry.seq, entry.hash);
    } else if (kind === 'checkpoint') {
      const parsed = checkpointSchema.safeParse(json);
      if (!parsed.success) {
        problem = `line ${lineNo} is not a well-formed checkpoint`;
        break;
      }
      const { kind: _, ...checkpoint } = parsed.data;
      const entryHash = hashes.get(checkpoint.seq);
      checkpoints.push({
        seq: checkpoint.seq,
        hash: checkpoint.hash,
        keyId: checkpoint.keyId,
        signatureValid: verifyCheckpointSignature(checkpoint, options.publicKeyPem),
        matchesEntry: entryHash === undefined ? null : entryHash === checkpoint.hash,
      });
    } else {
      problem = `line ${lineNo} has an unknown kind`;
      break;
    }
  }
  if (!header && !problem) problem = 'the file has no header';
  const badCheckpoint = checkpoints.find((c) => !c.signatureValid || c.matchesEntry === false);
  if (!problem && !broken && badCheckpoint) {
    problem = badCheckpoint.signatureValid
      ? `checkpoint at seq ${badCheckpoint.seq} signs another hash than the entry's`
      : `checkpoint at seq ${badCheckpoint.seq} has an invalid signature`;
  }
  return {
    valid: !broken && !problem,
    checkedEntries: hashes.size,
    firstBrokenSeq: broken?.seq ?? (problem ? (badCheckpoint?.seq ?? null) : null),
    reason: broken?.reason ?? problem,
    checkpoints,
  };
}

export { GENESIS_HASH };
