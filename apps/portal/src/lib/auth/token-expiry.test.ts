import { describe, expect, it } from 'vitest';
import { needsRefresh, REFRESH_MARGIN_MS } from './token-expiry';

describe('needsRefresh', () => {
  const now = 1_700_000_000_000;

  it('keeps a token that lives longer than the margin', () => {
    expect(needsRefresh(now + REFRESH_MARGIN_MS + 1, now)).toBe(false);
  });

  it('refreshes a token inside the margin or already expired', () => {
    expect(needsRefresh(now + REFRESH_MARGIN_MS, now)).toBe(true);
    expect(needsRefresh(now - 1, now)).toBe(true);
  });

  it('refreshes a token without a known expiry', () => {
    expect(needsRefresh(undefined, now)).toBe(true);
  });
});
