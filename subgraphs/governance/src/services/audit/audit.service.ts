import {
  type AuditCheckpoint,
  type AuditEntry,
  checkEntry,
  checkpointLine,
  checkpointMessage,
  entryLine,
  exportHeader,
  GENESIS_HASH,
  headerLine,
  verifyCheckpointSignature,
} from '@cairn/audit-chain';
import { ForbiddenError, InvalidInputError, parseInput } from '@cairn/errors';
import { type Principal, readsEverything } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { type AuditRange, auditCheckpointsRules, auditLogQueryRules, auditRangeRules } from './audit-rules';
import {
  type AuditEntryRow,
  entryOf,
  hashAt,
  insertCheckpoint,
  selectAuditPage,
  selectAuditRange,
  selectCheckpoints,
  selectHead,
} from './audit-store';

/** What signs checkpoints: `@cairn/signing`'s `Signer`, reduced to what is used here. */
export interface CheckpointSigner {
  readonly keyId: string;
  publicKeyPem(): string;
  sign(bytes: Uint8Array): Promise<Buffer>;
}

export interface AuditPage {
  entries: { cursor: string; entry: AuditEntry; chainedAt: Date }[];
  hasNextPage: boolean;
}

export interface CheckpointCheck {
  seq: number;
  hash: string;
  keyId: string;
  signatureValid: boolean;
}

export interface AuditVerification {
  valid: boolean;
  checkedEntries: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  lastCheckpoint: CheckpointCheck | null;
}

const BATCH = 2000;

function assertAuditor(actor: Principal): void {
  if (!readsEverything(actor)) {
    throw new ForbiddenError('Only platform admins and auditors can read the audit log');
  }
}

const encodeCursor = (seq: number) => Buffer.from(`audit:${seq}`).toString('base64url');

function decodeCursor(after: string): number {
  const match = Buffer.from(after, 'base64url')
    .toString('utf8')
    .match(/^audit:(\d{1,15})$/);
  if (!match) throw new InvalidInputError([{ path: 'after', message: 'is not a cursor from this list' }]);
  return Number(match[1]);
}

