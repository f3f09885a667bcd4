import {
  type AuditCheckpoint,
  type AuditEntry,
  canonicalJson,
  GENESIS_HASH,
  hashEntry,
} from '@cairn/audit-chain';
import type { EntityManager } from 'typeorm';
import type { AuditLogQuery } from './audit-rules';

/** An entry before it is chained: the feed says what happened, the chain assigns seq and hashes. */
export interface AuditDraft {
  source: string;
  sourceId: string;
  type: string;
  subject: string;
  actor: string | null;
  occurredAt: Date;
  payload: object;
}

export interface AuditEntryRow {
  seq: string;
  source: string;
  source_id: string;
  type: string;
  subject: string;
  actor: string | null;
  occurred_at: Date;
  payload: string;
  prev_hash: string;
  hash: string;
  chained_at: Date;
}

interface CheckpointRow {
  seq: string;
  hash: string;
  signed_at: Date;
  signature: string;
  key_id: string;
  public_key_pem: string;
}

// `seq` is read as text (bigint), so every ORDER BY names the table's column, `e.seq`: a bare
// `seq` would sort the text output column, putting 9 after 10.
const ENTRY_COLUMNS =
  'seq::text AS seq, source, source_id, type, subject, actor, occurred_at, payload, prev_hash, hash, chained_at';
const CHECKPOINT_COLUMNS = 'seq::text AS seq, hash, signed_at, signature, key_id, public_key_pem';

