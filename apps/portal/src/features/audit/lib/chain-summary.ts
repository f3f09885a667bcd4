export interface ChainVerification {
  valid: boolean;
  checkedEntries: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  lastCheckpoint: { seq: number; hash: string; keyId: string; signatureValid: boolean } | null;
}

const count = new Intl.NumberFormat('en-US');

/** The banner's sentence for a verification, e.g. "Chain verified: 1,234 entries, …". */
export function chainSummary(result: ChainVerification): string {
  if (!result.valid) {
    const where = result.firstBrokenSeq == null ? '' : ` at entry #${count.format(result.firstBrokenSeq)}`;
    return `Chain BROKEN${where}: ${result.reason ?? 'no reason given'}`;
  }
  const entries = `${count.format(result.checkedEntries)} ${result.checkedEntries === 1 ? 'entry' : 'entries'}`;
  const checkpoint = result.lastCheckpoint;
  if (!checkpoint) return `Chain verified: ${entries}, no signed checkpoint yet`;
  const state = checkpoint.signatureValid ? 'valid' : 'INVALID';
  return `Chain verified: ${entries}, last signed checkpoint #${count.format(checkpoint.seq)} ${state}`;
}

/** The first characters of a 64-hex hash: enough to tell entries apart on screen. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
