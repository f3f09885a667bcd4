import { describe, expect, it } from 'vitest';
import { expiryIn, tokenStatus } from './token-status';

describe('token status', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('is revoked, expired or active', () => {
    expect(tokenStatus({ revokedAt: '2026-05-01T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z' }, now)).toBe(
      'revoked',
    );
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-05-31T00:00:00Z' }, now)).toBe('expired');
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-06-02T00:00:00Z' }, now)).toBe('active');
  });

  it('computes an expiry some days ahead', () => {
    expect(expiryIn(30, now)).toBe('2026-07-01T00:00:00.000Z');
  });
});
