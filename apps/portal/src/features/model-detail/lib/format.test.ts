import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMetric, shortenChecksum } from './format';

describe('shortenChecksum', () => {
  it('keeps the algorithm and both ends of a long digest', () => {
    const digest = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(shortenChecksum(`sha256:${digest}`)).toBe('sha256:9f86d081…b0f00a08');
  });

  it('leaves short values alone', () => {
    expect(shortenChecksum('md5:abc')).toBe('md5:abc');
  });
});

describe('formatMetric', () => {
  it('shows at most four decimals', () => {
    expect(formatMetric(0.912345)).toBe('0.9123');
    expect(formatMetric(12)).toBe('12');
  });
});

describe('formatDateTime', () => {
  it('formats in UTC and passes through what it cannot parse', () => {
    expect(formatDateTime('2026-03-03T14:05:00Z')).toBe('3 Mar 2026, 14:05 UTC');
    expect(formatDateTime('soon')).toBe('soon');
  });
});
