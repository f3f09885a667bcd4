import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const HASH_ALGORITHM = 'sha256';

/** The `prevHash` of entry 1: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where an entry came from: one subgraph's event log, or the gateway's access log. */
export const AUDIT_SOURCES = ['registry', 'lineage', 'governance', 'metrics', 'access-log'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

/** What an entry's hash covers. `payload` is a JSON value; it is hashed in canonical form. */
export interface AuditEntryContent {
  seq: number;
  source: string;
  sourceId: string;
  type: string;
  subject: string;
  actor: string | null;
  /** ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
  occurredAt: string;
  payload: unknown;
  prevHash: string;
}

export interface AuditEntry extends AuditEntryContent {
  hash: string;
}

export const ENCODING_DESCRIPTION =
  'hash = lower-case hex SHA-256 of the UTF-8 bytes of the RFC 8785 (JCS) canonical JSON of ' +
  '{seq (decimal string), source, sourceId, type, subject, actor (string or null), occurredAt ' +
  '(ISO 8601 UTC with milliseconds), payload (JSON value), prevHash}; prevHash of seq 1 is 64 zeros';

/**
 * RFC 8785 JSON of a value. JCS admits only well-formed Unicode, and the canonicalize release in
 * use does not check, so a lone surrogate is refused here instead of hashing something that no
 * other JCS implementation would reproduce.
 */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new Error('value has no JSON form');
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(json)) {
    throw new Error('value holds a lone surrogate, which RFC 8785 does not admit');
  }
  return json;
}

/**
 * The bytes an entry's hash is taken over. `seq` is a string so that a verifier in any language
 * reads it without the float rounding JSON numbers invite past 2^53.
 */
export function entryHashInput(entry: AuditEntryContent): string {
  return canonicalJson({
    seq: String(entry.seq),
    source: entry.source,
    sourceId: entry.sourceId,
    type: entry.type,
    subject: entry.subject,
    actor: entry.actor,
    occurredAt: entry.occurredAt,
    payload: entry.payload,
    prevHash: entry.prevHash,
  });
}

export function hashEntry(entry: AuditEntryContent): string {
  return createHash(HASH_ALGORITHM).update(entryHashInput(entry), 'utf8').digest('hex');
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

export interface ChainVerification {
  checkedEntries: number;
  /** The first entry that does not hold, or null when every entry checked does. */
  broken: ChainBreak | null;
}

/**
 * Checks entries given in seq order: consecutive numbers, each `prevHash` the hash before it,
 * each hash recomputed from the content. `anchor` is the hash the first entry must follow
 * (GENESIS_HASH at seq 1; the stored hash of the entry before a slice). Stops at the first break.
 */
export function verifyEntries(entries: Iterable<AuditEntry>, anchor?: string): ChainVerification {
  let checked = 0;
  let previous: { seq: number; hash: string } | null = null;
  for (const entry of entries) {
    const broken = checkEntry(entry, previous, anchor);
    if (broken) return { checkedEntries: checked, broken };
    checked += 1;
    previous = { seq: entry.seq, hash: entry.hash };
  }
  return { checkedEntries: checked, broken: null };
}

/** One step of `verifyEntries`, for callers that stream entries instead of holding them. */
export function checkEntry(
  entry: AuditEntry,
  previous: { seq: number; hash: string } | null,
  anchor?: string,
): ChainBreak | null {
  const { seq } = entry;
  if (previous && seq !== previous.seq + 1) {
    return { seq, reason: `expected seq ${previous.seq + 1} after ${previous.seq}, found ${seq}` };
  }
  const expectedPrev = previous?.hash ?? (seq === 1 ? GENESIS_HASH : anchor);
  if (expectedPrev !== undefined && entry.prevHash !== expectedPrev) {
    return { seq, reason: `prevHash does not match the hash of entry ${seq - 1}` };
  }
  let recomputed: string;
  try {
    recomputed = hashEntry(entry);
  } catch (error) {
    return { seq, reason: `content cannot be encoded: ${(error as Error).message}` };
  }
  if (recomputed !== entry.hash) {
    return { seq, reason: 'hash does not match the content: the entry was changed after it was chained' };
  }
  return null;
}