export function entryOf(row: AuditEntryRow): AuditEntry {
  return {
    seq: Number(row.seq),
    source: row.source,
    sourceId: row.source_id,
    type: row.type,
    subject: row.subject,
    actor: row.actor,
    occurredAt: row.occurred_at.toISOString(),
    // Stored in canonical form: parsing and re-canonicalizing gives the same bytes back.
    payload: JSON.parse(row.payload) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function checkpointOf(row: CheckpointRow): AuditCheckpoint {
  return {
    seq: Number(row.seq),
    hash: row.hash,
    at: row.signed_at.toISOString(),
    signature: row.signature,
    keyId: row.key_id,
    publicKeyPem: row.public_key_pem,
  };
}

/**
 * Appends drafts to the one chain, in the caller's transaction. Every appender (the five feeds,
 * in as many transactions) first takes the same transaction-scoped advisory lock, so the head it
 * reads is the head it extends: the chain never forks, and seq has no gaps. The lock is the last
 * one an appender takes (after its cursor row) and is held to commit, so appenders queue behind
 * each other but cannot deadlock. Drafts already chained (a replayed event) are skipped.
 */
export async function appendToChain(manager: EntityManager, drafts: AuditDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  await manager.query(
    `/* lockAuditChain */ SELECT pg_advisory_xact_lock(hashtext('governance.audit_entry'))`,
  );
  const known = new Set<string>(
    (
      (await manager.query(
        `/* selectChainedSources */ SELECT source || ' ' || source_id AS key FROM governance.audit_entry
          WHERE (source, source_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [drafts.map((d) => d.source), drafts.map((d) => d.sourceId)],
      )) as { key: string }[]
    ).map((r) => r.key),
  );
  const fresh = drafts.filter((d) => {
    const key = `${d.source} ${d.sourceId}`;
    if (known.has(key)) return false;
    known.add(key);
    return true;
  });
  if (fresh.length === 0) return 0;
  const [head]: { seq: string; hash: string }[] = await manager.query(
    `/* selectAuditHead */ SELECT seq::text AS seq, hash FROM governance.audit_entry e ORDER BY e.seq DESC LIMIT 1`,
  );
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows = fresh.map((draft) => {
    seq += 1;
    const content = {
      seq,
      source: draft.source,
      sourceId: draft.sourceId,
      type: draft.type,
      subject: draft.subject,
      actor: draft.actor,
      occurredAt: draft.occurredAt.toISOString(),
      payload: draft.payload,
      prevHash,
    };
    const hash = hashEntry(content);
    prevHash = hash;
    return { ...content, payloadJson: canonicalJson(draft.payload), hash };
  });
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key]);
  await manager.query(
    `/* appendAuditEntries */ INSERT INTO governance.audit_entry
       (seq, source, source_id, type, subject, actor, occurred_at, payload, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                          $7::timestamptz[], $8::text[], $9::text[], $10::text[])`,
    [
      column('seq'),
      column('source'),
      column('sourceId'),
      column('type'),
      column('subject'),
      column('actor'),
      column('occurredAt'),
      column('payloadJson'),
      column('prevHash'),
      column('hash'),
    ],
  );
  return rows.length;
}

/** One page, newest first by seq; one row more than asked says whether another page follows. */
export function selectAuditPage(
  manager: EntityManager,
  query: AuditLogQuery,
  beforeSeq: number | null,
): Promise<AuditEntryRow[]> {
  return manager.query(
    `/* selectAuditPage */ SELECT ${ENTRY_COLUMNS} FROM governance.audit_entry e
      WHERE ($1::text IS NULL OR source = $1)
        AND ($2::text IS NULL OR type = $2)
        AND ($3::text IS NULL OR subject = $3)
        AND ($4::text IS NULL OR actor = $4)
        AND ($5::timestamptz IS NULL OR occurred_at >= $5)
        AND ($6::timestamptz IS NULL OR occurred_at < $6)
        AND ($7::bigint IS NULL OR seq < $7)
      ORDER BY e.seq DESC
      LIMIT $8`,
    [
      query.source ?? null,
      query.type ?? null,
      query.subject ?? null,
      query.actor ?? null,
      query.from ?? null,
      query.to ?? null,
      beforeSeq,
      query.first + 1,
    ],
  );
}

/** Entries `from`..`to` (inclusive) in chain order, at most `limit`. */
export function selectAuditRange(
  manager: EntityManager,
  from: number,
  to: number | null,
  limit: number,
): Promise<AuditEntryRow[]> {
  return manager.query(
    `/* selectAuditRange */ SELECT ${ENTRY_COLUMNS} FROM governance.audit_entry e
      WHERE e.seq >= $1 AND ($2::bigint IS NULL OR e.seq <= $2) ORDER BY e.seq LIMIT $3`,
    [from, to, limit],
  );
}

/** The stored hash of entry `seq`, which a slice starting after it must follow. */
export async function hashAt(manager: EntityManager, seq: number): Promise<string | null> {
  const [row]: { hash: string }[] = await manager.query(
    `/* selectAuditHashAt */ SELECT hash FROM governance.audit_entry WHERE seq = $1`,
    [seq],
  );
  return row?.hash ?? null;
}

export async function selectHead(manager: EntityManager): Promise<{ seq: number; hash: string } | null> {
  const [row]: { seq: string; hash: string }[] = await manager.query(
    `/* selectAuditChainHead */ SELECT seq::text AS seq, hash FROM governance.audit_entry e ORDER BY e.seq DESC LIMIT 1`,
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/** Checkpoints newest first, optionally only those within seq `from`..`to`. */
export async function selectCheckpoints(
  manager: EntityManager,
  options: { first?: number; from?: number | null; to?: number | null },
): Promise<AuditCheckpoint[]> {
  const rows: CheckpointRow[] = await manager.query(
    `/* selectAuditCheckpoints */ SELECT ${CHECKPOINT_COLUMNS} FROM governance.audit_checkpoint c
      WHERE ($1::bigint IS NULL OR c.seq >= $1) AND ($2::bigint IS NULL OR c.seq <= $2)
      ORDER BY c.seq DESC, c.id DESC LIMIT $3`,
    [options.from ?? null, options.to ?? null, options.first ?? 10_000],
  );
  return rows.map(checkpointOf);
}

export async function insertCheckpoint(manager: EntityManager, checkpoint: AuditCheckpoint): Promise<void> {
  await manager.query(
    `/* insertAuditCheckpoint */ INSERT INTO governance.audit_checkpoint
       (seq, hash, signed_at, signature, key_id, public_key_pem) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (seq, key_id) DO NOTHING`,
    [
      checkpoint.seq,
      checkpoint.hash,
      checkpoint.at,
      checkpoint.signature,
      checkpoint.keyId,
      checkpoint.publicKeyPem,
    ],
  );
}
