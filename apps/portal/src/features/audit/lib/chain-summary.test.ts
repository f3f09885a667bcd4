import { describe, expect, it } from 'vitest';
import { chainSummary, shortHash } from './chain-summary';

const checkpoint = { seq: 1200, hash: 'a'.repeat(64), keyId: 'b'.repeat(64), signatureValid: true };

describe('chainSummary', () => {
  it('reports a verified chain with its last signed checkpoint', () => {
    expect(
      chainSummary({
        valid: true,
        checkedEntries: 1234,
        firstBrokenSeq: null,
        reason: null,
        lastCheckpoint: checkpoint,
      }),
    ).toBe('Chain verified: 1,234 entries, last signed checkpoint #1,200 valid');
  });

  it('says when nothing has been signed yet', () => {
    expect(
      chainSummary({
        valid: true,
        checkedEntries: 1,
        firstBrokenSeq: null,
        reason: null,
        lastCheckpoint: null,
      }),
    ).toBe('Chain verified: 1 entry, no signed checkpoint yet');
  });

  it('names the first broken entry and why', () => {
    expect(
      chainSummary({
        valid: false,
        checkedEntries: 56,
        firstBrokenSeq: 57,
        reason: 'the hash does not match the content',
        lastCheckpoint: checkpoint,
      }),
    ).toBe('Chain BROKEN at entry #57: the hash does not match the content');
  });

  it('reports a failure that no entry carries', () => {
    expect(
      chainSummary({
        valid: false,
        checkedEntries: 10,
        firstBrokenSeq: null,
        reason: 'a checkpoint has an invalid signature',
        lastCheckpoint: { ...checkpoint, signatureValid: false },
      }),
    ).toBe('Chain BROKEN: a checkpoint has an invalid signature');
  });
});

describe('shortHash', () => {
  it('keeps the first twelve hex digits', () => {
    expect(shortHash('0123456789abcdef'.repeat(4))).toBe('0123456789ab');
  });
});