/**
 * The audit chain as auditors see it: browse, verify (every hash and link recomputed, every
 * checkpoint signature checked) and export. Platform admins and auditors only.
 */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async page(actor: Principal, input: unknown): Promise<AuditPage> {
    assertAuditor(actor);
    const query = parseInput(auditLogQueryRules, input);
    const before = query.after ? decodeCursor(query.after) : null;
    const rows = await selectAuditPage(this.dataSource.manager, query, before);
    const page = rows.slice(0, query.first);
    return {
      entries: page.map((row) => ({
        cursor: encodeCursor(Number(row.seq)),
        entry: entryOf(row),
        chainedAt: row.chained_at,
      })),
      hasNextPage: rows.length > query.first,
    };
  }

  async checkpoints(actor: Principal, input: unknown): Promise<CheckpointCheck[]> {
    assertAuditor(actor);
    const { first } = parseInput(auditCheckpointsRules, input);
    const checkpoints = await selectCheckpoints(this.dataSource.manager, { first });
    return checkpoints.map(checkOf);
  }

  /** Recomputes the chain over `from`..`to` (seq, inclusive); stops at the first broken link. */
  async verify(actor: Principal, input: unknown): Promise<AuditVerification> {
    assertAuditor(actor);
    const range = parseInput(auditRangeRules, input);
    const manager = this.dataSource.manager;
    const from = range.from ?? 1;
    const to = range.to ?? (await selectHead(manager))?.seq ?? 0;
    const anchor = from === 1 ? GENESIS_HASH : ((await hashAt(manager, from - 1)) ?? undefined);
    const checkpoints = (await selectCheckpoints(manager, { from, to })).reverse();
    const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
    const forged = checkpoints.find((c) => !verifyCheckpointSignature(c));
    const lastCheckpoint = checkpoints.at(-1) ? checkOf(checkpoints.at(-1)!) : null;
    const result = (checkedEntries: number, firstBrokenSeq: number | null, reason: string | null) => ({
      valid: firstBrokenSeq === null && reason === null,
      checkedEntries,
      firstBrokenSeq,
      reason,
      lastCheckpoint,
    });

    let checked = 0;
    let previous: { seq: number; hash: string } | null = null;
    for (let next = from; next <= to; ) {
      const rows: AuditEntryRow[] = await selectAuditRange(manager, next, to, BATCH);
      if (rows.length === 0) break;
      for (const row of rows) {
        const entry = entryOf(row);
        const broken =
          previous === null && entry.seq !== from
            ? { seq: from, reason: `entry ${from} is missing` }
            : checkEntry(entry, previous, anchor);
        if (broken) return result(checked, broken.seq, broken.reason);
        const checkpoint = bySeq.get(entry.seq);
        if (checkpoint && checkpoint.hash !== entry.hash) {
          return result(
            checked,
            entry.seq,
            `the signed checkpoint at seq ${entry.seq} vouches for another hash`,
          );
        }
        checked += 1;
        previous = { seq: entry.seq, hash: entry.hash };
      }
      next = previous!.seq + 1;
    }
    if (checked < to - from + 1) {
      const missing = (previous?.seq ?? from - 1) + 1;
      return result(checked, missing, `entry ${missing} is missing`);
    }
    if (forged)
      return result(checked, forged.seq, `the checkpoint at seq ${forged.seq} has an invalid signature`);
    return result(checked, null, null);
  }

  /**
   * The export, line by line (JSON Lines, `docs/audit-export.md`): a header, entries
   * `from`..`to` in chain order, then the checkpoints within the range with their public keys.
   */
  async *exportLines(actor: Principal, input: unknown): AsyncGenerator<string> {
    assertAuditor(actor);
    const range: AuditRange = parseInput(auditRangeRules, input);
    const manager = this.dataSource.manager;
    const from = range.from ?? 1;
    const to = range.to ?? (await selectHead(manager))?.seq ?? 0;
    const anchor = from === 1 ? GENESIS_HASH : ((await hashAt(manager, from - 1)) ?? GENESIS_HASH);
    yield headerLine(exportHeader({ from: to >= from ? from : null, to: to >= from ? to : null, anchor }));
    for (let next = from; next <= to; ) {
      const rows = await selectAuditRange(manager, next, to, BATCH);
      if (rows.length === 0) break;
      for (const row of rows) yield entryLine(entryOf(row));
      next = Number(rows.at(-1)!.seq) + 1;
    }
    const checkpoints = (await selectCheckpoints(manager, { from, to })).reverse();
    for (const checkpoint of checkpoints) yield checkpointLine(checkpoint);
  }

  /** Signs the current head unless this key already signed it; the periodic checkpoint job. */
  async checkpoint(signer: CheckpointSigner): Promise<AuditCheckpoint | null> {
    const manager = this.dataSource.manager;
    const head = await selectHead(manager);
    if (!head) return null;
    const [latest] = await selectCheckpoints(manager, { first: 1 });
    if (latest && latest.seq === head.seq && latest.keyId === signer.keyId) return null;
    const at = new Date().toISOString();
    const signature = await signer.sign(checkpointMessage({ ...head, at }));
    const checkpoint: AuditCheckpoint = {
      ...head,
      at,
      signature: signature.toString('base64'),
      keyId: signer.keyId,
      publicKeyPem: signer.publicKeyPem(),
    };
    await insertCheckpoint(manager, checkpoint);
    return checkpoint;
  }
}

function checkOf(checkpoint: AuditCheckpoint): CheckpointCheck {
  return {
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    keyId: checkpoint.keyId,
    signatureValid: verifyCheckpointSignature(checkpoint),
  };
}
