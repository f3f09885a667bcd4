import { describe, expect, it } from 'vitest';
import { judgeSignatureTrust, strongestSignature, type TrustedKeyRecord } from './key-trust';

const KEY = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const at = (iso: string) => new Date(iso);

function key(overrides: Partial<TrustedKeyRecord> = {}): TrustedKeyRecord {
  return {
    key_id: KEY,
    team_slug: 'fraud',
    name: 'pipeline 2026',
    retired_at: null,
    replaced_by: null,
    revoked_effective_from: null,
    revocation_reason: null,
    ...overrides,
  };
}

const signed = (recordedAt: string, signer: 'registry' | 'team' = 'team') => ({
  keyId: KEY,
  signer,
  recordedAt: at(recordedAt),
});

describe('judgeSignatureTrust', () => {
  it('trusts a key registered for the team, and a platform key for any team', () => {
    expect(judgeSignatureTrust(signed('2026-05-01T00:00:00Z'), [key()], 'fraud')).toEqual({
      trusted: true,
      detail: 'key "pipeline 2026" (aaaaaaaaaaaaaaaa) is trusted for team "fraud"',
    });
    const platform = key({ team_slug: null });
    expect(judgeSignatureTrust(signed('2026-05-01T00:00:00Z'), [platform], 'search').trusted).toBe(true);
  });

  it('does not trust a key registered for another team, or not at all', () => {
    const judged = judgeSignatureTrust(
      signed('2026-05-01T00:00:00Z'),
      [key({ team_slug: 'search' })],
      'fraud',
    );
    expect(judged).toEqual({
      trusted: false,
      detail: 'key aaaaaaaaaaaaaaaa is not registered as trusted for team "fraud"',
    });
    expect(judgeSignatureTrust(signed('2026-05-01T00:00:00Z'), [], 'fraud').trusted).toBe(false);
  });

  it("trusts the registry's own unregistered key, until it is registered and revoked", () => {
    expect(judgeSignatureTrust(signed('2026-05-01T00:00:00Z', 'registry'), [], 'fraud').trusted).toBe(true);
    const revoked = key({
      team_slug: null,
      revoked_effective_from: at('2026-04-01T00:00:00Z'),
      revocation_reason: 'leaked',
    });
    expect(judgeSignatureTrust(signed('2026-05-01T00:00:00Z', 'registry'), [revoked], 'fraud').trusted).toBe(
      false,
    );
  });

  it('keeps what a rotated key signed before the rotation, and nothing after', () => {
    const rotated = key({ retired_at: at('2026-06-01T00:00:00Z'), replaced_by: OTHER });
    expect(judgeSignatureTrust(signed('2026-05-31T23:59:59Z'), [rotated], 'fraud').trusted).toBe(true);
    expect(judgeSignatureTrust(signed('2026-06-01T00:00:00Z'), [rotated], 'fraud')).toEqual({
      trusted: false,
      detail:
        'key "pipeline 2026" (aaaaaaaaaaaaaaaa) was rotated out at 2026-06-01T00:00:00.000Z (replaced by bbbbbbbbbbbbbbbb); this signature was recorded after, at 2026-06-01T00:00:00.000Z',
    });
  });

  it('refuses a revoked key from its effective time on, and only from then', () => {
    const revoked = key({
      revoked_effective_from: at('2026-06-01T00:00:00Z'),
      revocation_reason: 'laptop stolen',
    });
    expect(judgeSignatureTrust(signed('2026-05-31T23:59:59Z'), [revoked], 'fraud').trusted).toBe(true);
    const after = judgeSignatureTrust(signed('2026-06-01T00:00:00Z'), [revoked], 'fraud');
    expect(after.trusted).toBe(false);
    expect(after.detail).toContain('revoked for signatures from 2026-06-01T00:00:00.000Z on (laptop stolen)');
  });

  it('lets a revocation win over an earlier rotation', () => {
    const both = key({
      retired_at: at('2026-06-01T00:00:00Z'),
      replaced_by: OTHER,
      revoked_effective_from: at('2026-01-01T00:00:00Z'),
      revocation_reason: 'compromised before the rotation',
    });
    expect(judgeSignatureTrust(signed('2026-03-01T00:00:00Z'), [both], 'fraud').trusted).toBe(false);
  });
});

describe('strongestSignature', () => {
  it('prefers a trusted valid signature, then a valid one, then the first', () => {
    const untrusted = { id: 1, valid: true, trusted: false };
    const broken = { id: 2, valid: false, trusted: true };
    const good = { id: 3, valid: true, trusted: true };
    expect(strongestSignature([broken, untrusted, good])?.id).toBe(3);
    expect(strongestSignature([broken, untrusted])?.id).toBe(1);
    expect(strongestSignature([broken])?.id).toBe(2);
    expect(strongestSignature([])).toBeUndefined();
  });
});
